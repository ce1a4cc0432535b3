//! The sync loop `pitwall serve` runs when `PITWALL_F1_SYNC=on` (off by
//! default: the embedded default makes no network calls). It syncs at
//! start, then after each scheduled race plus the results delay, and with
//! backoff (30 min doubling to 6 h) while results are not out or the API
//! fails.

use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;

use crate::client::ApiClient;
use crate::config::SyncConfig;

/// `PITWALL_F1_SYNC`: whether serve runs the loop (`on`/`true`/`1`).
pub fn enabled_from_env() -> bool {
    std::env::var("PITWALL_F1_SYNC").is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "on" | "true" | "1" | "yes"
        )
    })
}

/// Spawns the loop on the current runtime; it runs until the process ends.
pub fn spawn(config: SyncConfig, db_path: PathBuf) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = match ApiClient::new(&config) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "F1 sync disabled: cannot build its client");
                return;
            }
        };
        let mut backoff = Duration::from_secs(1800);
        loop {
            let wait = match crate::sync::run(&config, &client, &db_path).await {
                Ok(report) => {
                    tracing::info!(
                        requests = report.requests,
                        merged = report.merged.len(),
                        swapped = report.swapped,
                        "F1 sync ran"
                    );
                    if report.waiting_for.is_some() || !report.partial.is_empty() {
                        backoff = (backoff * 2).min(Duration::from_secs(6 * 3600));
                        backoff
                    } else if let Some(s) = report.paused_for_secs {
                        Duration::from_secs(s + 5)
                    } else {
                        backoff = Duration::from_secs(1800);
                        // The race after the next session: results are looked
                        // for that long after it starts.
                        report
                            .next_session
                            .and_then(|t| (t - Utc::now()).to_std().ok())
                            .map(|d| d + config.results_delay)
                            .unwrap_or(Duration::from_secs(24 * 3600))
                            .max(Duration::from_secs(600))
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "F1 sync failed; served data unchanged");
                    backoff = (backoff * 2).min(Duration::from_secs(6 * 3600));
                    backoff
                }
            };
            tokio::time::sleep(wait).await;
        }
    })
}
