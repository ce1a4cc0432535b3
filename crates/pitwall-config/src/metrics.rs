//! Metrics: whether `/metrics` is served, and where.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PITWALL_METRICS` | `true` | record metrics and serve `GET /metrics` (Prometheus text); `false` records nothing and `/metrics` is 404 |
//! | `PITWALL_METRICS_BIND` | unset | also serve `/metrics` on this address (e.g. `127.0.0.1:9464`), with no credential: bind it to a private interface |
//!
//! On the main port `/metrics` answers only loopback callers (no proxy in
//! between) and admin keys: metric labels name routes, plans and models,
//! which is more than a stranger needs to know.

use std::net::SocketAddr;

use crate::file::MetricsSection;
use crate::{ConfigError, Env};

/// Metrics settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricsConfig {
    /// Whether metrics are recorded and served.
    pub enabled: bool,
    /// A second listener for `/metrics` only, if set.
    pub bind: Option<SocketAddr>,
}

impl MetricsConfig {
    /// Resolves the metrics settings.
    pub fn load(env: &Env, file: &MetricsSection) -> Result<Self, ConfigError> {
        let enabled = env
            .flag("PITWALL_METRICS")?
            .or(file.enabled)
            .unwrap_or(true);
        let raw = env
            .get("PITWALL_METRICS_BIND")
            .map(str::to_string)
            .or_else(|| file.bind.clone())
            .filter(|s| !s.trim().is_empty());
        let bind = match raw {
            None => None,
            Some(raw) => Some(raw.trim().parse().map_err(|e: std::net::AddrParseError| {
                ConfigError::Invalid {
                    name: "PITWALL_METRICS_BIND".into(),
                    reason: format!("{raw:?}: {e}"),
                }
            })?),
        };
        Ok(Self { enabled, bind })
    }
}
