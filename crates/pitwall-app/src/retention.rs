//! History retention: with `PITWALL_HISTORY_RETENTION_DAYS` set, rows older
//! than that are deleted at start-up and then hourly, so the history table
//! cannot grow without bound.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use crate::{App, AppError};

/// How often the pruning job runs.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

impl App {
    /// Deletes history older than the configured retention; returns how many rows went.
    pub async fn prune_history(&self) -> Result<u64, AppError> {
        let Some(retention) = self.config.server.history_retention else {
            return Ok(0);
        };
        let keep = chrono::Duration::from_std(retention).unwrap_or(chrono::Duration::MAX);
        // A retention longer than the calendar can express keeps everything.
        let Some(cutoff) = Utc::now().checked_sub_signed(keep) else {
            return Ok(0);
        };
        let removed = self.store.prune_history(cutoff).await?;
        if removed > 0 {
            tracing::info!(removed, %cutoff, "pruned old history");
        }
        Ok(removed)
    }

    /// Starts the hourly pruning job when a retention is configured.
    pub fn spawn_retention(self: &Arc<Self>) -> Option<tokio::task::JoinHandle<()>> {
        self.config.server.history_retention?;
        let app = Arc::clone(self);
        Some(tokio::spawn(async move {
            let mut tick = tokio::time::interval(PRUNE_EVERY);
            loop {
                tick.tick().await;
                if let Err(e) = app.prune_history().await {
                    tracing::warn!(error = %e, "history pruning failed; will retry");
                }
            }
        }))
    }
}
