//! The one error type of the bench: anything that stops a run before it has figures.

/// Why a benchmark run could not produce figures.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// Bad command line.
    #[error("{0}")]
    Usage(String),
    /// Filesystem or process trouble.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Importing the F1 data failed.
    #[error("F1 import: {0}")]
    Import(#[from] pitwall_f1data::ImportError),
    /// The benchmark configuration was refused by the config loader.
    #[error("config: {0}")]
    Config(#[from] pitwall_config::ConfigError),
    /// Building or asking the app failed.
    #[error("app: {0}")]
    App(#[from] pitwall_app::AppError),
    /// Opening the app-state store failed.
    #[error("store: {0}")]
    Store(#[from] pitwall_store::StoreError),
    /// Building the baseline LLM client failed.
    #[error("LLM client: {0}")]
    Llm(#[from] pitwall_llm::LlmError),
    /// A generated question was refused by validation (a bench bug).
    #[error("question: {0}")]
    Question(#[from] pitwall_app::QuestionError),
    /// The stand-in child process did not start or answer.
    #[error("stand-in: {0}")]
    Standin(String),
    /// The set-up does not measure what it claims (e.g. questions answered locally).
    #[error("sanity check failed: {0}")]
    Sanity(String),
    /// A background task panicked or was cancelled.
    #[error("background task failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

impl BenchError {
    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        BenchError::Io {
            context: context.into(),
            source,
        }
    }
}
