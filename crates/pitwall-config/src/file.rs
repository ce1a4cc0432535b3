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
    /// `[metrics]` section.
    #[serde(default)]
    pub metrics: MetricsSection,
    /// `[alerts]` section.
    #[serde(default)]
    pub alerts: crate::alerts::AlertsSection,
}

/// `[metrics]`: whether and where `/metrics` is served.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSection {
    /// Record and serve metrics.
    pub enabled: Option<bool>,
    /// A separate listen address for `/metrics`.
    pub bind: Option<String>,
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
        if let Some(kind) = secret_in(&text) {
            return Err(ConfigError::File {
                path: path.display().to_string(),
                reason: format!(
                    "it contains what looks like {kind}; secrets belong in the environment or a <NAME>_FILE, never in the config file"
                ),
            });
        }
        toml::from_str(&text).map_err(|e| ConfigError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }
}

/// What kind of secret the text seems to hold: a pitwall API key, an
/// OpenAI-style key, a bearer token or a URL with a password. Checked on the
/// raw text, so a secret is refused even in a comment or under a known key
/// (say, pasted into `base_url`), where `deny_unknown_fields` cannot see it.
fn secret_in(text: &str) -> Option<&'static str> {
    let words = text.split(|c: char| {
        !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '/' | '@' | '.'))
    });
    for word in words {
        let long_tail = |prefix: &str| {
            word.strip_prefix(prefix).is_some_and(|rest| {
                rest.len() >= 20
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            })
        };
        if long_tail("pw_") {
            return Some("a pitwall API key (pw_…)");
        }
        if long_tail("sk-") {
            return Some("an API key (sk-…)");
        }
        if let Some((scheme, rest)) = word.split_once("://") {
            let userinfo = rest
                .split('/')
                .next()
                .unwrap_or("")
                .rsplit_once('@')
                .map(|(u, _)| u);
            if !scheme.is_empty() && userinfo.is_some_and(|u| u.contains(':')) {
                return Some("a URL with a password");
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod secret_tests {
    use super::secret_in;

    #[test]
    fn startup_refuses_a_config_file_holding_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pitwall.toml");
        // Built at run time: no key-shaped literal is tracked by git.
        let tail = "x".repeat(32);
        std::fs::write(
            &path,
            format!("[llm]\nmodel = \"gpt-4o-mini\" # sk-{tail}\n"),
        )
        .unwrap();
        let env = crate::Env::from_pairs([("PITWALL_CONFIG", path.to_str().unwrap())]);
        let err = crate::Config::load(&env).unwrap_err().to_string();
        assert!(err.contains("secrets belong in the environment"), "{err}");
        assert!(!err.contains(&tail), "the secret is not echoed: {err}");
    }

    #[test]
    fn secrets_in_the_file_are_recognised_and_ordinary_settings_are_not() {
        let tail = "x".repeat(26);
        for text in [
            format!("# old key: pw_{tail}_{tail}"),
            format!("[llm]\nbase_url = \"sk-proj-{tail}\""),
            "[server]\ndata_dir = \"postgres://app:hunter2@db.internal/pitwall\"".to_string(),
        ] {
            assert!(secret_in(&text).is_some(), "{text}");
        }
        for text in [
            "[llm]\nmodel = \"gpt-4o-mini\"\nbase_url = \"https://api.openai.com/v1\"",
            "[server]\nbind = \"127.0.0.1:8080\"\ntrusted_proxies = [\"10.0.0.0/8\"]",
            "[plans.pro]\nrequests_per_minute = 600",
            "[llm]\nbase_url = \"http://user@proxy.local/v1\"",
        ] {
            assert_eq!(secret_in(text), None, "{text}");
        }
    }
}
