//! History retention: each principal's history is kept for its plan's
//! `history_retention_days` (anonymous principals and the bootstrap/CLI
//! admins by the anonymous plan's), and never longer than
//! `PITWALL_HISTORY_RETENTION_DAYS` when that is set (the operator's
//! server-wide ceiling); 0 days on a plan means the server's setting.
//! Old rows are deleted at start-up and then hourly, in bounded batches, so
//! the history table cannot grow without bound; security events older than
//! 400 days and roll-ups older than 35 days go in the same job.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use pitwall_store::{RetentionCutoffs, RollupSeries};

use crate::principal::PlanName;
use crate::{App, AppError};

/// How often the pruning job runs.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Seconds in a day, for plan retention in days.
const DAY_SECS: u64 = 86_400;

/// Security events are kept this long: the longest look-back an operator
/// can ask for (`since` is at most 400 days), so sampled events cannot
/// accumulate forever either.
const SECURITY_EVENT_DAYS: i64 = 400;

/// Per-minute roll-ups are kept this long: a month of daily and weekly
/// reports can be re-run, and the table stays bounded. Who asked
/// (principal rows) and what was declined (question text) are also never
/// kept longer than `PITWALL_HISTORY_RETENTION_DAYS`, when set: they must
/// not outlive the history they summarise.
pub const ROLLUP_DAYS: i64 = 35;

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

    /// Deletes security events older than anyone can ask about; returns how many.
    pub async fn prune_security_events(&self) -> Result<u64, AppError> {
        let cutoff = Utc::now() - chrono::Duration::days(SECURITY_EVENT_DAYS);
        Ok(self.store.prune_security_events(cutoff).await?)
    }

    /// Deletes roll-ups older than [`ROLLUP_DAYS`], and principal and
    /// declined rows older than the server's history retention; returns
    /// how many rows went.
    pub async fn prune_rollups(&self) -> Result<u64, AppError> {
        let now = Utc::now();
        let mut removed = self
            .store
            .prune_rollups(now - chrono::Duration::days(ROLLUP_DAYS), None)
            .await?;
        let history = self
            .config
            .server
            .history_retention
            .and_then(|keep| chrono::Duration::from_std(keep).ok())
            .and_then(|keep| now.checked_sub_signed(keep));
        if let Some(cutoff) = history {
            for series in [RollupSeries::Principal, RollupSeries::Declined] {
                removed += self.store.prune_rollups(cutoff, Some(series)).await?;
            }
        }
        Ok(removed)
    }

    /// Each plan's cutoff at `now` (read from the live plan table, so a
    /// plan change applies on the next run); users on a plan that no
    /// longer exists get the anonymous plan's, as their limits do.
    fn retention_cutoffs(&self, now: DateTime<Utc>) -> RetentionCutoffs {
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

    /// Starts the hourly pruning job (plans carry a retention, and admins
    /// may set one at run time, so it always runs).
    pub fn spawn_retention(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let app = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PRUNE_EVERY);
            loop {
                tick.tick().await;
                if let Err(e) = app.prune_history().await {
                    tracing::warn!(error = %e, "history pruning failed; will retry");
                }
                if let Err(e) = app.prune_security_events().await {
                    tracing::warn!(error = %e, "security event pruning failed; will retry");
                }
                if let Err(e) = app.prune_rollups().await {
                    tracing::warn!(error = %e, "roll-up pruning failed; will retry");
                }
            }
        })
    }
}
