//! The `pitwall` binary.
fn main() {}
