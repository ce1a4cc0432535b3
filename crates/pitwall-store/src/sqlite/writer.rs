//! The one SQLite writer: one write connection and group commit by flat
//! combining, with no writer thread.
//!
//! Every write joins a queue, then tries to take the connection. Whoever
//! gets it commits everything queued in one transaction and answers every
//! caller; the others just await their answer. So a burst of N answers costs
//! one commit, and an uncontended write runs inline on its own task: no
//! hand-off to another thread and back, which on a busy 2-core machine cost
//! more (two context switches, ~140 µs p50, ~1 ms p99) than the insert and
//! commit themselves. A write is acknowledged only after the transaction
//! holding it committed, so "durable before the response" holds (WAL with
//! `synchronous=NORMAL`: survives a process crash; a power loss may drop the
//! last commits). Commits are short (no fsync: checkpoints run on their own
//! thread) and long deletes are chunked by the caller, so the inline work
//! stays in the tens of microseconds.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::oneshot;

use super::batch::{commit, refuse, Reply, WriteOp};
use crate::StoreError;

/// Most writes committed in one transaction (bounds one commit's length).
const MAX_BATCH: usize = 256;
/// A commit slower than this is logged: the disk, not SQLite, is the likely cause.
const SLOW_COMMIT: Duration = Duration::from_millis(100);
/// Batches one combiner commits before handing the rest to a blocking
/// thread, so no request task keeps committing for others indefinitely.
const MAX_ROUNDS: usize = 4;

/// How a `drain` ended.
enum Drained {
    /// Someone else holds the connection.
    Busy,
    /// The queue was empty (the connection is released on return).
    Empty,
    /// `max_rounds` batches committed; more may be queued.
    Limit,
}

/// The write connection and the queue of writes waiting for it.
pub(crate) struct Writer {
    /// `None` once closed.
    conn: Mutex<Option<Connection>>,
    queue: Mutex<Vec<(WriteOp, Reply)>>,
    /// Set (under the queue lock) when `close` starts: `submit` then refuses
    /// instead of queueing a write nobody would commit.
    closed: AtomicBool,
    /// Set while the checkpoint thread waits to pause commits: a combiner
    /// lets go of the connection between batches instead of draining on.
    pause_requested: AtomicBool,
    /// The runtime whose blocking pool takes over sustained combining from
    /// the checkpoint thread (which has no runtime of its own).
    runtime: Option<tokio::runtime::Handle>,
    /// Transactions committed, for tests of how writes are grouped.
    commits: AtomicU64,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

impl Writer {
    /// Opens the write connection (creating the file and switching it to WAL).
    pub(crate) fn open(path: &Path) -> Result<Writer, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(write_error)?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(write_error)?;
        conn.execute_batch(
            // Checkpoints run on their own thread (see `checkpoint`), not inside a commit.
            // Incremental vacuum takes only on a new file (before its first
            // table): retention then gives pruned pages back in bounded
            // steps. An older file keeps reusing its free pages; see
            // docs/retention.md for converting it offline.
            "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;",
        )
        .map_err(write_error)?;
        Ok(Writer {
            conn: Mutex::new(Some(conn)),
            queue: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
            pause_requested: AtomicBool::new(false),
            runtime: tokio::runtime::Handle::try_current().ok(),
            commits: AtomicU64::new(0),
        })
    }

    /// Transactions committed so far by `write` and `flush`.
    #[cfg(test)]
    pub(crate) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Applies one write; returns the rows it changed once it is committed.
    pub(crate) async fn write(self: &Arc<Self>, op: WriteOp) -> Result<u64, StoreError> {
        let (reply, done) = oneshot::channel();
        lock(&self.queue).push((op, Reply::Waiting(reply)));
        // Let the tasks already runnable queue their writes first, so one
        // commit carries them all. A commit's cost is mostly its WAL frames
        // (the same few pages whether it holds one row or twenty): without
        // the yield a loaded server committed 1.3 rows per commit and spent
        // ~45 µs of CPU per answer on commits (BENCHMARKS.md). Idle, nothing
        // else is runnable and the yield returns at once.
        tokio::task::yield_now().await;
        self.combine();
        match done.await {
            Ok(result) => result.map_err(StoreError::Write),
            Err(_) => Err(StoreError::Write(
                "the writer stopped before committing".into(),
            )),
        }
    }

    /// Queues a write without committing it: it rides the next commit —
    /// whoever writes next, or `flush` (the checkpoint thread calls it every
    /// tick), or `close` — in queue order, so it commits in the same
    /// transaction as, or an earlier one than, any write queued after it.
    /// Saves a commit when a caller knows another write follows at once (an
    /// LLM call's ledger row, then its question's history row). Nobody
    /// awaits it: if its transaction fails, or the store is closed, the
    /// failure is logged, describing the write (later writes are not failed
    /// with it).
    pub(crate) fn submit(&self, op: WriteOp) {
        let mut queue = lock(&self.queue);
        if self.closed.load(Ordering::Acquire) {
            drop(queue);
            return refuse(vec![(op, Reply::Detached)]);
        }
        queue.push((op, Reply::Detached));
    }

