//! Migrations keep what they move: a ledger written under the first schemas
//! survives the table rebuild of migration 4 with every row and cost, and
//! history written before migration 6 reads back as not truncated, and
//! before migration 7 with no interpretation and no unparsed words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;

use chrono::Utc;
use pitwall_store::{AppStore, SqliteStore};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row, SqliteConnection};

#[tokio::test]
async fn the_ledger_rebuild_keeps_every_row_and_drops_autoincrement() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    // The database as the previous release left it: migrations 1-3 only.
    let all = sqlx::migrate!("./migrations/sqlite");
    let first_three = Migrator {
        migrations: Cow::Owned(all.migrations.iter().take(3).cloned().collect()),
        ..Migrator::DEFAULT
    };
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    first_three.run(&mut conn).await.unwrap();
    let at = chrono::SecondsFormat::Micros;
    for (principal, cost) in [("alice", 1_000), ("bob", 250), ("alice", 40)] {
        sqlx::query(
            "INSERT INTO usage_ledger (request_id, principal, model, prompt_tokens, \
             cached_tokens, completion_tokens, cost_micros, at) VALUES ('r', ?, 'm', 1, 0, 1, ?, ?)",
        )
        .bind(principal)
        .bind(cost)
        .bind(Utc::now().to_rfc3339_opts(at, true))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let since = Utc::now() - chrono::Duration::hours(1);
    assert_eq!(store.spend_since(since, None).await.unwrap(), 1_290);
    assert_eq!(
        store.spend_since(since, Some("alice")).await.unwrap(),
        1_040
    );
    // A row booked after the rebuild lands after the copied ones.
    store
        .insert_usage(&pitwall_store::UsageRow {
            request_id: "after".into(),
            principal: "carol".into(),
            model: "m".into(),
            prompt_tokens: 1,
            cached_tokens: 0,
            completion_tokens: 1,
            cost_micros: 7,
            at: Utc::now(),
        })
        .await
        .unwrap();
    assert_eq!(store.spend_since(since, None).await.unwrap(), 1_297);
    store.close().await;

    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    let ddl: String = sqlx::query("SELECT sql FROM sqlite_master WHERE name = 'usage_ledger'")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert!(!ddl.contains("AUTOINCREMENT"), "{ddl}");
    let indexes: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('usage_ledger', 'history') \
         AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect();
    // history_principal: dropped by migration 4, back since migration 10.
    assert_eq!(
        indexes,
        [
            "history_principal",
            "usage_ledger_at",
            "usage_ledger_principal_at"
        ]
    );
    let id: i64 = sqlx::query("SELECT id FROM usage_ledger WHERE request_id = 'after'")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(id, 4);
    // No sequence row is kept (or written) for the ledger any more.
    let sequences: i64 =
        sqlx::query("SELECT count(*) FROM sqlite_sequence WHERE name = 'usage_ledger'")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
    assert_eq!(sequences, 0);
}

/// Applies the first `n` migrations only: the database as an older release left it.
async fn migrated_to(path: &std::path::Path, n: usize) -> SqliteConnection {
    let all = sqlx::migrate!("./migrations/sqlite");
    let first = Migrator {
        migrations: Cow::Owned(all.migrations.iter().take(n).cloned().collect()),
        ..Migrator::DEFAULT
    };
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    first.run(&mut conn).await.unwrap();
    conn
}

#[tokio::test]
async fn history_from_before_the_truncated_column_reads_as_not_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let mut conn = migrated_to(&path, 5).await;
    let old_id = pitwall_store::new_id();
    sqlx::query(
        "INSERT INTO history (id, question, normalised, answer, source, status, latency_ms, \
         request_id, created_at) VALUES (?, 'q', 'q', 'a', 'llm', 'answered', 1, 'r', ?)",
    )
    .bind(old_id.to_string())
    .bind(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let old = store.get_history(old_id).await.unwrap().unwrap();
    assert!(!old.truncated, "{old:?}");
    // A row written now keeps its flag.
    let mut cut = pitwall_store::HistoryEntry {
        id: pitwall_store::new_id(),
        ..old.clone()
    };
    cut.truncated = true;
    store.insert_history(&cut).await.unwrap();
    assert!(store.get_history(cut.id).await.unwrap().unwrap().truncated);
    store.close().await;
}

