//! Upgrades through migrations 2, 3 and 5 (4 is in `migrations.rs`): a
//! database built at the release before each, with that release's rows,
//! opened by this build. Each test states what the previous release
//! expects of the migrated file and checks it: its rows read back through
//! the store, and its own statements still work on the file (for expand
//! migrations that is what lets it run there after a rollback).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upgrade_support;

use sqlx::Connection;

use chrono::Utc;
use pitwall_store::{AppStore, HistoryPage, SqliteStore};
use upgrade_support::{
    exec, migrated_to, now, raw, scalar, ALERT_INSERT_V2, HISTORY_INSERT_V1, LEDGER_INSERT,
};

fn page() -> HistoryPage {
    HistoryPage {
        limit: 100,
        before: None,
    }
}

/// Migration 2 (expand: new tables usage_ledger and alerts). Release 1
/// expects `history` exactly as migration 1 made it: it inserts the
/// migration-1 columns and reads them back.
#[tokio::test]
async fn migration_2_keeps_release_1_history_and_its_insert() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let mut conn = migrated_to(&path, 1).await;
    let old = pitwall_store::new_id().to_string();
    exec(
        &mut conn,
        HISTORY_INSERT_V1,
        &[&old, "who won", "anonymous", &now()],
    )
    .await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let entry = store
        .get_history(old.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.question, "who won");
    assert!(entry.params.is_empty() && !entry.truncated, "{entry:?}");
    store.close().await;

    // Release 1, rolled back onto the file, still writes its history.
    let mut conn = raw(&path).await;
    let again = pitwall_store::new_id().to_string();
    exec(
        &mut conn,
        HISTORY_INSERT_V1,
        &[&again, "again", "anonymous", &now()],
    )
    .await;
    assert_eq!(scalar(&mut conn, "SELECT count(*) FROM history").await, 2);
}

/// Migration 3 (expand: `history.params_json` with a default). Release 2
/// expects to insert history without that column, and to book the ledger
/// and raise alerts with its own statements.
#[tokio::test]
async fn migration_3_keeps_release_2_rows_and_its_inserts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let mut conn = migrated_to(&path, 2).await;
    let old = pitwall_store::new_id().to_string();
    exec(
        &mut conn,
        HISTORY_INSERT_V1,
        &[&old, "q2", "anonymous", &now()],
    )
    .await;
    sqlx::query(LEDGER_INSERT)
        .bind("alice")
        .bind(500_i64)
        .bind(now())
        .execute(&mut conn)
        .await
        .unwrap();
    exec(
        &mut conn,
        ALERT_INSERT_V2,
        &["billing_exhausted", "no credit", &now()],
    )
    .await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let entry = store
        .get_history(old.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(entry.params.is_empty(), "{entry:?}");
    let since = Utc::now() - chrono::Duration::hours(1);
    assert_eq!(store.spend_since(since, Some("alice")).await.unwrap(), 500);
    let alerts = store
        .list_alerts(pitwall_store::AlertState::All, 10)
        .await
        .unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].message, "no credit");
    store.close().await;

    let mut conn = raw(&path).await;
    let again = pitwall_store::new_id().to_string();
    exec(
        &mut conn,
        HISTORY_INSERT_V1,
        &[&again, "q2b", "anonymous", &now()],
    )
    .await;
    sqlx::query(LEDGER_INSERT)
        .bind("bob")
        .bind(7_i64)
        .bind(now())
        .execute(&mut conn)
        .await
        .unwrap();
    exec(
        &mut conn,
        ALERT_INSERT_V2,
        &["billing_exhausted", "again", &now()],
    )
    .await;
    let params: String = sqlx::query_scalar("SELECT params_json FROM history WHERE id = ?")
        .bind(&again)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(params, "[]");
    assert_eq!(
        scalar(&mut conn, "SELECT sum(cost_micros) FROM usage_ledger").await,
        507
    );
}

/// Migration 5 (contract: drops `history_created_at`). Release 4 expects
/// that index for its retention delete by `created_at`: its statement
/// still gives the right answer on the migrated file, but as a full scan,
/// which is why migration 5 is declared contract (a binary before it is
/// refused on a database after it; see `schema.rs`). Its history rows
/// survive.
#[tokio::test]
async fn migration_5_keeps_release_4_history_but_drops_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let mut conn = migrated_to(&path, 4).await;
    let old_time = (Utc::now() - chrono::Duration::days(10))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let old_id = pitwall_store::new_id_at(Utc::now() - chrono::Duration::days(10)).to_string();
    exec(
        &mut conn,
        HISTORY_INSERT_V1,
        &[&old_id, "old", "anonymous", &old_time],
    )
    .await;
    let new_id = pitwall_store::new_id().to_string();
    exec(
        &mut conn,
        HISTORY_INSERT_V1,
        &[&new_id, "new", "anonymous", &now()],
    )
    .await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(store.list_history(page()).await.unwrap().len(), 2);
    store.close().await;

    let mut conn = raw(&path).await;
    let indexes = scalar(
        &mut conn,
        "SELECT count(*) FROM sqlite_master WHERE name = 'history_created_at'",
    )
    .await;
    assert_eq!(indexes, 0);
    let cutoff = (Utc::now() - chrono::Duration::days(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let deleted = sqlx::query("DELETE FROM history WHERE created_at < ?")
        .bind(cutoff)
        .execute(&mut conn)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(deleted, 1);
    assert_eq!(scalar(&mut conn, "SELECT count(*) FROM history").await, 1);
}
