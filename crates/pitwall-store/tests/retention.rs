//! Retention storage on SQLite: the conformance suite, the upgrades to
//! migrations 13 and 14 (expand-only: a database the previous release
//! wrote keeps every row, and the previous release's statements still run
//! on the upgraded file), and incremental vacuum on a new file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::borrow::Cow;

use chrono::Utc;
use pitwall_store::{AppStore, ArchiveStore, ArchiveTable, Expiry, SqliteStore};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

#[tokio::test]
async fn sqlite_store_conforms_to_the_archive_suite() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::archive_store_suite(&store).await;
}

/// A file migrated up to `version` only, as the release that knew no later
/// migration left it, with one ledger row and one resolved alert.
async fn file_at(version: i64) -> (tempfile::TempDir, SqliteConnectOptions) {
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("app.sqlite"))
        .create_if_missing(true);
    let all = sqlx::migrate!("./migrations/sqlite");
    let upto = Migrator {
        migrations: Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect(),
        ),
        ..Migrator::DEFAULT
    };
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    upto.run(&mut conn).await.unwrap();
    previous_release_writes(&mut conn).await;
    conn.close().await.unwrap();
    (dir, options)
}

/// What the previous release writes and reads in the tables retention
/// touches: ledger rows (budgets are restored from them) and alerts.
async fn previous_release_writes(conn: &mut SqliteConnection) {
    sqlx::query(
        "INSERT INTO usage_ledger (request_id, principal, model, prompt_tokens, cached_tokens, \
         completion_tokens, cost_micros, at) VALUES ('r', 'ip:a', 'm', 1, 0, 1, 250, ?)",
    )
    .bind(Utc::now().to_rfc3339())
    .execute(&mut *conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO alerts (kind, message, scope, percent, at, severity, detail, resolved_at) \
         VALUES ('budget', 'm', NULL, NULL, '2020-01-01T00:00:00Z', 'warning', '', \
         '2020-01-02T00:00:00Z')",
    )
    .execute(&mut *conn)
    .await
    .unwrap();
}

async fn previous_release_reads(options: &SqliteConnectOptions) -> (i64, i64) {
    let mut conn = SqliteConnection::connect_with(options).await.unwrap();
    let spend: i64 = sqlx::query_scalar("SELECT SUM(cost_micros) FROM usage_ledger WHERE at >= ''")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let alerts: i64 = sqlx::query_scalar("SELECT count(*) FROM alerts WHERE kind = 'budget'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    (spend, alerts)
}

/// After the upgrade, the previous release writes another ledger row and
/// alert and reads both tables as it always did.
async fn previous_release_still_works(options: &SqliteConnectOptions) {
    let mut conn = SqliteConnection::connect_with(options).await.unwrap();
    previous_release_writes(&mut conn).await;
    conn.close().await.unwrap();
    assert_eq!(previous_release_reads(options).await, (500, 2));
}

#[tokio::test]
async fn migration_13_adds_usage_daily_and_keeps_the_ledger() {
    let (_dir, options) = file_at(12).await;
    let store = SqliteStore::open(options.get_filename()).await.unwrap();
    assert!(store.schema_version().await.unwrap() >= 13);
    assert_eq!(
        store
            .spend_since(Utc::now() - chrono::Duration::days(1), None)
            .await
            .unwrap(),
        250
    );
    let old = Expiry::Before(Utc::now() + chrono::Duration::days(1));
    assert_eq!(
        store
            .count_expired(ArchiveTable::UsageDaily, &old)
            .await
            .unwrap(),
        0
    );
    store.close().await;
    // The previous release (schema 12) writes and reads as before.
    previous_release_still_works(&options).await;
}

#[tokio::test]
async fn migration_14_indexes_resolved_alerts_and_keeps_them() {
    let (_dir, options) = file_at(13).await;
    let store = SqliteStore::open(options.get_filename()).await.unwrap();
    assert!(store.schema_version().await.unwrap() >= 14);
    let year = Expiry::Before(Utc::now() - chrono::Duration::days(365));
    assert_eq!(
        store
            .count_expired(ArchiveTable::Alerts, &year)
            .await
            .unwrap(),
        1
    );
    store.close().await;
    previous_release_still_works(&options).await;
}

#[tokio::test]
async fn a_new_file_gives_pruned_pages_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    let old = Utc::now() - chrono::Duration::days(500);
    for i in 0..3_000 {
        let event = pitwall_store::SecurityEventRow {
            at: old + chrono::Duration::seconds(i),
            kind: "failed_auth".into(),
            principal: "ip:x".into(),
            ip_group: "x".into(),
            key_id: None,
            detail: "x".repeat(500),
        };
        store.insert_security_event(&event).await.unwrap();
    }
    let cutoff = Utc::now() - chrono::Duration::days(365);
    assert_eq!(store.prune_security_events(cutoff).await.unwrap(), 3_000);
    let mut free = store.reclaim_space().await.unwrap();
    let mut steps = 1;
    while free > 0 && steps < 100 {
        free = store.reclaim_space().await.unwrap();
        steps += 1;
    }
    assert_eq!(free, 0, "every free page given back");
    store.close().await;
    let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&path))
        .await
        .unwrap();
    let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, 2, "incremental");
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    // 3,000 rows of 500 bytes took hundreds of pages; the schema alone is tens.
    assert!(pages < 120, "{pages} pages");
}
