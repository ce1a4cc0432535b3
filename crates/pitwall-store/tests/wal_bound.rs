//! Under sustained writes the WAL restarts, so it stays bounded. A PASSIVE
//! checkpoint alone never finishes while commits keep landing, so SQLite
//! never restarts the WAL and it grows for as long as the load lasts (it
//! did: 70 MB/s at 2,000 LLM questions/s). The checkpoint thread must finish
//! it with commits paused; each restart bumps the checkpoint sequence number
//! in the WAL header, which this test reads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pitwall_store::sqlite::CheckpointTuning;
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

/// The WAL header's checkpoint sequence number: SQLite bumps it each time it
/// restarts the WAL from its beginning.
fn wal_restarts(wal: &Path) -> u32 {
    match std::fs::read(wal) {
        Ok(bytes) if bytes.len() >= 16 => {
            u32::from_be_bytes([bytes[12], bytes[13], bytes[14], bytes[15]])
        }
        _ => 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sustained_writes_restart_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let wal = path.with_extension("sqlite-wal");
    // Ticks of 100 ms catching up at 1 MiB, so any machine writes enough
    // between ticks for several restarts in a couple of seconds.
    let tuning = CheckpointTuning {
        every: Duration::from_millis(100),
        catch_up_frames: 256,
    };
    let store = Arc::new(SqliteStore::open_tuned(&path, tuning).await.unwrap());
    store.insert_history(&wide_entry(0)).await.unwrap();
    let restarts_before = wal_restarts(&wal);
    let written = Arc::new(AtomicU64::new(1));
    // Bounded in time and count: eight writers, 3 s or 100,000 rows.
    let until = Instant::now() + Duration::from_secs(3);
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..8_u64 {
        let (store, written) = (Arc::clone(&store), Arc::clone(&written));
        writers.spawn(async move {
            let mut i = 1 + w;
            while Instant::now() < until && written.load(Ordering::Relaxed) < 100_000 {
                let entry = wide_entry(i);
                tokio::time::timeout(Duration::from_secs(10), store.insert_history(&entry))
                    .await
                    .expect("a write was never answered")
                    .unwrap();
                written.fetch_add(1, Ordering::Relaxed);
                i += 8;
            }
        });
    }
    while let Some(done) = writers.join_next().await {
        done.unwrap();
    }
    let restarts = wal_restarts(&wal).wrapping_sub(restarts_before);
    let rows = written.load(Ordering::Relaxed);
    // Without the catch-up the writes never leave a moment for the WAL to
    // restart: zero restarts.
    assert!(
        restarts >= 3,
        "the WAL restarted {restarts} times under 3 s of writes ({rows} rows)"
    );
    // Every acknowledged row is stored.
    let stored = common::count_history(store.as_ref()).await as u64;
    assert_eq!(stored, rows);
}
