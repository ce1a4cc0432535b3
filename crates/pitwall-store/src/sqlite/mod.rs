//! The embedded SQLite backend: WAL, `synchronous=NORMAL` (durable against a
//! process crash such as `kill -9`; a power loss may drop the last commits),
//! and a busy timeout so concurrent writers queue instead of failing.

mod history;
mod ledger;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::StoreError;

/// App state in a SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Readers: several connections, WAL lets them run beside the writer.
    pool: SqlitePool,
    /// The one writer. SQLite allows one write at a time anyway; with one
    /// connection, writers wait in the pool's async queue instead of in
    /// SQLite's busy handler, which sleeps in millisecond steps and showed up
    /// as p99 latency under load.
    writer: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and applies migrations.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        Self::connect(options).await
    }

    /// Opens a private in-memory database (tests and `pitwall ask`).
    pub async fn in_memory() -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?;
        // One connection: each in-memory connection would be its own database.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        Self::migrated(pool.clone(), pool).await
    }

    async fn connect(options: SqliteConnectOptions) -> Result<Self, StoreError> {
        let pool_options = |max| {
            SqlitePoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(5))
                // A local file does not drop connections; the per-acquire ping
                // only adds a round trip to the connection's worker thread.
                .test_before_acquire(false)
        };
        // The writer first: it creates the file and switches it to WAL.
        let writer = pool_options(1).connect_with(options.clone()).await?;
        let pool = pool_options(8).connect_with(options).await?;
        Self::migrated(pool, writer).await
    }

    async fn migrated(pool: SqlitePool, writer: SqlitePool) -> Result<Self, StoreError> {
        sqlx::migrate!("./migrations/sqlite").run(&writer).await?;
        Ok(Self { pool, writer })
    }

    /// Closes both pools (the writer last, so the WAL is checkpointed).
    pub(crate) async fn close_pools(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }
}
