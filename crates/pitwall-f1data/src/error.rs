//! The crate's one error type, shared by the import and the read-only handle.

use std::path::PathBuf;

/// Everything that can go wrong importing or reading the F1 database.
#[derive(Debug, thiserror::Error)]
pub enum F1DataError {
    /// No CSV dump was found; the message says what to download and where.
    #[error("{0}")]
    SourceNotFound(String),
    /// The dump directory lacks files every import needs.
    #[error("{}: missing required file(s): {}", dir.display(), files.join(", "))]
    MissingFiles {
        /// The directory searched.
        dir: PathBuf,
        /// The missing file names, e.g. `races.csv`.
        files: Vec<String>,
    },
    /// A CSV header lacks a column of its table.
    #[error("{}: header has no column {column:?} (table {table} needs it)", file.display())]
    MissingColumn {
        /// The CSV file.
        file: PathBuf,
        /// The schema column not found in the header.
        column: String,
        /// The table being loaded.
        table: String,
    },
    /// Strict mode: the first bad row or orphan, as `file:line: reason`.
    #[error("{0}")]
    Malformed(String),
    /// A file-system operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("{context}: {source}")]
    Sqlite {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// Every connection the read pool may have in use is in use: refused
    /// at once rather than opening one more (the caller sheds the request).
    #[error("all {max} F1 database connections are in use")]
    Busy {
        /// The cap ([`crate::F1Db::with_max_in_use`]).
        max: usize,
    },
    /// The database file to serve from does not exist.
    #[error("F1 database {} not found: run the import first", path.display())]
    DatabaseMissing {
        /// The expected database path.
        path: PathBuf,
    },
}

/// The error of [`crate::import_dir`] and [`crate::find_source`].
pub type ImportError = F1DataError;
/// The error of [`crate::F1Db`].
pub type F1DbError = F1DataError;

impl F1DataError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        F1DataError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn sqlite(context: impl Into<String>, source: rusqlite::Error) -> Self {
        F1DataError::Sqlite {
            context: context.into(),
            source,
        }
    }
}
