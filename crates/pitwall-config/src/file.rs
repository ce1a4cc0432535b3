//! The optional TOML configuration file (`PITWALL_CONFIG`).
//!
//! It holds only non-secret settings: unknown keys are rejected, so a key
//! pasted into the file (`api_key = ...`) fails loudly instead of being
//! silently ignored or, worse, committed and used.

use std::path::Path;

use serde::Deserialize;

use crate::ConfigError;

/// The file's shape; every field is optional and environment variables win.
/// Whole numbers are read as TOML's own integer type (`i64`) so that a
/// negative or too-large value reaches the range check, which names the key
/// and the valid range, instead of failing as a type mismatch.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// `[server]` section.
    #[serde(default)]
    pub server: ServerSection,
    /// `[llm]` section.
    #[serde(default)]
    pub llm: LlmSection,
    /// `[budget]` section.
    #[serde(default)]
    pub budget: BudgetSection,
    /// `[plans.<name>]` sections: plan limits over the built-in ones.
    #[serde(default)]
    pub plans: std::collections::BTreeMap<String, crate::PlanLimits>,
}

/// `[server]`: where to listen and keep files.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSection {
    /// Listen address.
    pub bind: Option<String>,
    /// Data directory.
    pub data_dir: Option<String>,
    /// Ergast CSV source directory.
    pub f1_data: Option<String>,
    /// `text` or `json`.
    pub log_format: Option<String>,
    /// Seconds to let in-flight requests finish on shutdown.
    pub shutdown_grace_secs: Option<i64>,
    /// Days of question history to keep (0 = forever).
    pub history_retention_days: Option<i64>,
    /// Questions answered at once before 503 `overloaded`.
    pub max_in_flight: Option<i64>,
    /// Seconds a connection has to send a request head (and may idle).
    pub header_timeout_secs: Option<i64>,
    /// Client connections served at once.
    pub max_connections: Option<i64>,
    /// Reverse proxies (CIDRs) whose forwarding headers are believed.
    pub trusted_proxies: Option<Vec<String>>,
}

/// `[llm]`: the upstream model and its protections.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSection {
    /// Chat Completions base URL.
    pub base_url: Option<String>,
    /// Model name.
    pub model: Option<String>,
    /// Whether the LLM path is enabled at start.
    pub enabled: Option<bool>,
    /// Price table file.
    pub prices: Option<String>,
    /// Max completion tokens per call.
    pub max_tokens: Option<i64>,
    /// Requests per minute allowed upstream.
    pub requests_per_minute: Option<i64>,
    /// Tokens per minute allowed upstream.
    pub tokens_per_minute: Option<i64>,
    /// Concurrent upstream calls.
    pub max_concurrency: Option<i64>,
    /// Questions allowed to wait for a slot.
    pub queue_size: Option<i64>,
    /// Milliseconds a question may wait for a slot.
    pub queue_wait_ms: Option<i64>,
    /// Total deadline per question in milliseconds.
    pub deadline_ms: Option<i64>,
}

/// `[budget]`: dollar caps.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetSection {
    /// Global daily cap in USD.
    pub daily_usd: Option<f64>,
    /// Global monthly cap in USD.
    pub monthly_usd: Option<f64>,
    /// Per-user daily cap in USD.
    pub user_daily_usd: Option<f64>,
}

impl FileConfig {
    /// Reads and parses the file at `path`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }
}
