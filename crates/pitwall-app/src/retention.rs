//! History retention: each principal's history is kept for its plan's
//! `history_retention_days` (anonymous principals and the bootstrap/CLI
//! admins by the anonymous plan's), and never longer than
//! `PITWALL_HISTORY_RETENTION_DAYS` when that is set (the operator's
//! server-wide ceiling); 0 days on a plan means the server's setting.
//! Old rows are deleted shortly after start-up and then hourly, with every
//! other table's (see `retention_run` and docs/retention.md).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use pitwall_store::RetentionCutoffs;

use crate::principal::PlanName;
use crate::{App, AppError};

/// How often the pruning job runs.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Seconds in a day, for plan retention in days.
const DAY_SECS: u64 = 86_400;

impl App {
    /// Deletes history older than each principal's retention; returns how many rows went.
    pub async fn prune_history(&self) -> Result<u64, AppError> {
        let cutoffs = self.retention_cutoffs(Utc::now());
        let removed = self.store.prune_history_by_plan(&cutoffs).await?;
        if removed > 0 {
            tracing::info!(removed, "pruned old history");
        }
        Ok(removed)
    }

    /// Deletes security events older than `PITWALL_SECURITY_RETENTION_DAYS`
    /// (without archiving them); returns how many.
    pub async fn prune_security_events(&self) -> Result<u64, AppError> {
        let days = i64::from(self.config.retention.security_days);
        let cutoff = Utc::now() - chrono::Duration::days(days);
        Ok(self.store.prune_security_events(cutoff).await?)
    }

    /// Each plan's cutoff at `now` (read from the live plan table, so a
    /// plan change applies on the next run); users on a plan that no
    /// longer exists get the anonymous plan's, as their limits do.
    pub(crate) fn retention_cutoffs(&self, now: DateTime<Utc>) -> RetentionCutoffs {
        let global = self.config.server.history_retention;
        let cutoff = |days: u32| {
            let plan = (days > 0).then(|| Duration::from_secs(u64::from(days) * DAY_SECS));
            let keep = match (plan, global) {
                (Some(p), Some(g)) => Some(p.min(g)),
                (p, g) => p.or(g),
            }?;
            let keep = chrono::Duration::from_std(keep).ok()?;
            // A retention longer than the calendar can express keeps everything.
            now.checked_sub_signed(keep)
        };
        let by_plan = self
            .plans
            .all()
            .iter()
            .map(|p| (p.name.clone(), cutoff(p.limits.history_retention_days)))
            .collect();
        let anonymous = self.plan_limits(&PlanName::anonymous());
        RetentionCutoffs {
            by_plan,
            other: cutoff(anonymous.history_retention_days),
        }
    }

    /// Starts the retention job: a run at start-up, then about hourly.
    /// Each wait is jittered (up to [`JITTER_SECS`]), so replicas sharing
    /// a database do not all prune at once.
    pub fn spawn_retention(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let app = Arc::clone(self);
        tokio::spawn(async move {
            let mut wait = Duration::ZERO;
            loop {
                tokio::time::sleep(wait).await;
                if let Err(e) = app.run_retention(false).await {
                    tracing::warn!(error = %e, "retention run failed; will retry");
                }
                wait = PRUNE_EVERY + Duration::from_secs(jitter_secs());
            }
        })
    }
}

/// Upper bound of the random delay added to each wait.
pub const JITTER_SECS: u64 = 300;

/// A random delay in `0..JITTER_SECS` seconds (0 if no randomness).
fn jitter_secs() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes) % JITTER_SECS,
        Err(_) => 0,
    }
}