    /// Commits what is queued if nobody else is doing it. Whoever holds the
    /// connection re-checks the queue after releasing it, so a write queued
    /// while the lock was held is never stranded.
    fn combine(self: &Arc<Self>) {
        loop {
            match self.drain(MAX_ROUNDS) {
                // The holder will see our write when it re-checks the queue.
                Drained::Busy => return,
                Drained::Limit => {
                    // Sustained load: a blocking thread carries on combining,
                    // so this request can answer.
                    let this = Arc::clone(self);
                    tokio::task::spawn_blocking(move || this.combine_unbounded());
                    return;
                }
                Drained::Empty if lock(&self.queue).is_empty() => return,
                Drained::Empty => {}
            }
        }
    }

    /// `combine` without the round limit, for a blocking thread.
    fn combine_unbounded(&self) {
        loop {
            match self.drain(usize::MAX) {
                Drained::Busy => return,
                _ if lock(&self.queue).is_empty() => return,
                _ => {}
            }
        }
    }

    /// Takes the connection if it is free and commits up to `max_rounds`
    /// batches from the queue.
    fn drain(&self, max_rounds: usize) -> Drained {
        let conn = match self.conn.try_lock() {
            Ok(conn) => conn,
            Err(TryLockError::Poisoned(p)) => {
                // A panic mid-commit may have left a transaction open; every
                // later BEGIN would fail until it is rolled back.
                let conn = p.into_inner();
                if let Some(c) = conn.as_ref().filter(|c| !c.is_autocommit()) {
                    let _ = c.execute_batch("ROLLBACK");
                }
                self.conn.clear_poison();
                conn
            }
            Err(TryLockError::WouldBlock) => return Drained::Busy,
        };
        for _ in 0..max_rounds {
            if self.pause_requested.load(Ordering::Acquire) {
                // The pauser commits what is queued once it is done.
                return Drained::Busy;
            }
            let batch = {
                let mut queue = lock(&self.queue);
                let take = queue.len().min(MAX_BATCH);
                queue.drain(..take).collect::<Vec<_>>()
            };
            if batch.is_empty() {
                return Drained::Empty;
            }
            match conn.as_ref() {
                Some(c) => {
                    let started = std::time::Instant::now();
                    let writes = batch.len();
                    commit(c, batch);
                    self.commits.fetch_add(1, Ordering::Relaxed);
                    let took = started.elapsed();
                    pitwall_metrics::record::app_db_commit(took.as_secs_f64(), writes);
                    if took >= SLOW_COMMIT {
                        // Commits run on the caller's task: a slow disk stalls
                        // that task's worker thread too, so operators must see it.
                        tracing::warn!(
                            took_ms = took.as_millis() as u64,
                            writes,
                            "slow app-database commit (disk stalled?)"
                        );
                    }
                }
                None => refuse(batch),
            }
        }
        Drained::Limit
    }

    /// Commits what is queued, then closes the connection (checkpointing the
    /// WAL when it is the last one). Later writes fail.
    pub(crate) async fn close(self: &Arc<Self>) {
        let this = Arc::clone(self);
        let _ = tokio::task::spawn_blocking(move || {
            let mut conn = lock(&this.conn);
            let batch = {
                let mut queue = lock(&this.queue);
                this.closed.store(true, Ordering::Release);
                std::mem::take(&mut *queue)
            };
            if let Some(c) = conn.as_ref() {
                commit(c, batch);
            }
            drop(conn.take());
            drop(conn);
            // Writes queued while we held the connection found it busy and
            // left them to us: answer them (refused, now that it is closed).
            this.combine_unbounded();
        })
        .await;
    }

    /// Commits whatever is queued, on the calling thread (the checkpoint
    /// thread's tick). Under sustained load it commits a few batches, then
    /// hands the rest to the runtime's blocking pool, so the checkpoint
    /// thread gets back to checkpointing.
    pub(crate) fn flush(self: &Arc<Self>) {
        loop {
            match self.drain(MAX_ROUNDS) {
                Drained::Busy => return,
                Drained::Empty if lock(&self.queue).is_empty() => return,
                Drained::Empty => {}
                Drained::Limit => {
                    if let Some(runtime) = &self.runtime {
                        let this = Arc::clone(self);
                        runtime.spawn_blocking(move || this.combine_unbounded());
                        return;
                    }
                }
            }
        }
    }

    /// Holds the write connection (waiting for a commit in progress) while
    /// `f` runs, then commits what queued meanwhile. Writers arriving during
    /// the pause find the connection busy and leave their writes queued.
    pub(crate) fn paused(self: &Arc<Self>, f: impl FnOnce()) {
        /// Clears the request even if `f` panics: a flag left set would
        /// make every combiner give up and strand every later write.
        struct Request<'a>(&'a AtomicBool);
        impl Drop for Request<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let started = std::time::Instant::now();
        self.pause_requested.store(true, Ordering::Release);
        let request = Request(&self.pause_requested);
        let conn = lock(&self.conn);
        f();
        drop(request);
        drop(conn);
        let took = started.elapsed();
        if took >= SLOW_COMMIT {
            tracing::warn!(
                took_ms = took.as_millis() as u64,
                "app-database commits were paused long for a WAL checkpoint (slow fsync?)"
            );
        }
        self.flush();
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Only reachable if the store is dropped without `close`: whatever is
        // still queued was never committed, and must not vanish unlogged.
        let left = std::mem::take(&mut *lock(&self.queue));
        if !left.is_empty() {
            refuse(left);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write_error(e: rusqlite::Error) -> StoreError {
    StoreError::Write(e.to_string())
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
