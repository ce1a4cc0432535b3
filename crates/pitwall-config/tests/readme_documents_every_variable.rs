//! The README's configuration table must name every environment variable the
//! config reads: operators and external tests rely on it, and it drifts
//! silently unless checked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

/// Every `"PITWALL_…"`/`"OPENAI_…"` string literal in the crate's sources.
fn variables_read() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let literal = &rest[..end];
            let is_var = (literal.starts_with("PITWALL_") || literal.starts_with("OPENAI_"))
                && literal
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if is_var {
                names.insert(literal.to_string());
            }
        }
    }
    names
}

#[test]
fn every_variable_the_config_reads_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let names = variables_read();
    assert!(names.len() > 15, "the scan found too few: {names:?}");
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !readme.contains(&format!("`{n}`")) && !readme.contains(&format!("`{n} ")))
        .collect();
    assert!(
        missing.is_empty(),
        "not documented in README.md: {missing:?}"
    );
}