#[tokio::test]
async fn history_from_before_interpretations_reads_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let mut conn = migrated_to(&path, 6).await;
    let old_id = pitwall_store::new_id();
    sqlx::query(
        "INSERT INTO history (id, question, normalised, answer, source, status, latency_ms, \
         request_id, created_at) VALUES (?, 'q', 'q', 'a', 'local', 'answered', 1, 'r', ?)",
    )
    .bind(old_id.to_string())
    .bind(Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let old = store.get_history(old_id).await.unwrap().unwrap();
    assert_eq!(old.interpretation, "");
    assert!(old.unparsed.is_empty(), "{old:?}");
    store.close().await;
}

/// The query plan SQLite picks for `sql` on the fully migrated database.
async fn plan_of(conn: &mut SqliteConnection, sql: &str) -> String {
    let rows = sqlx::query(&format!("EXPLAIN QUERY PLAN {sql}"))
        .fetch_all(conn)
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.get::<String, _>("detail"))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[tokio::test]
async fn one_principals_history_is_read_and_erased_through_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    SqliteStore::open(&path).await.unwrap().close().await;
    let options = SqliteConnectOptions::new().filename(&path);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    for sql in [
        "SELECT id FROM history WHERE principal = 'u' AND id < 'z' ORDER BY id DESC LIMIT 20",
        "SELECT id FROM history WHERE principal = 'u' ORDER BY id DESC LIMIT 20",
        "DELETE FROM history WHERE principal = 'u'",
        "DELETE FROM history WHERE id = 'x' AND principal = 'u'",
    ] {
        let plan = plan_of(&mut conn, sql).await;
        assert!(
            !plan.contains("SCAN history"),
            "full scan for `{sql}`: {plan}"
        );
        assert!(!plan.contains("TEMP B-TREE"), "sort for `{sql}`: {plan}");
    }
    // The index is the one migration 10 made, not a lucky plan.
    let plan = plan_of(
        &mut conn,
        "SELECT id FROM history WHERE principal = 'u' ORDER BY id DESC LIMIT 20",
    )
    .await;
    assert!(plan.contains("history_principal"), "{plan}");
    conn.close().await.unwrap();
}

/// Migration 11 is expand-only: alerts the previous release wrote read
/// back as warnings with no detail, resolved when raised (they were one-off
/// events), and the previous release's own insert statement still works on
/// the migrated table.
#[tokio::test]
async fn alerts_from_before_the_lifecycle_columns_read_as_resolved_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let mut conn = migrated_to(&path, 10).await;
    let at = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let old_insert =
        "INSERT INTO alerts (kind, message, scope, percent, at) VALUES (?, ?, ?, ?, ?)";
    sqlx::query(old_insert)
        .bind("budget_threshold")
        .bind("LLM budget global daily reached 80%")
        .bind("global_daily")
        .bind(80)
        .bind(&at)
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let firing = store
        .list_alerts(pitwall_store::AlertState::Firing, 10)
        .await
        .unwrap();
    assert!(firing.is_empty(), "{firing:?}");
    let old = store
        .list_alerts(pitwall_store::AlertState::Resolved, 10)
        .await
        .unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].severity, "warning");
    assert_eq!(old[0].detail, "");
    assert_eq!(old[0].resolved_at, Some(old[0].at));
    assert_eq!(old[0].percent, Some(80));
    store.close().await;

    // The previous release, rolled back onto the migrated file, still
    // writes alerts with its own statement.
    let options = SqliteConnectOptions::new().filename(&path);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    sqlx::query(old_insert)
        .bind("billing_exhausted")
        .bind("no credit")
        .bind(None::<String>)
        .bind(None::<i64>)
        .bind(&at)
        .execute(&mut conn)
        .await
        .unwrap();
    let n: i64 = sqlx::query("SELECT count(*) FROM alerts WHERE resolved_at IS NULL")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "the rolled-back release's new alert is firing");
}
