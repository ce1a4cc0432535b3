//! App-state storage behind one trait, one module per backend.
//!
//! The app state (question history now; users, keys, usage ledger, alerts and
//! audit log as later issues add them) lives in SQLite by default and in
//! PostgreSQL when `DATABASE_URL` is set. Each backend has its own migrations
//! under `migrations/<backend>/`, and the same behaviour tests run against
//! each (see `tests/`).

pub mod accounts;
pub mod archive;
pub mod backup;
pub mod conformance;
mod model;
pub mod retention;
pub mod rollup;
pub mod security;
pub mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

pub use accounts::{AccountStore, AuditRow, KeyRow, UserRow};
pub use archive::{ArchiveStore, ArchiveTable, ExpiredRow, Expiry};
pub use model::{
    id_floor, new_id, new_id_at, AlertRow, AlertState, HistoryEntry, HistoryPage, UsageRow,
};
pub use retention::RetentionCutoffs;
pub use rollup::{RollupRow, RollupSeries};
pub use security::{SecurityCount, SecurityEventRow};
pub use sqlite::migrate::Migrations;
pub use sqlite::schema::{SchemaRefusal, SchemaState, SchemaStatus};
pub use sqlite::SqliteStore;
pub use uuid::Uuid;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or answered with an error.
    #[error("app database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying migrations failed.
    #[error("app database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database's schema does not let this binary open it (too new, a
    /// failed migration, or migrations pending that it may not apply).
    #[error("{0}")]
    Schema(SchemaRefusal),
    /// The embedded writer could not apply or commit a write.
    #[error("app database write failed: {0}")]
    Write(String),
    /// A backup could not be written, read, verified or restored.
    #[error("backup: {0}")]
    Backup(String),
    /// A stored value could not be decoded.
    #[error("corrupt stored value in {field}: {reason}")]
    Corrupt {
        /// The column.
        field: &'static str,
        /// What was wrong.
        reason: String,
    },
}

