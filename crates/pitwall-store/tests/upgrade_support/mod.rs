//! Databases as older releases left them, for the per-migration upgrade
//! tests: the first `n` migrations applied with sqlx's own migrator (what
//! that release ran), then rows written with that release's statements.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::borrow::Cow;
use std::path::Path;

use chrono::Utc;
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

/// Applies the first `n` migrations only: the database as release `n` left it.
pub async fn migrated_to(path: &Path, n: usize) -> SqliteConnection {
    let all = sqlx::migrate!("./migrations/sqlite");
    let first = Migrator {
        migrations: Cow::Owned(all.migrations.iter().take(n).cloned().collect()),
        ..Migrator::DEFAULT
    };
    let mut conn = raw(path).await;
    first.run(&mut conn).await.unwrap();
    conn
}

/// A plain connection to the file, as an older release's statements would use.
pub async fn raw(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    SqliteConnection::connect_with(&options).await.unwrap()
}

/// Now, as the store writes timestamps.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Runs `sql` with text binds.
pub async fn exec(conn: &mut SqliteConnection, sql: &str, binds: &[&str]) {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.execute(&mut *conn).await.unwrap();
}

/// One value of a scalar query.
pub async fn scalar(conn: &mut SqliteConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&mut *conn).await.unwrap()
}

/// The history insert of releases 1 and 2 (the columns of migration 1).
pub const HISTORY_INSERT_V1: &str = "INSERT INTO history (id, question, normalised, answer, \
     source, status, latency_ms, request_id, principal, created_at) \
     VALUES (?, ?, 'q', 'a', 'local', 'answered', 1, 'r', ?, ?)";

/// The ledger insert every release so far uses (id assigned by SQLite).
pub const LEDGER_INSERT: &str = "INSERT INTO usage_ledger (request_id, principal, model, \
     prompt_tokens, cached_tokens, completion_tokens, cost_micros, at) \
     VALUES ('r', ?, 'm', 1, 0, 1, ?, ?)";

/// The alert insert of releases 2 to 10.
pub const ALERT_INSERT_V2: &str =
    "INSERT INTO alerts (kind, message, scope, percent, at) VALUES (?, ?, NULL, NULL, ?)";

/// A fresh directory with a database as release `n` left it, and a
/// connection to it for that release's statements.
pub async fn at_release(n: usize) -> (tempfile::TempDir, std::path::PathBuf, SqliteConnection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let conn = migrated_to(&path, n).await;
    (dir, path, conn)
}

/// Inserts one history row with `insert` (binds: id, question, principal,
/// created_at), asked now; returns its id.
pub async fn history_row(
    conn: &mut SqliteConnection,
    insert: &str,
    question: &str,
    principal: &str,
) -> pitwall_store::Uuid {
    let id = pitwall_store::new_id();
    exec(
        conn,
        insert,
        &[&id.to_string(), question, principal, &now()],
    )
    .await;
    id
}

/// Books `cost` micro-dollars for `principal` with [`LEDGER_INSERT`].
pub async fn book(conn: &mut SqliteConnection, principal: &str, cost: i64) {
    sqlx::query(LEDGER_INSERT)
        .bind(principal)
        .bind(cost)
        .bind(now())
        .execute(&mut *conn)
        .await
        .unwrap();
}

/// One stored history entry, which must exist.
pub async fn stored(
    store: &pitwall_store::SqliteStore,
    id: pitwall_store::Uuid,
) -> pitwall_store::HistoryEntry {
    use pitwall_store::AppStore;
    store.get_history(id).await.unwrap().unwrap()
}

/// The first page of history, up to 100 rows.
pub fn page() -> pitwall_store::HistoryPage {
    pitwall_store::HistoryPage {
        limit: 100,
        before: None,
    }
}
