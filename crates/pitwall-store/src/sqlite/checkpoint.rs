//! WAL checkpoints off the write path.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses 1,000
//! WAL pages, on the writer, and syncs the WAL and the database file there:
//! every answer queued behind that commit waits for two fsyncs (measured as
//! the p99 of history writes under load). The writer turns it off; this
//! thread runs a PASSIVE checkpoint on its own connection instead, which
//! never blocks the writer or readers, so the WAL stays bounded without
//! stalling commits.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// How often the WAL is folded back into the database file.
const EVERY: Duration = Duration::from_millis(500);

/// Handle to the checkpoint thread; stopping it joins it.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    stop: Mutex<Option<mpsc::Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpointer {
    /// Opens its connection and starts the thread.
    pub(crate) fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Write(e.to_string()))?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(|e| StoreError::Write(e.to_string()))?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("pitwall-sqlite-checkpoint".into())
            .spawn(move || loop {
                match stopped.recv_timeout(EVERY) {
                    Err(RecvTimeoutError::Timeout) => {
                        // PASSIVE: copies what it can without waiting for anyone.
                        if let Err(e) =
                            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                        {
                            tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
                        }
                    }
                    // Stop asked, or the store was dropped.
                    _ => return,
                }
            })
            .map_err(|e| StoreError::Write(format!("starting the checkpoint thread: {e}")))?;
        Ok(Checkpointer {
            stop: Mutex::new(Some(stop)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Stops the thread and closes its connection (before the writer closes,
    /// so the writer is the last connection and checkpoints the WAL fully).
    pub(crate) async fn stop(&self) {
        drop(self.stop.lock().ok().and_then(|mut s| s.take()));
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}
