//! The sync's one error type.

use std::path::PathBuf;

/// Everything that can stop a sync. Each message says what was being done
/// and, for API failures, which URL.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// A setting (environment variable or argument) is invalid.
    #[error("invalid sync setting: {0}")]
    Config(String),
    /// The API kept failing (5xx, timeouts, throttling) after every retry.
    #[error("{url}: {reason} (after {attempts} attempts)")]
    Upstream {
        /// The URL requested.
        url: String,
        /// The last failure.
        reason: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The circuit breaker is open after repeated failures: the sync stops
    /// instead of adding load to an API that is down.
    #[error("circuit breaker open after {failures} consecutive failures; last: {last}")]
    BreakerOpen {
        /// Consecutive failed attempts.
        failures: u32,
        /// The last failure.
        last: String,
    },
    /// The hourly request budget is spent: the sync stops and resumes later
    /// rather than burst.
    #[error("request budget spent ({limit} per hour); resume after {resume_after_secs} s")]
    BudgetSpent {
        /// The hourly limit in force.
        limit: usize,
        /// Seconds until a request fits again.
        resume_after_secs: u64,
    },
    /// The API answered JSON that is not in the expected shape (schema
    /// drift, a truncated body, a round other than the one asked for).
    #[error("{url}: unexpected response: {reason}")]
    BadResponse {
        /// The URL requested.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// The merged data failed validation; the served data is unchanged.
    #[error("validation failed, served data unchanged: {}", problems.join("; "))]
    Validation {
        /// Every problem found.
        problems: Vec<String>,
    },
    /// The F1 database could not be read, built or swapped.
    #[error(transparent)]
    Data(#[from] pitwall_f1data::F1DataError),
    /// SQLite failed while merging.
    #[error("{context}: {source}")]
    Sqlite {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: rusqlite::Error,
    },
    /// A state or cache file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl SyncError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SyncError::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn sqlite(context: impl Into<String>, source: rusqlite::Error) -> Self {
        SyncError::Sqlite {
            context: context.into(),
            source,
        }
    }
}
