//! The embedded SQLite backend: WAL, `synchronous=NORMAL` (durable against a
//! process crash such as `kill -9`; a power loss may drop the last commits),
//! one write connection committing queued writes in groups (see `writer`),
//! a checkpoint thread keeping the WAL bounded (see `checkpoint`), and a
//! pool of readers that WAL lets run beside them.

/// How a roll-up row is added to the stored row of its key (counts, costs
/// and latency buckets add up, `value` keeps the maximum): one text for the
/// flush's upsert and retention's minute-to-hour compaction.
macro_rules! rollup_add_on_conflict {
    () => {
        "ON CONFLICT (minute, series, a, b, c) DO UPDATE SET \
         count = count + excluded.count, cost_micros = cost_micros + excluded.cost_micros, \
         value = max(value, excluded.value), \
         l0 = l0 + excluded.l0, l1 = l1 + excluded.l1, l2 = l2 + excluded.l2, l3 = l3 + excluded.l3, \
         l4 = l4 + excluded.l4, l5 = l5 + excluded.l5, l6 = l6 + excluded.l6, l7 = l7 + excluded.l7, \
         l8 = l8 + excluded.l8, l9 = l9 + excluded.l9, l10 = l10 + excluded.l10, \
         l11 = l11 + excluded.l11, l12 = l12 + excluded.l12, l13 = l13 + excluded.l13, \
         l14 = l14 + excluded.l14, l15 = l15 + excluded.l15"
    };
}

mod accounts;
mod archive;
mod batch;
mod checkpoint;
mod history;
mod ledger;
pub mod migrate;
mod retention;
mod rollup;
pub mod schema;
mod security;
mod writer;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::StoreError;
use checkpoint::Checkpointer;
pub use checkpoint::Tuning as CheckpointTuning;
pub use migrate::Migrations;
use writer::Writer;

/// App state in a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Readers: several connections, WAL lets them run beside the writer.
    pool: SqlitePool,
    /// The one write connection, committing queued writes in groups.
    writer: Arc<Writer>,
    /// Folds the WAL into the database file off the write path.
    checkpointer: Arc<Checkpointer>,
    /// The directory of an ephemeral store, removed when the last clone is dropped.
    _ephemeral: Option<Arc<tempfile::TempDir>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and applies migrations.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        Self::open_with(path, None, CheckpointTuning::default(), Migrations::Apply).await
    }

    /// Opens the database at `path`, applying pending migrations only if
    /// `policy` allows; refuses (`StoreError::Schema`) a database this
    /// binary must not run on. See `docs/migrations.md`.
    pub async fn open_policy(path: &Path, policy: Migrations) -> Result<Self, StoreError> {
        Self::open_with(path, None, CheckpointTuning::default(), policy).await
    }

    /// `open` with its checkpoint thread ticking differently: for tests that
    /// must see several WAL restarts quickly on any machine.
    #[doc(hidden)]
    pub async fn open_tuned(path: &Path, tuning: CheckpointTuning) -> Result<Self, StoreError> {
        Self::open_with(path, None, tuning, Migrations::Apply).await
    }

    /// Opens a private, throw-away database (tests and `pitwall ask`): a file
    /// in a temporary directory deleted with the store, so it has the same
    /// writer and readers as a real one.
    pub async fn in_memory() -> Result<Self, StoreError> {
        let dir = tempfile::tempdir()
            .map_err(|e| StoreError::Write(format!("creating a temporary directory: {e}")))?;
        let path = dir.path().join("pitwall.sqlite");
        Self::open_with(
            &path,
            Some(Arc::new(dir)),
            CheckpointTuning::default(),
            Migrations::Apply,
        )
        .await
    }

    async fn open_with(
        path: &Path,
        ephemeral: Option<Arc<tempfile::TempDir>>,
        tuning: CheckpointTuning,
        policy: Migrations,
    ) -> Result<Self, StoreError> {
        // The schema first, on its own connection: a database this binary
        // must not run on is refused before any thread starts.
        migrate::prepare(path, policy).await?;
        // Then the writer: it switches the file to WAL for good.
        let path_owned = path.to_path_buf();
        let writer = tokio::task::spawn_blocking(move || Writer::open(&path_owned))
            .await
            .map_err(|e| StoreError::Write(format!("starting the writer: {e}")))??;
        let writer = Arc::new(writer);
        let checkpointer = Checkpointer::start(path, Arc::clone(&writer), tuning)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            // A local file does not drop connections; the per-acquire ping
            // only adds a round trip to the connection's worker thread.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        Ok(Self {
            pool,
            writer,
            checkpointer: Arc::new(checkpointer),
            _ephemeral: ephemeral,
        })
    }

    /// The newest migration this build knows: the schema version it
    /// creates and expects (what a database it opened is at).
    pub fn known_schema_version() -> i64 {
        migrate::known_version()
    }

    /// Closes the readers, then the writer (the last connection to close
    /// checkpoints the WAL).
    pub(crate) async fn close_pools(&self) {
        self.pool.close().await;
        self.checkpointer.stop().await;
        self.writer.close().await;
    }
}

/// Timestamps are stored as RFC 3339 text with microseconds, which sorts
/// chronologically as text.
pub(crate) fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}
