//! Reading where a database's schema stands, applying migrations, and
//! recording the compatibility level: the checks `SqliteStore::open` and
//! `pitwall migrate` share. Runs on its own connection before the store's
//! writer and readers exist, so a refusal leaves nothing running.

use std::path::Path;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::sqlite::{SqliteAutoVacuum, SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Connection, Row, SqliteConnection};

use super::schema::{min_reader_schema, SchemaState, SchemaStatus};
use crate::StoreError;

/// Whether opening may apply pending migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// Apply them (the default; `PITWALL_MIGRATE=true`).
    Apply,
    /// Refuse to open while any is pending (`PITWALL_MIGRATE=false`: an
    /// operator runs `pitwall migrate run` as a separate step).
    Require,
}

/// The compatibility table, kept by this code rather than by a numbered
/// migration: one row per schema version a release migrated to.
const CREATE_COMPAT: &str = "CREATE TABLE IF NOT EXISTS pitwall_schema_compat (\
     schema_version INTEGER PRIMARY KEY, \
     min_reader_schema INTEGER NOT NULL, \
     recorded_at TEXT NOT NULL)";

/// This binary's migrations.
pub(crate) fn migrator() -> Migrator {
    sqlx::migrate!("./migrations/sqlite")
}

/// The newest migration this binary knows.
pub(crate) fn known_version() -> i64 {
    migrator().iter().map(|m| m.version).max().unwrap_or(0)
}

/// Options both uses share; the journal mode is set only by `prepare`
/// (setting it is a write, refused on a read-only connection).
fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
}

/// Where the database at `path` stands, without changing it (a missing
/// file reads as an empty database, and is not created).
pub async fn status(path: &Path) -> Result<SchemaStatus, StoreError> {
    if !path.exists() {
        return Ok(status_of(&[], None));
    }
    let mut conn = SqliteConnection::connect_with(&options(path).read_only(true)).await?;
    let status = read_status(&mut conn).await;
    conn.close().await?;
    status
}

/// Brings the database at `path` (created if missing) to this binary's
/// schema as `policy` allows, records its compatibility level, and returns
/// where it stood before and after.
pub async fn prepare(
    path: &Path,
    policy: Migrations,
) -> Result<(SchemaStatus, SchemaStatus), StoreError> {
    // Incremental auto-vacuum takes effect only on a file without tables,
    // and this connection creates them (before the writer opens): a new
    // file gets it here; on an older file the pragma changes nothing.
    let options = options(path)
        .create_if_missing(true)
        .auto_vacuum(SqliteAutoVacuum::Incremental)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    let result = prepare_on(&mut conn, policy).await;
    conn.close().await?;
    result
}

async fn prepare_on(
    conn: &mut SqliteConnection,
    policy: Migrations,
) -> Result<(SchemaStatus, SchemaStatus), StoreError> {
    let before = read_status(conn).await?;
    if let Some(refusal) = before.refusal(policy == Migrations::Apply) {
        return Err(StoreError::Schema(refusal));
    }
    let mut migrator = migrator();
    if before.state() == SchemaState::AheadCompatible {
        // Applied versions this binary does not know are a newer release's
        // expand-only migrations: checked (the known ones' checksums) but
        // nothing is applied.
        migrator.set_ignore_missing(true);
        tracing::warn!(
            schema_version = before.schema_version,
            known_schema_version = before.known_schema_version,
            min_reader_schema = before.needed(),
            "the app database was migrated by a newer release; running on it (its newer \
             migrations are expand-only)"
        );
    }
    migrator.run(&mut *conn).await.map_err(|e| match e {
        MigrateError::Dirty(version) => {
            StoreError::Schema(super::schema::SchemaRefusal::Failed { version })
        }
        other => StoreError::Migrate(other),
    })?;
    let after = read_status(conn).await?;
    if after.unknown.is_empty() {
        record_compat(conn, &after).await?;
    }
    if !before.pending.is_empty() {
        tracing::info!(
            from = before.schema_version,
            to = after.schema_version,
            applied = %super::schema::version_list(&before.pending),
            "app database migrated"
        );
    }
    let after = read_status(conn).await?;
    Ok((before, after))
}

/// Records the minimum reader schema of the database at this binary's
/// version (only this binary knows its migrations' declarations).
async fn record_compat(conn: &mut SqliteConnection, at: &SchemaStatus) -> Result<(), StoreError> {
    let min_reader = min_reader_schema(applied(conn).await?.into_iter().map(|(v, _)| v));
    if at.min_reader_schema == Some(min_reader) {
        return Ok(());
    }
    sqlx::query(CREATE_COMPAT).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO pitwall_schema_compat (schema_version, min_reader_schema, recorded_at) \
         VALUES (?, ?, ?) ON CONFLICT (schema_version) DO UPDATE SET \
         min_reader_schema = excluded.min_reader_schema, recorded_at = excluded.recorded_at",
    )
    .bind(at.schema_version)
    .bind(min_reader)
    .bind(super::ts(chrono::Utc::now()))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every applied migration's version and whether it succeeded.
async fn applied(conn: &mut SqliteConnection) -> Result<Vec<(i64, bool)>, StoreError> {
    if !table_exists(conn, "_sqlx_migrations").await? {
        return Ok(Vec::new());
    }
    let rows = sqlx::query("SELECT version, success FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get::<i64, _>(0), r.get::<bool, _>(1)))
        .collect())
}

async fn table_exists(conn: &mut SqliteConnection, name: &str) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?;
    Ok(n > 0)
}

/// The compatibility level recorded for the database's current version,
/// read through the store's pool (`None`: no record, or no table yet).
pub(crate) async fn recorded_min_reader(
    pool: &sqlx::SqlitePool,
) -> Result<Option<i64>, StoreError> {
    let mut conn = pool.acquire().await?;
    if !table_exists(&mut conn, "pitwall_schema_compat").await? {
        return Ok(None);
    }
    let level = sqlx::query_scalar(
        "SELECT min_reader_schema FROM pitwall_schema_compat WHERE schema_version = \
         (SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1)",
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(level)
}

async fn read_status(conn: &mut SqliteConnection) -> Result<SchemaStatus, StoreError> {
    let applied = applied(conn).await?;
    let newest = applied
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(v, _)| *v)
        .max()
        .unwrap_or(0);
    let min_reader = if table_exists(conn, "pitwall_schema_compat").await? {
        sqlx::query_scalar(
            "SELECT min_reader_schema FROM pitwall_schema_compat WHERE schema_version = ?",
        )
        .bind(newest)
        .fetch_optional(&mut *conn)
        .await?
    } else {
        None
    };
    Ok(status_of(&applied, min_reader))
}

fn status_of(applied: &[(i64, bool)], min_reader_schema: Option<i64>) -> SchemaStatus {
    let migrator = migrator();
    let known: Vec<i64> = migrator.iter().map(|m| m.version).collect();
    let is_applied = |v: &i64| applied.iter().any(|(a, _)| a == v);
    SchemaStatus {
        schema_version: applied
            .iter()
            .filter(|(_, ok)| *ok)
            .map(|(v, _)| *v)
            .max()
            .unwrap_or(0),
        known_schema_version: known.iter().copied().max().unwrap_or(0),
        pending: known.iter().copied().filter(|v| !is_applied(v)).collect(),
        unknown: applied
            .iter()
            .map(|(v, _)| *v)
            .filter(|v| !known.contains(v))
            .collect(),
        min_reader_schema,
        failed: applied.iter().find(|(_, ok)| !ok).map(|(v, _)| *v),
    }
}
