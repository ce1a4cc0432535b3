//! The SQLite writer commits concurrent writes in groups: every acknowledged
//! write is durable, a bad write fails alone, and a closed store refuses
//! writes instead of hanging or dropping them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use chrono::Utc;
mod common;

use common::{count_history, entry, usage};
use pitwall_store::{AppStore, SqliteStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_are_all_committed_and_a_bad_one_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = Arc::new(SqliteStore::open(&path).await.unwrap());
    let duplicate = entry("dup");
    store.insert_history(&duplicate).await.unwrap();

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..400_i64 {
        let store = Arc::clone(&store);
        let duplicate = duplicate.clone();
        tasks.spawn(async move {
            match i % 4 {
                // Every 40th write reuses a stored id: it must fail, alone.
                0 if i % 40 == 0 => (i, store.insert_history(&duplicate).await.is_ok()),
                0 | 1 => (
                    i,
                    store.insert_history(&entry(&format!("q{i}"))).await.is_ok(),
                ),
                _ => (i, store.insert_usage(&usage(i)).await.is_ok()),
            }
        });
    }
    let mut failed = Vec::new();
    let joined = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Some(done) = tasks.join_next().await {
            let (i, ok) = done.unwrap();
            if !ok {
                failed.push(i);
            }
        }
    })
    .await;
    assert!(joined.is_ok(), "a write was never answered (lost wake-up)");
    failed.sort_unstable();
    assert_eq!(failed, (0..400).step_by(40).collect::<Vec<_>>());

    // 200 history writes, 10 of them duplicates, plus the first one.
    assert_eq!(count_history(store.as_ref()).await, 200 - 10 + 1);
    let expected: i64 = (0..400).filter(|i| i % 4 >= 2).sum();
    let since = Utc::now() - chrono::Duration::hours(1);
    assert_eq!(store.spend_since(since, None).await.unwrap(), expected);

    // Acknowledged means committed: a second connection (no close) sees
    // everything. Crash durability is the kill -9 test of the real binary.
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(count_history(&reopened).await, 191);
    assert_eq!(reopened.spend_since(since, None).await.unwrap(), expected);
}

#[tokio::test]
async fn a_closed_store_refuses_writes_and_keeps_what_it_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    let kept = entry("kept");
    store.insert_history(&kept).await.unwrap();
    store.close().await;
    let late = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        store.insert_history(&entry("late")),
    )
    .await
    .expect("a write after close must fail, not hang");
    assert!(late.is_err());
    drop(store);
    // Closing checkpointed the WAL into the main file.
    let wal = path.with_extension("sqlite-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "WAL left with data after close"
    );

    let reopened = SqliteStore::open(&path).await.unwrap();
    assert!(reopened.get_history(kept.id).await.unwrap().is_some());
    assert_eq!(count_history(&reopened).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pruning_deletes_in_chunks_until_everything_old_is_gone() {
    let store = Arc::new(SqliteStore::in_memory().await.unwrap());
    let old = Utc::now() - chrono::Duration::days(40);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..4_500 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            let mut e = entry(&format!("old{i}"));
            e.created_at = old;
            e.id = pitwall_store::new_id_at(old);
            store.insert_history(&e).await.unwrap();
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let fresh = entry("fresh");
    store.insert_history(&fresh).await.unwrap();
    let deleted = store
        .prune_history(Utc::now() - chrono::Duration::days(30))
        .await
        .unwrap();
    assert_eq!(deleted, 4_500);
    assert_eq!(count_history(store.as_ref()).await, 1);
    assert!(store.get_history(fresh.id).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_racing_close_are_answered_never_left_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("app.sqlite"))
            .await
            .unwrap(),
    );
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..300 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            if i % 10 == 0 {
                tokio::task::yield_now().await;
            }
            store
                .insert_history(&entry(&format!("race{i}")))
                .await
                .is_ok()
        });
    }
    store.close().await;
    let all = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut answered = 0;
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
            answered += 1;
        }
        answered
    })
    .await
    .expect("every write racing close() gets an answer");
    assert_eq!(all, 300);
}
