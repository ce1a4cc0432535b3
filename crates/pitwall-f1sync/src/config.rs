//! Sync settings, read from the environment by [`SyncConfig::from_env`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::error::SyncError;
use crate::round::RoundRef;

/// The API's public base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.jolpi.ca/ergast/f1";

/// Everything a sync needs to know.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// `PITWALL_F1_API_URL`: base URL without a trailing slash.
    pub base_url: String,
    /// `PITWALL_F1_API_RPS`: requests in any one second (default 4).
    pub per_second: usize,
    /// `PITWALL_F1_API_RPH`: requests in any one hour (default 500).
    pub per_hour: usize,
    /// Sent as `User-Agent`, so the API's operators can tell who we are.
    pub user_agent: String,
    /// Per-request timeout (`PITWALL_F1_API_TIMEOUT_SECS`, default 20).
    pub timeout: Duration,
    /// Rows per page (`limit`): 100, the API's maximum, so a round's
    /// endpoint is one request; smaller only to exercise paging.
    pub page_size: usize,
    /// Retries per request after the first attempt (default 4).
    pub max_retries: usize,
    /// Consecutive failed attempts that open the circuit breaker (default 8).
    pub breaker_threshold: u32,
    /// The longest the limiter waits for a slot; beyond, the sync pauses
    /// with what it has (default 60 s).
    pub max_wait: Duration,
    /// Limiter state and response cache (`<data dir>/f1sync`).
    pub state_dir: PathBuf,
    /// Stop after this round (`--until`).
    pub until: Option<RoundRef>,
    /// Build and validate the next generation, but do not swap it in.
    pub dry_run: bool,
    /// The time the sync believes it is (`PITWALL_F1_SYNC_NOW`, RFC 3339;
    /// for tests and replays). `None`: the clock.
    pub now: Option<DateTime<Utc>>,
    /// How long after a race's start its results are looked for.
    pub results_delay: Duration,
    /// `PITWALL_ALERT_WEBHOOK_URL`: Slack-compatible webhook for a failed
    /// validation (the one the budget alerts use).
    pub alert_webhook: Option<String>,
}

impl SyncConfig {
    /// Defaults for a sync whose state lives under `data_dir`.
    pub fn new(data_dir: &Path) -> Self {
        SyncConfig {
            base_url: DEFAULT_BASE_URL.to_string(),
            per_second: 4,
            per_hour: 500,
            user_agent: format!(
                "pitwall/{} (F1 question answering; incremental sync, <=4 req/s, <=500 req/h)",
                env!("CARGO_PKG_VERSION")
            ),
            timeout: Duration::from_secs(20),
            page_size: 100,
            max_retries: 4,
            breaker_threshold: 8,
            max_wait: Duration::from_secs(60),
            state_dir: data_dir.join("f1sync"),
            until: None,
            dry_run: false,
            now: None,
            results_delay: Duration::from_secs(3 * 3600),
            alert_webhook: None,
        }
    }

    /// [`new`](Self::new) with the `PITWALL_F1_*` variables applied.
    pub fn from_env(data_dir: &Path) -> Result<Self, SyncError> {
        Self::from_lookup(data_dir, |name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env) over any variable source (for tests).
    pub fn from_lookup(
        data_dir: &Path,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SyncError> {
        let mut c = Self::new(data_dir);
        let number = |name: &str| -> Result<Option<u64>, SyncError> {
            var(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| {
                    v.trim().parse::<u64>().map_err(|_| {
                        SyncError::Config(format!("{name}={v:?} is not a whole number"))
                    })
                })
                .transpose()
        };
        if let Some(url) = var("PITWALL_F1_API_URL").filter(|v| !v.trim().is_empty()) {
            c.base_url = url.trim().trim_end_matches('/').to_string();
        }
        if let Some(n) = number("PITWALL_F1_API_RPS")? {
            c.per_second = usize::try_from(n).unwrap_or(usize::MAX);
        }
        if let Some(n) = number("PITWALL_F1_API_RPH")? {
            c.per_hour = usize::try_from(n).unwrap_or(usize::MAX);
        }
        if let Some(n) = number("PITWALL_F1_API_TIMEOUT_SECS")? {
            c.timeout = Duration::from_secs(n.max(1));
        }
        if let Some(n) = number("PITWALL_F1_API_MAX_WAIT_SECS")? {
            c.max_wait = Duration::from_secs(n);
        }
        if let Some(now) = var("PITWALL_F1_SYNC_NOW").filter(|v| !v.trim().is_empty()) {
            let t = DateTime::parse_from_rfc3339(now.trim())
                .map_err(|e| SyncError::Config(format!("PITWALL_F1_SYNC_NOW={now:?}: {e}")))?;
            c.now = Some(t.with_timezone(&Utc));
        }
        c.alert_webhook = var("PITWALL_ALERT_WEBHOOK_URL").filter(|v| !v.trim().is_empty());
        if c.per_second == 0 || c.per_hour == 0 {
            return Err(SyncError::Config(
                "PITWALL_F1_API_RPS and _RPH must be at least 1".into(),
            ));
        }
        Ok(c)
    }

    /// The time decisions are made at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}
