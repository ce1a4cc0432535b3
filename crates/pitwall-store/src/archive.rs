//! Retention storage: reading expired rows out (so the app can archive them
//! before they go), deleting them by key in bounded batches, folding the
//! usage ledger into daily aggregates and per-minute roll-ups into hourly
//! ones, and giving freed pages back to the file system.
//!
//! Every method does at most one bounded transaction per call; the caller
//! loops and yields between calls, so a large prune never holds the write
//! lock for long.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use crate::{RetentionCutoffs, StoreError};

/// Rows deleted (or folded) per transaction at most.
pub const MAX_BATCH: usize = 2_000;

/// A table whose old rows retention deletes (after archiving them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArchiveTable {
    /// Question history (per-plan retention).
    History,
    /// Raw usage-ledger rows (folded into `usage_daily` as they go).
    UsageLedger,
    /// Daily usage aggregates.
    UsageDaily,
    /// Resolved alerts (firing alerts are never pruned).
    Alerts,
    /// Security events.
    SecurityEvents,
    /// The admin audit log.
    AuditLog,
}

impl ArchiveTable {
    /// Every table, in the order retention visits them.
    pub const ALL: [ArchiveTable; 6] = [
        ArchiveTable::History,
        ArchiveTable::UsageLedger,
        ArchiveTable::UsageDaily,
        ArchiveTable::Alerts,
        ArchiveTable::SecurityEvents,
        ArchiveTable::AuditLog,
    ];

    /// The SQL table name (also the archive's directory name).
    pub fn name(self) -> &'static str {
        match self {
            ArchiveTable::History => "history",
            ArchiveTable::UsageLedger => "usage_ledger",
            ArchiveTable::UsageDaily => "usage_daily",
            ArchiveTable::Alerts => "alerts",
            ArchiveTable::SecurityEvents => "security_events",
            ArchiveTable::AuditLog => "audit_log",
        }
    }
}

/// Which rows of a table have expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expiry {
    /// Rows from before this time (for alerts: resolved before it).
    Before(DateTime<Utc>),
    /// History rows past their principal's plan cutoff.
    ByPlan(RetentionCutoffs),
}

/// One expired row, as retention archives it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpiredRow {
    /// Its key in the table (SQLite rowid): what `delete_rows` takes.
    pub key: i64,
    /// The UTC day it belongs to (its time column): the archive file it goes to.
    pub day: NaiveDate,
    /// Every column by name, as JSON.
    pub row: serde_json::Map<String, serde_json::Value>,
}

/// Retention's storage operations; every app store implements them.
#[async_trait]
pub trait ArchiveStore: Send + Sync {
    /// Up to `limit` (at most [`MAX_BATCH`]) expired rows of `table` with a
    /// key above `after`, in key order: page through with the last key.
    async fn expired_rows(
        &self,
        table: ArchiveTable,
        expiry: &Expiry,
        after: i64,
        limit: usize,
    ) -> Result<Vec<ExpiredRow>, StoreError>;
    /// How many rows of `table` have expired (for `--dry-run`).
    async fn count_expired(&self, table: ArchiveTable, expiry: &Expiry) -> Result<u64, StoreError>;
    /// Deletes the rows with these keys (at most [`MAX_BATCH`]) in one
    /// transaction; returns how many were still there.
    async fn delete_rows(&self, table: ArchiveTable, keys: &[i64]) -> Result<u64, StoreError>;
    /// Adds the raw ledger rows with these keys (at most [`MAX_BATCH`]) to
    /// their day's aggregate and deletes them, in one transaction, so a
    /// total over raw rows and aggregates never changes; returns rows folded.
    async fn fold_usage(&self, keys: &[i64]) -> Result<u64, StoreError>;
    /// Folds up to `limit` (at most [`MAX_BATCH`]) per-minute roll-up rows
    /// of minutes before `before` that are not an hour's start into the row
    /// of their hour (minute = the hour's start; counts, costs and latency
    /// buckets add up, `value` keeps the maximum), in one transaction;
    /// returns rows folded (0 when none are left).
    async fn compact_rollups(&self, before: DateTime<Utc>, limit: usize)
        -> Result<u64, StoreError>;
    /// Per-minute roll-up rows that `compact_rollups` would fold.
    async fn count_compactable(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Gives a bounded number of free pages (1 MiB on SQLite) back to the
    /// file system in one transaction (a no-op for a file without
    /// incremental vacuum); returns the free pages left.
    async fn reclaim_space(&self) -> Result<u64, StoreError>;
}

/// The UTC day of an RFC 3339 timestamp's text (its first ten characters).
pub fn day_of(ts: &str) -> Option<NaiveDate> {
    ts.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}
