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
use pitwall_store::{AppStore, SqliteStore};
use upgrade_support::{
    at_release, book, exec, history_row, now, page, raw, scalar, stored, ALERT_INSERT_V2,
    HISTORY_INSERT_V1,
};

/// Migration 2 (expand: new tables usage_ledger and alerts). Release 1
/// expects `history` exactly as migration 1 made it: it inserts the
/// migration-1 columns and reads them back.
#[tokio::test]
async fn migration_2_keeps_release_1_history_and_its_insert() {
    let (_dir, path, mut conn) = at_release(1).await;
    let old = history_row(&mut conn, HISTORY_INSERT_V1, "who won", "anonymous").await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let entry = stored(&store, old).await;
    assert_eq!(entry.question, "who won");
    assert!(entry.params.is_empty() && !entry.truncated, "{entry:?}");
    store.close().await;

    // Release 1, rolled back onto the file, still writes its history.
    let mut conn = raw(&path).await;
    history_row(&mut conn, HISTORY_INSERT_V1, "again", "anonymous").await;
    assert_eq!(scalar(&mut conn, "SELECT count(*) FROM history").await, 2);
}

/// Migration 3 (expand: `history.params_json` with a default). Release 2
/// expects to insert history without that column, and to book the ledger
/// and raise alerts with its own statements.
#[tokio::test]
async fn migration_3_keeps_release_2_rows_and_its_inserts() {
    let (_dir, path, mut conn) = at_release(2).await;
    let old = history_row(&mut conn, HISTORY_INSERT_V1, "q2", "anonymous").await;
    book(&mut conn, "alice", 500).await;
    let alert = ["billing_exhausted", "no credit", &now()];
    exec(&mut conn, ALERT_INSERT_V2, &alert).await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    assert!(stored(&store, old).await.params.is_empty());
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
    let again = history_row(&mut conn, HISTORY_INSERT_V1, "q2b", "anonymous").await;
    book(&mut conn, "bob", 7).await;
    exec(&mut conn, ALERT_INSERT_V2, &alert).await;
    let params: String = sqlx::query_scalar("SELECT params_json FROM history WHERE id = ?")
        .bind(again.to_string())
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(params, "[]");
    let spent = scalar(&mut conn, "SELECT sum(cost_micros) FROM usage_ledger").await;
    assert_eq!(spent, 507);
    assert_eq!(scalar(&mut conn, "SELECT count(*) FROM alerts").await, 2);
}

/// Migration 5 (contract: drops `history_created_at`). Release 4 expects
/// that index for its retention delete by `created_at`: its statement
/// still gives the right answer on the migrated file, but as a full scan,
/// which is why migration 5 is declared contract (a binary before it is
/// refused on a database after it; see `schema.rs`). Its history rows
/// survive.
#[tokio::test]
async fn migration_5_keeps_release_4_history_but_drops_its_index() {
    let (_dir, path, mut conn) = at_release(4).await;
    let ten_days_ago = Utc::now() - chrono::Duration::days(10);
    let old_id = pitwall_store::new_id_at(ten_days_ago).to_string();
    let old_time = ten_days_ago.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let old = [old_id.as_str(), "old", "anonymous", old_time.as_str()];
    exec(&mut conn, HISTORY_INSERT_V1, &old).await;
    history_row(&mut conn, HISTORY_INSERT_V1, "new", "anonymous").await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(store.list_history(page()).await.unwrap().len(), 2);
    store.close().await;

    let mut conn = raw(&path).await;
    let index = "SELECT count(*) FROM sqlite_master WHERE name = 'history_created_at'";
    assert_eq!(scalar(&mut conn, index).await, 0);
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