/// The app-state store. One implementation per backend.
#[async_trait]
pub trait AppStore: AccountStore + ArchiveStore + Send + Sync + 'static {
    /// Cheap reachability check for `/readyz`.
    async fn ping(&self) -> Result<(), StoreError>;
    /// Stores one answered question; returns once it is durable.
    async fn insert_history(&self, entry: &HistoryEntry) -> Result<(), StoreError>;
    /// Newest first, at most `page.limit` (clamped to 1..=100).
    async fn list_history(&self, page: HistoryPage) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Newest first, only `principal`'s entries (each principal sees only
    /// its own history; admins filter by one).
    async fn list_history_of(
        &self,
        principal: &str,
        page: HistoryPage,
    ) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Erases one entry if it is `principal`'s; false otherwise (absent or someone else's).
    async fn delete_history(&self, id: Uuid, principal: &str) -> Result<bool, StoreError>;
    /// Erases every entry of `principal`; returns how many.
    async fn delete_history_of(&self, principal: &str) -> Result<u64, StoreError>;
    /// One entry by id.
    async fn get_history(&self, id: Uuid) -> Result<Option<HistoryEntry>, StoreError>;
    /// Deletes entries asked before `cutoff`, by their time-ordered ids
    /// (see [`new_id_at`]); returns how many.
    async fn prune_history(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Deletes each principal's entries asked before its plan's cutoff (a
    /// user's plan from the users table; every other principal is on
    /// [`retention::NON_USER_PLAN`]), in bounded batches so answers' writes
    /// interleave; returns how many.
    async fn prune_history_by_plan(&self, cutoffs: &RetentionCutoffs) -> Result<u64, StoreError>;
    /// Appends one billed call to the usage ledger; returns once it is durable.
    async fn insert_usage(&self, row: &UsageRow) -> Result<(), StoreError>;
    /// Appends one billed call to the usage ledger without waiting. The row
    /// commits with the store's next write — in the same transaction as, or
    /// an earlier one than, any write made after this call — and at the
    /// latest within a checkpoint tick (0.5 s) when no write follows. Until
    /// then a process crash loses it (budgets restored after the restart are
    /// short by that call). If its transaction fails, the failure is logged
    /// with the request id and cost; later writes do not fail with it. For a
    /// caller whose next step is another write (an LLM call's row, then its
    /// question's history row) it saves a commit per question. Backends
    /// without group commit write it at once.
    async fn queue_usage(&self, row: &UsageRow) {
        if let Err(e) = self.insert_usage(row).await {
            tracing::error!(error = %e, "writing the usage ledger failed");
        }
    }
    /// Total cost in micro-dollars booked at or after `since`, for one
    /// principal or for everyone; restores budgets after a restart.
    async fn spend_since(
        &self,
        since: DateTime<Utc>,
        principal: Option<&str>,
    ) -> Result<i64, StoreError>;
    /// Cost in micro-dollars booked at or after `since` per principal
    /// (restores every principal's daily budget after a restart).
    async fn spend_by_principal_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, i64)>, StoreError>;
    /// Who asked and spent most since `since`: questions asked (history
    /// rows), LLM calls and their cost per principal, largest `by` first.
    async fn usage_top(
        &self,
        since: DateTime<Utc>,
        by: UsageOrder,
        limit: u32,
    ) -> Result<Vec<UsageTotal>, StoreError>;
    /// One principal's questions asked (history rows), LLM calls and their
    /// cost per UTC day, for days starting at or after `since` (the start
    /// of a UTC day), newest first; days without either are absent.
    async fn usage_by_day(
        &self,
        principal: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<UsageDay>, StoreError>;
    /// Stores a security event; returns once it is durable.
    async fn insert_security_event(&self, event: &SecurityEventRow) -> Result<(), StoreError>;
    /// Security events in `[since, until)`, counted per kind, principal, IP group
    /// and key, most events first (at most 100 groups).
    async fn security_summary(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<SecurityCount>, StoreError>;
    /// Deletes security events from before `cutoff`, in bounded batches;
    /// returns how many.
    async fn prune_security_events(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Stores an alert.
    async fn insert_alert(&self, alert: &AlertRow) -> Result<(), StoreError>;
    /// The newest alerts in `state` first.
    async fn list_alerts(&self, state: AlertState, limit: u32)
        -> Result<Vec<AlertRow>, StoreError>;
    /// Marks the firing alerts of `kind`, `scope` and `percent` (`None`
    /// matches rows without one) resolved at `at`; returns how many were.
    async fn resolve_alerts(
        &self,
        kind: &str,
        scope: Option<&str>,
        percent: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Every alert of `kind` raised at or after `since`, oldest first (restores which budget
    /// thresholds already alerted this period, so a restart does not alert again).
    async fn alerts_since(
        &self,
        kind: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<AlertRow>, StoreError>;
    /// Adds each row to the stored row of its minute, series and labels
    /// (counts, costs and latency buckets add up; `value` keeps the
    /// maximum), all in one commit.
    async fn add_rollups(&self, rows: &[RollupRow]) -> Result<(), StoreError>;
    /// The roll-ups of minutes in `[from, to)`, of one series or all,
    /// oldest minute first.
    async fn rollups(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        series: Option<RollupSeries>,
    ) -> Result<Vec<RollupRow>, StoreError>;
    /// Deletes roll-ups of minutes before `cutoff`, of one series or all;
    /// returns how many.
    async fn prune_rollups(
        &self,
        cutoff: DateTime<Utc>,
        series: Option<RollupSeries>,
    ) -> Result<u64, StoreError>;
    /// Alerts fired or resolved in `[from, to)`, newest first, at most
    /// `limit` (for reports: a period's alerts, however many came after).
    async fn alerts_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<AlertRow>, StoreError>;
    /// Rows in each table that grows with use (history, usage ledger,
    /// alerts, audit log, security events), for the metrics sampler. One
    /// `count(*)` per table: sampled every minute, never per request.
    async fn table_rows(&self) -> Result<Vec<(&'static str, i64)>, StoreError>;
    /// The version of the newest migration applied to this database (0 for
    /// none), for `GET /version`.
    async fn schema_version(&self) -> Result<i64, StoreError>;
    /// The oldest binary schema version recorded as able to run on this
    /// database (its compatibility level; `docs/migrations.md`), `None`
    /// when no release recorded one. `GET /version` shows it so an operator
    /// can tell whether an older release may be rolled back to.
    async fn min_reader_schema(&self) -> Result<Option<i64>, StoreError>;
    /// Flushes and closes connections (graceful shutdown).
    async fn close(&self);
}

/// What `usage_top` ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageOrder {
    /// LLM cost.
    Cost,
    /// Questions asked.
    Requests,
    /// LLM calls.
    Llm,
}

/// One principal's usage over a period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsageTotal {
    /// Principal id (`user:<id>`, `ip:<group>`, `admin:…`).
    pub principal: String,
    /// The user's name, for user principals.
    pub name: Option<String>,
    /// Questions asked.
    pub requests: i64,
    /// Billed LLM calls.
    pub llm_calls: i64,
    /// Their cost in micro-dollars.
    pub cost_micros: i64,
}

/// One principal's usage on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsageDay {
    /// The UTC day.
    pub day: chrono::NaiveDate,
    /// Questions asked.
    pub requests: i64,
    /// Billed LLM calls.
    pub llm_calls: i64,
    /// Their cost in micro-dollars.
    pub cost_micros: i64,
}

/// Clamps a requested page size to what the API allows.
pub fn clamp_limit(limit: u32) -> i64 {
    i64::from(limit.clamp(1, 100))
}
