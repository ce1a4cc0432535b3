//! Errors of the app layer. The HTTP layer maps each to a status and a
//! stable problem `code`.

/// What can go wrong answering or serving.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The question failed validation.
    #[error(transparent)]
    InvalidQuestion(#[from] crate::QuestionError),
    /// The F1 database is missing, unreadable, or its import failed.
    #[error("F1 data: {0}")]
    F1Data(pitwall_f1data::F1DataError),
    /// The local engine failed (a bug or a database error, not "could not answer").
    #[error("answer engine failed: {0}")]
    Engine(#[from] pitwall_engine::EngineError),
    /// The app-state database failed.
    #[error(transparent)]
    Store(#[from] pitwall_store::StoreError),
    /// Configuration is invalid.
    #[error(transparent)]
    Config(#[from] pitwall_config::ConfigError),
    /// The LLM path could not be set up (bad price table, URL, webhook).
    #[error("LLM set-up: {0}")]
    Llm(String),
    /// Too many questions in progress; the caller should retry shortly.
    #[error("too many questions in progress; try again shortly")]
    Overloaded,
    /// A history id that does not exist.
    #[error("no history entry with id {0}")]
    NotFound(uuid::Uuid),
    /// Filesystem trouble around the data directory.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A blocking task panicked or was cancelled.
    #[error("internal task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl From<pitwall_f1data::F1DataError> for AppError {
    /// Every read connection busy is load, not a broken database: it is
    /// shed like [`AppError::Overloaded`] (503 `overloaded`, retry shortly).
    fn from(e: pitwall_f1data::F1DataError) -> Self {
        match e {
            pitwall_f1data::F1DataError::Busy { .. } => {
                // Counted here, where a request is refused, not where the
                // pool says no: the readiness probe reads on a connection
                // of its own when the pool is full.
                pitwall_metrics::record::load_shed("f1_busy");
                AppError::Overloaded
            }
            e => AppError::F1Data(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_read_pool_is_overload_and_other_data_errors_are_not() {
        let busy = AppError::from(pitwall_f1data::F1DataError::Busy { max: 64 });
        assert!(matches!(busy, AppError::Overloaded), "{busy:?}");
        let gone = AppError::from(pitwall_f1data::F1DataError::Malformed("x".into()));
        assert!(matches!(gone, AppError::F1Data(_)), "{gone:?}");
    }
}
