//! A ledger row queued with `queue_usage` costs no commit of its own: it
//! rides the next write, or the checkpoint thread's next tick when no write
//! follows, or the close — and is never lost on the way.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Utc;
mod common;

use common::{entry, usage};
use pitwall_store::{AppStore, SqliteStore};

async fn booked(store: &dyn AppStore) -> i64 {
    store
        .spend_since(Utc::now() - chrono::Duration::hours(1), None)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_queued_row_is_durable_once_the_next_write_is_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    for cost in [100, 20, 3] {
        store.queue_usage(&usage(cost)).await;
    }
    store.insert_history(&entry("q")).await.unwrap();
    // Queue order: the acknowledged history write committed after (or with) the rows.
    assert_eq!(booked(&store).await, 123);
    // Committed, not just visible to this store: another connection sees them.
    let other = SqliteStore::open(&path).await.unwrap();
    assert_eq!(booked(&other).await, 123);
}

#[tokio::test]
async fn a_queued_row_with_no_later_write_commits_within_a_checkpoint_tick() {
    let store = SqliteStore::in_memory().await.unwrap();
    store.queue_usage(&usage(42)).await;
    let started = Instant::now();
    while booked(&store).await == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "a queued ledger row was never committed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(booked(&store).await, 42);
}

#[tokio::test]
async fn closing_commits_queued_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    store.queue_usage(&usage(7)).await;
    store.queue_usage(&usage(8)).await;
    store.close().await;
    drop(store);
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(booked(&reopened).await, 15);
}

#[tokio::test]
async fn a_row_queued_after_close_is_refused_not_stranded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    store.queue_usage(&usage(5)).await;
    store.close().await;
    // Refused at once (and logged); nothing is left queued for a writer that is gone.
    store.queue_usage(&usage(6)).await;
    drop(store);
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(booked(&reopened).await, 5);
}
