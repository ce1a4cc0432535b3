//! A queued ledger row nobody awaits is never lost silently: refused after
//! close, it is logged with what an operator needs to reconcile the spend.
//! One test in its own binary, with a global subscriber (tracing caches
//! per-callsite interest across threads).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io;
use std::sync::{Arc, Mutex};

use pitwall_store::{AppStore, SqliteStore};

#[derive(Clone, Default)]
struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_queued_row_refused_after_close_is_logged_with_its_request_and_cost() {
    let logs = LogCapture::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let store = SqliteStore::in_memory().await.unwrap();
    store.close().await;
    store.queue_usage(&common::usage(4_321)).await;
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logged.contains("a queued app-database write failed"),
        "{logged}"
    );
    assert!(
        logged.contains("usage-ledger row of request req-4321 (4321 µ$, anonymous, gpt-4o-mini)"),
        "{logged}"
    );
    assert!(logged.contains("the app database is closed"), "{logged}");
}
