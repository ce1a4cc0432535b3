//! The pause the checkpoint thread takes: writes wait for it, then commit;
//! a panic inside it does not leave later writes stranded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use crate::{new_id, AppStore, HistoryEntry, SqliteStore};

fn entry(question: &str) -> HistoryEntry {
    HistoryEntry {
        id: new_id(),
        question: question.into(),
        normalised: question.into(),
        answer: "a".into(),
        source: "local".into(),
        status: "answered".into(),
        reason: None,
        intent: None,
        interpretation: String::new(),
        unparsed: vec![],
        sql: None,
        params: vec![],
        columns: vec![],
        rows: vec![],
        column_labels: vec![],
        chart: None,
        row_count: 0,
        truncated: false,
        confidence: None,
        latency_ms: 1,
        request_id: "req".into(),
        principal: "anonymous".into(),
        created_at: chrono::Utc::now(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_during_a_pause_waits_for_it_then_commits() {
    let store = Arc::new(SqliteStore::in_memory().await.unwrap());
    let writer = Arc::clone(&store.writer);
    let (entered, in_pause) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let pauser = std::thread::spawn(move || {
        writer.paused(|| {
            entered.send(()).unwrap();
            released.recv().unwrap();
        })
    });
    tokio::task::spawn_blocking(move || in_pause.recv().unwrap())
        .await
        .unwrap();
    let e = entry("during the pause");
    let id = e.id;
    let writing = Arc::clone(&store);
    let write = tokio::spawn(async move { writing.insert_history(&e).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!write.is_finished(), "a write committed during the pause");
    release.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), write)
        .await
        .expect("the write queued during the pause was never committed")
        .unwrap()
        .unwrap();
    pauser.join().unwrap();
    assert!(store.get_history(id).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_inside_a_pause_does_not_strand_later_writes() {
    let store = SqliteStore::in_memory().await.unwrap();
    let writer = Arc::clone(&store.writer);
    let panicked = std::thread::spawn(move || writer.paused(|| panic!("checkpoint blew up")))
        .join()
        .is_err();
    assert!(panicked);
    let e = entry("after the panic");
    tokio::time::timeout(Duration::from_secs(5), store.insert_history(&e))
        .await
        .expect("a write after a panicked pause was never answered")
        .unwrap();
    assert!(store.get_history(e.id).await.unwrap().is_some());
}

/// Writes that are ready together commit together: each waits for the
/// others already runnable to queue theirs, so twenty concurrent answers
/// cost one commit, not twenty (a commit's WAL frames are most of a
/// write's cost). On a current-thread runtime the grouping is exact.
#[tokio::test(flavor = "current_thread")]
async fn writes_ready_together_share_one_commit() {
    let store = Arc::new(SqliteStore::in_memory().await.unwrap());
    let before = store.writer.commits();
    let writes: Vec<_> = (0..20)
        .map(|i| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.insert_history(&entry(&format!("q{i}"))).await })
        })
        .collect();
    for w in writes {
        w.await.unwrap().unwrap();
    }
    // One commit; two if the checkpoint thread's tick (which commits what is
    // queued) happened to land while they queued. Without the grouping: 20.
    let grouped = store.writer.commits() - before;
    assert!(
        (1..=2).contains(&grouped),
        "{grouped} commits for 20 writes"
    );
    // A lone write still commits at once, on its own.
    store.insert_history(&entry("alone")).await.unwrap();
    assert_eq!(store.writer.commits() - before, grouped + 1);
    let page = crate::HistoryPage {
        limit: 50,
        before: None,
    };
    assert_eq!(store.list_history(page).await.unwrap().len(), 21);
}
