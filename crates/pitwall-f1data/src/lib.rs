//! The F1 database: Ergast CSV import, atomic swap, read-only access.
//!
//! The schema (`schema.sql`) is one table per Ergast CSV file with the CSV
//! header's columns, so SQL written against the public Ergast dump works here.
//!
//! - [`import_dir`] loads a dump directory (found by [`find_source`]) into a
//!   new SQLite file and renames it over the destination.
//! - [`F1Db`] serves that file read-only and notices when it is replaced.

mod csv_reader;
mod db;
mod error;
pub mod import;
mod source;
pub mod table;

pub use db::{DataStatus, F1Db};
pub use error::{F1DataError, F1DbError, ImportError};
pub use import::{
    import_dir, ImportOptions, ImportProgress, ImportSummary, ProgressCallback, TableSummary,
};
pub use source::{find_source, required_files, DATA_DIR_ENV, DEFAULT_RELATIVE_DIR, TABLES};
pub use table::{query_table, sqlite_to_json, Table};

/// DDL of the F1 database.
pub const SCHEMA_SQL: &str = include_str!("schema.sql");
/// Indexes created after the bulk load.
pub const INDEXES_SQL: &str = include_str!("indexes.sql");
