//! Under sustained writes the WAL stays bounded. A PASSIVE checkpoint alone
//! never finishes while commits keep landing, so SQLite never restarts the
//! WAL and it grows for as long as the load lasts (it did: 70 MB/s at 2,000
//! LLM questions/s). The checkpoint thread must finish it with commits
//! paused, after which the WAL is reused from its beginning.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use pitwall_store::{AppStore, HistoryEntry, SqliteStore};

/// A history row of ~1 KB.
fn wide_entry(i: u64) -> HistoryEntry {
    let mut e = common::entry(&format!("question {i}"));
    e.rows = (0..20)
        .map(|r| {
            vec![serde_json::json!(format!(
                "driver {i}-{r} with a long name"
            ))]
        })
        .collect();
    e.row_count = 20;
    e
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sustained_writes_do_not_grow_the_wal_without_bound() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let wal = path.with_extension("sqlite-wal");
    let store = Arc::new(SqliteStore::open(&path).await.unwrap());
    let written = Arc::new(AtomicU64::new(0));
    // Bounded in time and count: eight writers, 4 s or 200,000 rows.
    let until = Instant::now() + Duration::from_secs(4);
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..8_u64 {
        let (store, written) = (Arc::clone(&store), Arc::clone(&written));
        writers.spawn(async move {
            let mut i = w;
            while Instant::now() < until && written.load(Ordering::Relaxed) < 200_000 {
                store.insert_history(&wide_entry(i)).await.unwrap();
                written.fetch_add(1, Ordering::Relaxed);
                i += 8;
            }
        });
    }
    // The WAL's size once it had time to settle (two checkpoint ticks), and its largest after.
    let settled_at = Instant::now() + Duration::from_millis(1_500);
    let (mut settled, mut largest) = (0, 0);
    while !writers.is_empty() {
        tokio::select! {
            _ = writers.join_next() => {}
            _ = tokio::time::sleep(Duration::from_millis(25)) => {
                let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
                largest = largest.max(size);
                if Instant::now() < settled_at {
                    settled = largest;
                }
            }
        }
    }
    let rows = written.load(Ordering::Relaxed);
    assert!(
        settled > 4 * 1024 * 1024,
        "too few writes to tell ({rows} rows, WAL {settled} bytes); is the machine overloaded?"
    );
    // Without the catch-up the WAL grows with the load (~2.7× from 1.5 s to
    // 4 s); with it, it is reused from its start every tick and its size
    // stays what one tick's writes need.
    assert!(
        largest < settled * 18 / 10,
        "the WAL kept growing: {settled} bytes at 1.5 s, {largest} by 4 s ({rows} rows)"
    );
    // Every acknowledged row is stored.
    let stored = store
        .list_history(pitwall_store::HistoryPage {
            limit: 1,
            before: None,
        })
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    drop(store);
}
