//! Built-in alert rules' thresholds: TOML `[alerts]` only (they are tuning,
//! not deployment settings). Defaults:
//!
//! | key | default | the rule fires when |
//! |---|---|---|
//! | `evaluate_secs` | `15` | (rules are evaluated this often, in process) |
//! | `window_secs` | `300` | (the traffic rules look at this much recent traffic) |
//! | `min_requests` | `20` | (a traffic rule needs at least this many requests in the window) |
//! | `error_rate_percent` | `1.0` | 5xx responses above this share of requests |
//! | `ask_p95_ms` | `500` | p95 latency of `POST /v1/ask` above this SLO |
//! | `fallback_rate_percent` | `20.0` | fallback answers above this share of answers |
//! | `db_max_bytes` | `2147483648` (2 GiB) | the app database file is larger |
//! | `db_growth_bytes_per_hour` | `268435456` (256 MiB) | it grew more than this in the last hour |
//! | `disk_free_percent` | `10.0` | free space on the data directory's file system is below this |
//!
//! Breaker open, load shedding, cost burn rate (last hour's spend × 720 over
//! the monthly cap) and budget thresholds have no threshold to tune.

use std::time::Duration;

use serde::Deserialize;

use crate::ConfigError;

/// `[alerts]` in the TOML file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsSection {
    /// Seconds between evaluations.
    pub evaluate_secs: Option<f64>,
    /// Seconds of traffic the rate and latency rules look at.
    pub window_secs: Option<f64>,
    /// Requests a traffic rule needs before it may fire.
    pub min_requests: Option<u64>,
    /// 5xx share, percent.
    pub error_rate_percent: Option<f64>,
    /// `/v1/ask` p95 SLO, milliseconds.
    pub ask_p95_ms: Option<f64>,
    /// Fallback share, percent.
    pub fallback_rate_percent: Option<f64>,
    /// App database size limit, bytes.
    pub db_max_bytes: Option<u64>,
    /// App database growth limit, bytes per hour.
    pub db_growth_bytes_per_hour: Option<u64>,
    /// Free disk floor, percent.
    pub disk_free_percent: Option<f64>,
}

/// The alert rules' thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlertsConfig {
    /// How often rules are evaluated.
    pub evaluate_every: Duration,
    /// How much recent traffic the traffic rules look at.
    pub window: Duration,
    /// Requests (or answers) a traffic rule needs before it may fire.
    pub min_requests: u64,
    /// 5xx share that fires, as a fraction (0.01).
    pub error_rate: f64,
    /// `/v1/ask` p95 SLO.
    pub ask_p95: Duration,
    /// Fallback share that fires, as a fraction.
    pub fallback_rate: f64,
    /// App database size that fires.
    pub db_max_bytes: u64,
    /// App database growth per hour that fires.
    pub db_growth_per_hour: u64,
    /// Free-disk fraction below which it fires.
    pub disk_free: f64,
}

impl AlertsConfig {
    /// Resolves the thresholds, refusing values that cannot mean anything.
    pub fn load(file: &AlertsSection) -> Result<Self, ConfigError> {
        let secs = |key: &str, v: Option<f64>, default: f64, max: f64| {
            let v = v.unwrap_or(default);
            if v.is_finite() && v > 0.0 && v <= max {
                Ok(Duration::from_secs_f64(v))
            } else {
                Err(invalid(
                    key,
                    format!("{v}: expected more than 0 and at most {max}"),
                ))
            }
        };
        let percent = |key: &str, v: Option<f64>, default: f64| {
            let v = v.unwrap_or(default);
            if v.is_finite() && (0.0..=100.0).contains(&v) {
                Ok(v / 100.0)
            } else {
                Err(invalid(key, format!("{v}: expected 0 to 100")))
            }
        };
        let evaluate_every = secs("alerts.evaluate_secs", file.evaluate_secs, 15.0, 3_600.0)?;
        let window = secs("alerts.window_secs", file.window_secs, 300.0, 86_400.0)?;
        Ok(Self {
            evaluate_every,
            window,
            min_requests: file.min_requests.unwrap_or(20),
            error_rate: percent("alerts.error_rate_percent", file.error_rate_percent, 1.0)?,
            ask_p95: secs(
                "alerts.ask_p95_ms",
                file.ask_p95_ms.map(|ms| ms / 1000.0),
                0.5,
                600.0,
            )?,
            fallback_rate: percent(
                "alerts.fallback_rate_percent",
                file.fallback_rate_percent,
                20.0,
            )?,
            db_max_bytes: file.db_max_bytes.unwrap_or(2 << 30),
            db_growth_per_hour: file.db_growth_bytes_per_hour.unwrap_or(256 << 20),
            disk_free: percent("alerts.disk_free_percent", file.disk_free_percent, 10.0)?,
        })
    }
}

fn invalid(key: &str, reason: String) -> ConfigError {
    ConfigError::Invalid {
        name: key.into(),
        reason,
    }
}
