//! One retention run over every table: archive (when `PITWALL_ARCHIVE_DIR`
//! is set), then delete in batches of at most [`MAX_BATCH`] rows, one
//! transaction each, pausing between batches so answers' writes interleave
//! and a large prune never holds the write lock for long. The usage ledger
//! is folded into daily aggregates instead of deleted; per-minute roll-ups
//! into hourly rows. Freed pages are then given back in bounded steps.
//! `serve` runs it hourly (jittered); `pitwall retention run` on demand.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use pitwall_store::archive::MAX_BATCH;
use pitwall_store::{ArchiveTable, Expiry, RollupSeries};
use serde::Serialize;

use crate::{App, AppError};

/// Pause between two batches: the writer commits waiting answers meanwhile.
const BATCH_PAUSE: Duration = Duration::from_millis(5);

/// Incremental-vacuum steps per run at most (1 MiB each: 4 GiB a run).
const RECLAIM_STEPS: u32 = 4_096;

/// Rows buffered before they are archived and deleted (bounds memory).
const ARCHIVE_CHUNK: usize = 20 * MAX_BATCH;

/// What one run did to one table (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableRun {
    /// The table.
    pub table: &'static str,
    /// Rows deleted (or folded); in a dry run, rows expired.
    pub rows: u64,
    /// Rows written to the archive.
    pub archived: u64,
    /// Transactions that deleted rows.
    pub batches: u64,
    /// Rows in the largest transaction (never above 2,000).
    pub largest_batch: u64,
    /// Why this table's run stopped early, if it did. The other tables
    /// still run: one broken table (a full archive disk, a corrupt index)
    /// must not let every other table grow without bound. The counts above
    /// say what was done before the failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What one retention run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionRun {
    /// Nothing was changed: `tables` counts what would go.
    pub dry_run: bool,
    /// Per table.
    pub tables: Vec<TableRun>,
    /// Per-minute roll-up rows folded into hours (or foldable).
    pub rollups_compacted: u64,
    /// Roll-up rows deleted (hourly ones past retention, and principal and
    /// declined rows past the history retention).
    pub rollups_pruned: u64,
    /// Free pages left in the file afterwards (0 once given back).
    pub free_pages: u64,
}

impl RetentionRun {
    /// The tables whose run failed (each with its `error`).
    pub fn failed(&self) -> impl Iterator<Item = &TableRun> {
        self.tables.iter().filter(|t| t.error.is_some())
    }
}

fn days_before(now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    now - chrono::Duration::days(i64::from(days))
}

/// The start of `at`'s UTC day: the ledger is folded in whole days.
fn day_start(at: DateTime<Utc>) -> DateTime<Utc> {
    at.date_naive().and_time(NaiveTime::MIN).and_utc()
}

impl App {
    /// Each table's expiry at `now`, in the order a run visits them.
    fn expiries(&self, now: DateTime<Utc>) -> Vec<(ArchiveTable, Expiry)> {
        let r = &self.config.retention;
        vec![
            (
                ArchiveTable::History,
                Expiry::ByPlan(self.retention_cutoffs(now)),
            ),
            (
                ArchiveTable::UsageLedger,
                Expiry::Before(day_start(days_before(now, r.ledger_days))),
            ),
            (
                ArchiveTable::UsageDaily,
                Expiry::Before(days_before(now, r.ledger_daily_days)),
            ),
            (
                ArchiveTable::Alerts,
                Expiry::Before(days_before(now, r.alert_days)),
            ),
            (
                ArchiveTable::SecurityEvents,
                Expiry::Before(days_before(now, r.security_days)),
            ),
            (
                ArchiveTable::AuditLog,
                Expiry::Before(days_before(now, r.security_days)),
            ),
        ]
    }

