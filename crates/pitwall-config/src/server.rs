//! Server settings: `PITWALL_BIND`, `PITWALL_DATA_DIR`, `PITWALL_F1_DATA`,
//! `PITWALL_LOG_FORMAT`, `PITWALL_SHUTDOWN_GRACE_SECS`,
//! `PITWALL_HISTORY_RETENTION_DAYS`, `PITWALL_MAX_IN_FLIGHT`.
//!
//! Valid ranges (checked at load; out of range is an error naming the
//! variable and the range):
//!
//! | variable | range |
//! |---|---|
//! | `PITWALL_SHUTDOWN_GRACE_SECS` | 0 to 3600 |
//! | `PITWALL_HISTORY_RETENTION_DAYS` | 0 (keep) to 36500 |
//! | `PITWALL_MAX_IN_FLIGHT` | 1 to 1000000 |

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::env::Ranged;
use crate::file::ServerSection;
use crate::{ConfigError, Env};

/// An hour at most: a stuck request must not hold a deploy for longer.
const SHUTDOWN_GRACE_SECS: Ranged<u64> = Ranged {
    var: "PITWALL_SHUTDOWN_GRACE_SECS",
    key: Some("server.shutdown_grace_secs"),
    default: 30,
    min: 0,
    max: 3_600,
};

/// A century at most: any longer is "keep", which 0 already says.
const HISTORY_RETENTION_DAYS: Ranged<u32> = Ranged {
    var: "PITWALL_HISTORY_RETENTION_DAYS",
    key: Some("server.history_retention_days"),
    default: 0,
    min: 0,
    max: 36_500,
};

/// Far above what one process can answer, and far below the semaphore's
/// own limit (`Semaphore::MAX_PERMITS`, above which it panics).
const MAX_IN_FLIGHT: Ranged<usize> = Ranged {
    var: "PITWALL_MAX_IN_FLIGHT",
    key: Some("server.max_in_flight"),
    default: 4096,
    min: 1,
    max: 1_000_000,
};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log shippers.
    Json,
}

/// Listener, files and logging.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Directory holding `f1.sqlite` and `pitwall.sqlite`.
    pub data_dir: PathBuf,
    /// Explicit Ergast CSV directory, if configured.
    pub f1_source: Option<PathBuf>,
    /// Log output format.
    pub log_format: LogFormat,
    /// How long shutdown waits for in-flight requests.
    pub shutdown_grace: Duration,
    /// History rows older than this are pruned; `None` keeps everything.
    pub history_retention: Option<Duration>,
    /// Questions answered at once; beyond it a question is refused at once
    /// with 503 `overloaded` instead of queueing without bound.
    pub max_in_flight: usize,
}

impl ServerConfig {
    /// Resolves the server settings.
    pub fn load(env: &Env, file: &ServerSection) -> Result<Self, ConfigError> {
        let bind_raw = env
            .get("PITWALL_BIND")
            .map(str::to_string)
            .or_else(|| file.bind.clone())
            .unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let bind =
            bind_raw
                .parse()
                .map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                    name: "PITWALL_BIND".into(),
                    reason: format!("{bind_raw:?}: {e}"),
                })?;
        let log_raw = env
            .get("PITWALL_LOG_FORMAT")
            .map(str::to_string)
            .or_else(|| file.log_format.clone())
            .unwrap_or_else(|| "text".into());
        let log_format = match log_raw.to_ascii_lowercase().as_str() {
            "text" | "pretty" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::Invalid {
                    name: "PITWALL_LOG_FORMAT".into(),
                    reason: format!("{other:?}: expected text or json"),
                })
            }
        };
        let grace = env.ranged(&SHUTDOWN_GRACE_SECS, file.shutdown_grace_secs)?;
        let retention_days = env.ranged(&HISTORY_RETENTION_DAYS, file.history_retention_days)?;
        let max_in_flight = env.ranged(&MAX_IN_FLIGHT, file.max_in_flight)?;
        Ok(Self {
            max_in_flight,
            bind,
            data_dir: env
                .path("PITWALL_DATA_DIR")
                .or_else(|| file.data_dir.as_ref().map(PathBuf::from))
                .unwrap_or_else(|| PathBuf::from("./data")),
            f1_source: env
                .path("PITWALL_F1_DATA")
                .or_else(|| file.f1_data.as_ref().map(PathBuf::from)),
            log_format,
            shutdown_grace: Duration::from_secs(grace),
            history_retention: (retention_days > 0)
                .then(|| Duration::from_secs(u64::from(retention_days) * 86_400)),
        })
    }

    /// Path of the F1 database.
    pub fn f1_db_path(&self) -> PathBuf {
        self.data_dir.join("f1.sqlite")
    }

    /// Path of the embedded app-state database.
    pub fn app_db_path(&self) -> PathBuf {
        self.data_dir.join("pitwall.sqlite")
    }
}
