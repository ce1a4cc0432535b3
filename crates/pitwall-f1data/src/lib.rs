//! The F1 database: Ergast CSV import, atomic swap, read-only access.
//!
//! The schema (`schema.sql`) is one table per Ergast CSV file with the CSV
//! header's columns, so SQL written against the public Ergast dump works here.

pub mod table;

pub use table::{query_table, sqlite_to_json, Table};

/// DDL of the F1 database.
pub const SCHEMA_SQL: &str = include_str!("schema.sql");
/// Indexes created after the bulk load.
pub const INDEXES_SQL: &str = include_str!("indexes.sql");