    /// Runs retention once over every table; with `dry_run`, only counts.
    pub async fn run_retention(&self, dry_run: bool) -> Result<RetentionRun, AppError> {
        let now = Utc::now();
        let minute_cutoff = days_before(now, self.config.retention.rollup_minute_days);
        let mut run = RetentionRun {
            dry_run,
            ..RetentionRun::default()
        };
        for (table, expiry) in self.expiries(now) {
            let mut t = TableRun {
                table: table.name(),
                ..TableRun::default()
            };
            let outcome = if dry_run {
                self.store
                    .count_expired(table, &expiry)
                    .await
                    .map(|rows| t.rows = rows)
                    .map_err(AppError::from)
            } else {
                self.expire_table(table, &expiry, &mut t).await
            };
            if let Err(e) = outcome {
                tracing::warn!(table = table.name(), error = %e, "retention failed for a table; the others still run");
                t.error = Some(e.to_string());
            }
            run.tables.push(t);
        }
        if dry_run {
            run.rollups_compacted = self.store.count_compactable(minute_cutoff).await?;
            return Ok(run);
        }
        loop {
            let folded = self.store.compact_rollups(minute_cutoff, MAX_BATCH).await?;
            run.rollups_compacted += folded;
            if folded == 0 {
                break;
            }
            tokio::time::sleep(BATCH_PAUSE).await;
        }
        run.rollups_pruned = self.prune_rollups().await?;
        run.free_pages = self.reclaim_space().await?;
        let removed: u64 = run.tables.iter().map(|t| t.rows).sum();
        if removed > 0 || run.rollups_compacted > 0 {
            tracing::info!(
                removed,
                compacted = run.rollups_compacted,
                pruned_rollups = run.rollups_pruned,
                "retention run"
            );
        }
        Ok(run)
    }

    /// Archives (when configured) and deletes one table's expired rows,
    /// counting into `t` as it goes so a failure half-way still reports
    /// what was done.
    async fn expire_table(
        &self,
        table: ArchiveTable,
        expiry: &Expiry,
        t: &mut TableRun,
    ) -> Result<(), AppError> {
        let mut after = 0;
        loop {
            // Gather a chunk (pages of at most MAX_BATCH), archive it, delete it.
            let mut chunk = Vec::new();
            while chunk.len() < ARCHIVE_CHUNK {
                let page = self
                    .store
                    .expired_rows(table, expiry, after, MAX_BATCH)
                    .await?;
                let Some(last) = page.last() else { break };
                after = last.key;
                let full = page.len() == MAX_BATCH;
                chunk.extend(page);
                if !full || self.config.retention.archive_dir.is_none() {
                    break;
                }
            }
            if chunk.is_empty() {
                return Ok(());
            }
            if let Some(dir) = &self.config.retention.archive_dir {
                let (dir, rows) = (dir.clone(), chunk.clone());
                tokio::task::spawn_blocking(move || {
                    crate::archive::archive_rows(&dir, table, &rows)
                })
                .await??;
                t.archived += chunk.len() as u64;
            }
            let keys: Vec<i64> = chunk.iter().map(|r| r.key).collect();
            for batch in keys.chunks(MAX_BATCH) {
                let gone = match table {
                    ArchiveTable::UsageLedger => self.store.fold_usage(batch).await?,
                    _ => self.store.delete_rows(table, batch).await?,
                };
                t.rows += gone;
                t.batches += 1;
                t.largest_batch = t.largest_batch.max(batch.len() as u64);
                tokio::time::sleep(BATCH_PAUSE).await;
            }
        }
    }

    /// Deletes hourly roll-ups past `PITWALL_ROLLUP_RETENTION_DAYS`, and
    /// principal and declined rows older than the server's history
    /// retention (they must not outlive the history they summarise);
    /// returns how many rows went.
    pub async fn prune_rollups(&self) -> Result<u64, AppError> {
        let now = Utc::now();
        let keep = days_before(now, self.config.retention.rollup_days);
        let mut removed = self.store.prune_rollups(keep, None).await?;
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

    /// Gives free pages back in bounded steps; returns the free pages left.
    async fn reclaim_space(&self) -> Result<u64, AppError> {
        let mut free = 0;
        for _ in 0..RECLAIM_STEPS {
            let left = self.store.reclaim_space().await?;
            // A file without incremental vacuum keeps its free pages.
            if left == 0 || left == free {
                return Ok(left);
            }
            free = left;
            tokio::time::sleep(BATCH_PAUSE).await;
        }
        Ok(free)
    }
}
