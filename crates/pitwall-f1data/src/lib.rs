//! The F1 database: Ergast CSV import, atomic swap, read-only access.
//!
//! The schema (`schema.sql`) is one table per Ergast CSV file with the CSV
//! header's columns, so SQL written against the public Ergast dump works here.
//!
//! - [`import_dir`] loads a dump directory (found by [`find_source`]) into a
//!   new SQLite file and renames it over the destination.
//! - [`F1Db`] serves that file read-only and notices when it is replaced.
//!
//! Beside the Ergast tables the import builds derived aggregate tables
//! (`derived.sql`, [`DERIVED_TABLES`]): per driver and per constructor career,
//! season and circuit totals and each completed season's champions, rebuilt
//! with every import, so that no local answer aggregates a whole table.

mod csv_reader;
mod db;
mod error;
pub mod generation;
pub mod import;
mod source;
pub mod table;

pub use db::{DataStatus, F1Db, DEFAULT_MAX_IN_USE};
pub use error::{F1DataError, F1DbError, ImportError};
pub use generation::NextGeneration;
pub use import::{
    import_dir, ImportOptions, ImportProgress, ImportSummary, ProgressCallback, TableSummary,
};
pub use source::{find_source, required_files, DATA_DIR_ENV, DEFAULT_RELATIVE_DIR, TABLES};
pub use table::{query_table, sqlite_to_json, Table};

/// DDL of the F1 database.
pub const SCHEMA_SQL: &str = include_str!("schema.sql");
/// Indexes created after the bulk load.
pub const INDEXES_SQL: &str = include_str!("indexes.sql");
/// Derived aggregate tables (career, season and circuit totals, champions)
/// built by the import after the load, in the same transaction, so the local
/// engine's "most X" and career counts are index lookups instead of scans of
/// `results`. Not part of [`SCHEMA_SQL`]: the LLM path never sees them.
pub const DERIVED_SQL: &str = include_str!("derived.sql");
/// The format of a database this version of the import builds, stored in
/// its header (`PRAGMA user_version`): 2 = with the derived tables, 3 = with
/// `agg_driver_dates` and `agg_driver_runs` (first and last dates, and
/// runs, for the age and streak records). The
/// engine reads those tables, so a file of another format (built by an
/// older version) must be re-imported: see [`F1Db::is_current`].
pub const FORMAT_VERSION: i64 = 3;
/// The tables [`DERIVED_SQL`] creates.
pub const DERIVED_TABLES: [&str; 10] = [
    "agg_driver_career",
    "agg_driver_season",
    "agg_driver_circuit",
    "agg_constructor_career",
    "agg_constructor_season",
    "agg_constructor_circuit",
    "agg_driver_titles",
    "agg_constructor_titles",
    "agg_driver_dates",
    "agg_driver_runs",
];
