//! WAL checkpoints off the write path.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses 1,000
//! WAL pages, on the writer, and syncs the WAL and the database file there:
//! every answer queued behind that commit waits for two fsyncs (measured as
//! the p99 of history writes under load). The writer turns it off; this
//! thread runs a PASSIVE checkpoint on its own connection instead, which
//! never blocks the writer or readers.
//!
//! Under sustained writes a PASSIVE checkpoint never finishes: commits land
//! while it copies, so the WAL is never wholly folded back, SQLite never
//! restarts it from the top, and it grows without bound (measured: 70 MB/s
//! at 2,000 LLM questions/s, and every commit paying for new disk blocks).
//! So when a checkpoint leaves a big WAL unfinished, the thread pauses
//! commits (it holds the write connection), folds back the few frames that
//! arrived meanwhile — a millisecond or two, mostly fsyncs — and lets go; the next
//! commit then restarts the WAL at its beginning. Writes that queued during
//! the pause are committed by this thread, not by a request.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::writer::Writer;
use crate::StoreError;

/// When the checkpoint thread works.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// How often the WAL is folded back into the database file.
    pub every: Duration,
    /// A WAL of at least this many frames is caught up with commits paused,
    /// so it restarts.
    pub catch_up_frames: i64,
}

impl Default for Tuning {
    /// Every 0.5 s; catch up at 8,192 frames (32 MiB at 4 KiB pages). Each
    /// pause stalls commits ~1-2 ms on a local SSD (the last frames' copy and
    /// the two fsyncs a checkpoint needs), so it happens about once a second
    /// at 2,000 LLM questions/s, not every tick.
    fn default() -> Self {
        Tuning {
            every: Duration::from_millis(500),
            catch_up_frames: 8_192,
        }
    }
}

/// Handle to the checkpoint thread; stopping it joins it.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    stop: Mutex<Option<mpsc::Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpointer {
    /// Opens its connection and starts the thread, which flushes the
    /// writer's queued writes before each checkpoint (so none waits longer
    /// than one tick) and pauses it to finish a checkpoint the writes outran.
    pub(crate) fn start(
        path: &Path,
        writer: Arc<Writer>,
        tuning: Tuning,
    ) -> Result<Checkpointer, StoreError> {
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
            .spawn(move || {
                // Frames in the WAL at the last tick: unchanged means no commit
                // since, so there is nothing to catch up (an idle store).
                let mut last_log = 0;
                loop {
                    match stopped.recv_timeout(tuning.every) {
                        Err(RecvTimeoutError::Timeout) => {
                            writer.flush();
                            last_log = tick(&conn, &writer, tuning, last_log);
                        }
                        // Stop asked, or the store was dropped (then nobody
                        // else would commit what is still queued).
                        _ => {
                            writer.flush();
                            return;
                        }
                    }
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

/// One checkpoint: PASSIVE (copies what it can without waiting for anyone),
/// then, if writes outran it on a big WAL, the rest with commits paused.
/// Returns the WAL's frame count for the next tick.
fn tick(conn: &Connection, writer: &Arc<Writer>, tuning: Tuning, last_log: i64) -> i64 {
    match passive(conn) {
        // `done == log` as of the checkpoint's start; commits made while it
        // ran are not in `log`, so a big WAL is caught up even then.
        Ok((log, _)) if log >= tuning.catch_up_frames && log != last_log => {
            // A second pass first copies most of what landed during the
            // first, so the pause below copies (and stalls commits for) less.
            let _ = passive(conn);
            let mut caught_up = None;
            writer.paused(|| caught_up = Some(passive(conn)));
            match caught_up {
                Some(Ok((log, done))) if done < log => {
                    // A reader still holds an older snapshot; next tick.
                    tracing::debug!(log, done, "WAL checkpoint still unfinished");
                    log
                }
                Some(Ok((log, _))) => log,
                Some(Err(e)) => {
                    tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
                    log
                }
                None => log,
            }
        }
        Ok((log, _)) => log,
        Err(e) => {
            tracing::warn!(error = %e, "WAL checkpoint failed; will retry");
            last_log
        }
    }
}

/// Runs a PASSIVE checkpoint; returns the WAL's frames and how many are
/// folded back (both -1 when the database is not in WAL mode).
fn passive(conn: &Connection) -> rusqlite::Result<(i64, i64)> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok((row.get(1)?, row.get(2)?))
    })
}
