//! Configuration: environment variables, an optional TOML file, secrets.
//!
//! Precedence: environment variable > TOML file (`PITWALL_CONFIG`) > default.
//! Secrets (`OPENAI_API_KEY`, `DATABASE_URL`, `REDIS_URL`,
//! `PITWALL_ALERT_WEBHOOK_URL`, `PITWALL_ADMIN_TOKEN`, `SENTRY_DSN`) come only from the
//! environment or from a file named by `<NAME>_FILE`, and are held as
//! [`SecretString`] so they never reach a log line through `Debug`.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PITWALL_CONFIG` | unset | optional TOML file with the non-secret settings |
//! | `PITWALL_BIND` | `127.0.0.1:8080` | listen address |
//! | `PITWALL_DATA_DIR` | `./data` | where the F1 and app-state databases live |
//! | `PITWALL_F1_DATA` | `../shared/f1data/ergast-csv` if present | Ergast CSV source for import |
//! | `PITWALL_LOG_FORMAT` | `text` | `text` or `json` |
//! | `PITWALL_SHUTDOWN_GRACE_SECS` | `30` | bounded wait for in-flight requests on shutdown |
//! | `PITWALL_HISTORY_RETENTION_DAYS` | `0` (keep) | age after which history rows are pruned |
//!
//! The LLM, budget, connection, access, metrics, error-tracking and backup
//! variables are documented in [`llm`], [`budget`], [`connections`],
//! [`access`], [`metrics`], [`errors`], [`backup`] and [`retention`]; the alert thresholds (TOML only)
//! in [`alerts`]; `PITWALL_MIGRATE` in [`migrate`].

pub mod access;
pub mod alerts;
pub mod backup;
pub mod budget;
pub mod connections;
mod env;
pub mod errors;
mod file;
pub mod llm;
pub mod metrics;
pub mod migrate;
pub mod plans;
pub mod retention;
mod server;

pub use access::AccessConfig;
pub use alerts::AlertsConfig;
pub use backup::BackupConfig;
pub use budget::BudgetConfig;
pub use connections::ConnectionConfig;
pub use env::Env;
pub use errors::ErrorTrackingConfig;
pub use file::FileConfig;
pub use llm::LlmConfig;
pub use metrics::MetricsConfig;
pub use migrate::MigrateConfig;
pub use plans::PlanLimits;
pub use retention::RetentionConfig;
pub use secrecy::{ExposeSecret, SecretString};
pub use server::{LogFormat, ServerConfig};

/// Everything pitwall reads at start-up.
#[derive(Debug)]
pub struct Config {
    /// Listener, files, logging.
    pub server: ServerConfig,
    /// The LLM upstream and its protections.
    pub llm: LlmConfig,
    /// Dollar caps.
    pub budget: BudgetConfig,
    /// Client connection timeouts and cap.
    pub connections: ConnectionConfig,
    /// Trusted proxies and the API-key pepper.
    pub access: AccessConfig,
    /// Whether and where `/metrics` is served.
    pub metrics: MetricsConfig,
    /// The built-in alert rules' thresholds.
    pub alerts: AlertsConfig,
    /// Plan limits by name (built-in plans, with the file's over them).
    pub plans: std::collections::BTreeMap<String, PlanLimits>,
    /// `DATABASE_URL`: PostgreSQL for the app state (unset: SQLite in the data dir).
    pub database_url: Option<SecretString>,
    /// `REDIS_URL`: shared limits, budgets and cache (unset: in-process).
    pub redis_url: Option<SecretString>,
    /// `PITWALL_ALERT_WEBHOOK_URL`: Slack-compatible webhook for alerts.
    pub alert_webhook_url: Option<SecretString>,
    /// `PITWALL_ADMIN_TOKEN`: bearer token for the admin endpoints (unset: admin endpoints only from loopback).
    pub admin_token: Option<SecretString>,
    /// `SENTRY_DSN` and what error events may carry.
    pub errors: ErrorTrackingConfig,
    /// Where backups go, how often `serve` takes one, what rotation keeps.
    pub backup: BackupConfig,
    /// How long each table's rows are kept, and the archive.
    pub retention: RetentionConfig,
    /// `PITWALL_MIGRATE`: whether opening the app database migrates it.
    pub migrate: MigrateConfig,
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable or file key has a value that does not parse.
    #[error("{name}: {reason}")]
    Invalid {
        /// The variable (or file key) name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The TOML file could not be read or parsed.
    #[error("config file {path}: {reason}")]
    File {
        /// The file path.
        path: String,
        /// What went wrong.
        reason: String,
    },
}

impl Config {
    /// Loads the configuration from the process environment.
    pub fn from_process_env() -> Result<Self, ConfigError> {
        Self::load(&Env::from_process())
    }

    /// Loads the configuration from an environment snapshot (and the TOML
    /// file it names, if any).
    pub fn load(env: &Env) -> Result<Self, ConfigError> {
        let file = match env.path("PITWALL_CONFIG") {
            Some(path) => FileConfig::load(&path)?,
            None => FileConfig::default(),
        };
        Ok(Self {
            server: ServerConfig::load(env, &file.server)?,
            llm: LlmConfig::load(env, &file.llm)?,
            budget: BudgetConfig::load(env, &file.budget)?,
            connections: ConnectionConfig::load(env, &file.server)?,
            access: AccessConfig::load(env, &file.server)?,
            metrics: MetricsConfig::load(env, &file.metrics)?,
            alerts: AlertsConfig::load(&file.alerts)?,
            plans: plans::load_plans(&file.plans)?,
            database_url: env.secret("DATABASE_URL")?,
            redis_url: env.secret("REDIS_URL")?,
            alert_webhook_url: env.secret("PITWALL_ALERT_WEBHOOK_URL")?,
            admin_token: env.secret("PITWALL_ADMIN_TOKEN")?,
            errors: ErrorTrackingConfig::load(env)?,
            backup: BackupConfig::load(env)?,
            retention: RetentionConfig::load(env)?,
            migrate: MigrateConfig::load(env)?,
        })
    }
}

#[cfg(test)]
mod tests;
