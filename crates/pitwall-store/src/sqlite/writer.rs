//! The one SQLite writer: a dedicated thread that owns the write connection
//! and commits whatever writes are waiting in one transaction (group commit).
//!
//! Why not a pool connection per write: SQLite runs one write at a time, so
//! concurrent writers only queue — in sqlx's worker-thread hand-offs or in
//! SQLite's sleeping busy handler — and each autocommit insert pays its own
//! WAL append. Here a burst of N answers costs one transaction. A write is
//! acknowledged only after the transaction holding it committed, so "durable
//! before the response" still holds (WAL with `synchronous=NORMAL`: survives
//! a process crash; a power loss may drop the last commits).

use std::path::Path;
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags};
use tokio::sync::{mpsc, oneshot};

use crate::{AlertRow, HistoryEntry, StoreError, UsageRow};

/// Most writes committed in one transaction; a bound on how long one commit
/// holds the write lock while readers (WAL) carry on.
const MAX_BATCH: usize = 512;
/// Writes waiting for the writer before callers wait to enqueue (backpressure).
const QUEUE_CAPACITY: usize = 8192;

/// One write the writer thread applies.
pub(crate) enum WriteOp {
    /// A history row (JSON columns already encoded by the caller's task).
    History(Box<EncodedHistory>),
    /// A usage-ledger row.
    Usage(UsageRow),
    /// An alert row.
    Alert(AlertRow),
    /// Deletes history created before the RFC 3339 timestamp.
    PruneHistory(String),
}

/// A history entry with its JSON columns serialised, so the writer thread
/// does no work a request task could do.
pub(crate) struct EncodedHistory {
    pub(crate) entry: HistoryEntry,
    pub(crate) columns_json: String,
    pub(crate) rows_json: String,
    pub(crate) params_json: String,
}

enum Job {
    Write(WriteOp, oneshot::Sender<Result<u64, String>>),
    Close(oneshot::Sender<()>),
}

/// Handle to the writer thread.
#[derive(Debug)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl Writer {
    /// Opens the write connection (creating the file and switching it to WAL)
    /// and starts the thread.
    pub(crate) fn start(path: &Path) -> Result<Writer, StoreError> {
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
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;",
        )
        .map_err(write_error)?;
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let thread = std::thread::Builder::new()
            .name("pitwall-sqlite-writer".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| StoreError::Write(format!("starting the writer thread: {e}")))?;
        Ok(Writer {
            tx,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Applies one write; returns the rows it changed once it is committed.
    pub(crate) async fn write(&self, op: WriteOp) -> Result<u64, StoreError> {
        let (reply, done) = oneshot::channel();
        self.tx
            .send(Job::Write(op, reply))
            .await
            .map_err(|_| StoreError::Write("the app database is closed".into()))?;
        match done.await {
            Ok(result) => result.map_err(StoreError::Write),
            Err(_) => Err(StoreError::Write(
                "the writer stopped before committing".into(),
            )),
        }
    }

    /// Commits what is queued, closes the connection (checkpointing the WAL
    /// when it is the last one) and stops the thread. Later writes fail.
    pub(crate) async fn close(&self) {
        let (reply, done) = oneshot::channel();
        if self.tx.send(Job::Close(reply)).await.is_ok() {
            let _ = done.await;
        }
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            // The thread has already left its loop; joining only reaps it.
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

fn run(conn: Connection, mut rx: mpsc::Receiver<Job>) {
    let mut batch: Vec<(WriteOp, oneshot::Sender<Result<u64, String>>)> = Vec::new();
    while let Some(first) = rx.blocking_recv() {
        let mut closing = None;
        let mut next = Some(first);
        while let Some(job) = next {
            match job {
                Job::Write(op, reply) => batch.push((op, reply)),
                Job::Close(reply) => {
                    closing = Some(reply);
                    break;
                }
            }
            next = if batch.len() < MAX_BATCH {
                rx.try_recv().ok()
            } else {
                None
            };
        }
        if !batch.is_empty() {
            commit(&conn, &mut batch);
        }
        if let Some(reply) = closing {
            rx.close();
            // Writes that raced the close are refused, not dropped silently.
            while let Ok(job) = rx.try_recv() {
                if let Job::Write(_, r) = job {
                    let _ = r.send(Err("the app database is closed".into()));
                }
            }
            drop(conn);
            let _ = reply.send(());
            return;
        }
    }
}

/// Runs the batch in one transaction and answers every caller. A failing
/// statement fails only its own write (SQLite aborts the statement, not the
/// transaction); a failing COMMIT fails them all.
fn commit(conn: &Connection, batch: &mut Vec<(WriteOp, oneshot::Sender<Result<u64, String>>)>) {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        let msg = e.to_string();
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(Err(msg.clone()));
        }
        return;
    }
    let results: Vec<Result<u64, String>> = batch
        .iter()
        .map(|(op, _)| apply(conn, op).map_err(|e| e.to_string()))
        .collect();
    if let Err(e) = conn.execute_batch("COMMIT") {
        let _ = conn.execute_batch("ROLLBACK");
        let msg = e.to_string();
        for (_, reply) in batch.drain(..) {
            let _ = reply.send(Err(msg.clone()));
        }
        return;
    }
    for ((_, reply), result) in batch.drain(..).zip(results) {
        let _ = reply.send(result);
    }
}

fn apply(conn: &Connection, op: &WriteOp) -> rusqlite::Result<u64> {
    let changed = match op {
        WriteOp::History(h) => {
            let e = &h.entry;
            conn.prepare_cached(
                "INSERT INTO history (id, question, normalised, answer, source, status, reason, intent, \
                 sql_text, columns_json, rows_json, params_json, row_count, confidence, latency_ms, \
                 request_id, principal, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                e.id.to_string(),
                e.question,
                e.normalised,
                e.answer,
                e.source,
                e.status,
                e.reason,
                e.intent,
                e.sql,
                h.columns_json,
                h.rows_json,
                h.params_json,
                e.row_count,
                e.confidence,
                e.latency_ms,
                e.request_id,
                e.principal,
                super::ts(e.created_at),
            ])?
        }
        WriteOp::Usage(r) => conn
            .prepare_cached(
                "INSERT INTO usage_ledger (request_id, principal, model, prompt_tokens, cached_tokens, \
                 completion_tokens, cost_micros, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                r.request_id,
                r.principal,
                r.model,
                r.prompt_tokens,
                r.cached_tokens,
                r.completion_tokens,
                r.cost_micros,
                super::ts(r.at),
            ])?,
        WriteOp::Alert(a) => conn
            .prepare_cached(
                "INSERT INTO alerts (kind, message, scope, percent, at) VALUES (?, ?, ?, ?, ?)",
            )?
            .execute(params![a.kind, a.message, a.scope, a.percent, super::ts(a.at)])?,
        WriteOp::PruneHistory(cutoff) => conn
            .prepare_cached("DELETE FROM history WHERE created_at < ?")?
            .execute(params![cutoff])?,
    };
    Ok(u64::try_from(changed).unwrap_or(u64::MAX))
}

fn write_error(e: rusqlite::Error) -> StoreError {
    StoreError::Write(e.to_string())
}
