//! What one commit does: the writes it applies, in one transaction, and
//! who hears how each went.

use rusqlite::{params, Connection};
use tokio::sync::oneshot;

use crate::{AlertRow, HistoryEntry, RollupRow, UsageRow};

/// One write the writer applies.
pub(crate) enum WriteOp {
    /// A history row (JSON columns already encoded by the caller).
    History(Box<EncodedHistory>),
    /// A usage-ledger row.
    Usage(UsageRow),
    /// An alert row.
    Alert(AlertRow),
    /// One flush of per-minute roll-ups, each added to its stored row.
    Rollups(Vec<RollupRow>),
    /// One fixed statement with bound values (accounts, plans, settings,
    /// audit, history erasure): the SQL is a literal, never built from input.
    Exec {
        /// The statement.
        sql: &'static str,
        /// Its `?` values, in order.
        args: Vec<rusqlite::types::Value>,
    },
    /// A fixed statement that may return rows (a pragma such as
    /// `incremental_vacuum`), stepped to its end; the rows are discarded.
    Stepped(&'static str),
    /// Fixed statements applied all or nothing (a savepoint), in order:
    /// retention folds rows into aggregates and deletes them together.
    Steps(Vec<(&'static str, Vec<rusqlite::types::Value>)>),
    /// Deletes up to `limit` history rows whose id sorts below `cutoff`.
    PruneHistory {
        /// Exclusive upper bound of `id` (see `id_floor`).
        cutoff: String,
        /// Rows deleted at most by this op (the caller loops).
        limit: i64,
    },
}

/// A history entry with its JSON columns serialised.
pub(crate) struct EncodedHistory {
    pub(crate) entry: HistoryEntry,
    pub(crate) columns_json: String,
    pub(crate) rows_json: String,
    pub(crate) params_json: String,
    pub(crate) unparsed_json: String,
    pub(crate) presentation_json: String,
}

/// Who hears how a write went.
pub(crate) enum Reply {
    /// A caller awaiting the commit.
    Waiting(oneshot::Sender<Result<u64, String>>),
    /// A write queued to ride the next commit (see `Writer::submit`):
    /// nobody waits for it, so a failure is logged with what was lost.
    Detached,
}

impl Reply {
    /// Answers the caller of `op`, or logs a detached write's failure.
    pub(crate) fn send(self, op: &WriteOp, result: Result<u64, String>) {
        match (self, result) {
            (Reply::Waiting(tx), result) => {
                let _ = tx.send(result);
            }
            (Reply::Detached, Err(error)) => {
                tracing::error!(%error, lost = %op.describe(), "a queued app-database write failed");
            }
            (Reply::Detached, Ok(_)) => {}
        }
    }
}

impl WriteOp {
    /// What is lost if this write fails, for the log: enough to reconcile a
    /// ledger row by hand. Built only on failure, not on the write path.
    fn describe(&self) -> String {
        match self {
            WriteOp::History(h) => format!("history row {}", h.entry.id),
            WriteOp::Usage(r) => format!(
                "usage-ledger row of request {} ({} µ$, {}, {})",
                r.request_id, r.cost_micros, r.principal, r.model
            ),
            WriteOp::Alert(a) => format!("alert {}: {}", a.kind, a.message),
            WriteOp::Rollups(rows) => format!("{} roll-up rows", rows.len()),
            WriteOp::PruneHistory { cutoff, .. } => format!("history prune before {cutoff}"),
            WriteOp::Exec { sql, .. } => format!("statement {sql}"),
            WriteOp::Steps(steps) => format!("{} retention statements", steps.len()),
            WriteOp::Stepped(sql) => format!("statement {sql}"),
        }
    }
}

/// Answers every caller of the batch with the same error.
pub(crate) fn fail_all(batch: Vec<(WriteOp, Reply)>, msg: &str) {
    for (op, reply) in batch {
        reply.send(&op, Err(msg.to_string()));
    }
}

pub(crate) fn refuse(batch: Vec<(WriteOp, Reply)>) {
    fail_all(batch, "the app database is closed");
}

/// Runs the batch in one transaction and answers every caller. A statement
/// that fails with a constraint error fails only its own write (SQLite aborts
/// the statement, not the transaction); an error that rolls the transaction
/// back, or a failing COMMIT, fails them all.
pub(crate) fn commit(conn: &Connection, batch: Vec<(WriteOp, Reply)>) {
    if batch.is_empty() {
        return;
    }
    // Cached statements: `execute_batch` would parse them on every commit.
    if let Err(e) = run_cached(conn, "BEGIN IMMEDIATE") {
        return fail_all(batch, &e.to_string());
    }
    let mut results: Vec<Result<u64, String>> = Vec::with_capacity(batch.len());
    for (op, _) in &batch {
        let result = apply(conn, op).map_err(|e| e.to_string());
        let failed = result.is_err();
        results.push(result);
        // SQLITE_FULL, IOERR or NOMEM may roll back the whole transaction:
        // then nothing in the batch is stored, and the rest must not run in
        // autocommit mode.
        if failed && conn.is_autocommit() {
            return fail_all(batch, "the transaction was rolled back by the database");
        }
    }
    if let Err(e) = run_cached(conn, "COMMIT") {
        let _ = conn.execute_batch("ROLLBACK");
        return fail_all(batch, &e.to_string());
    }
    for ((op, reply), result) in batch.into_iter().zip(results) {
        reply.send(&op, result);
    }
}

fn run_cached(conn: &Connection, sql: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute([])
}

fn apply(conn: &Connection, op: &WriteOp) -> rusqlite::Result<u64> {
    let changed = match op {
        WriteOp::History(h) => {
            let e = &h.entry;
            conn.prepare_cached(
                "INSERT INTO history (id, question, normalised, answer, source, status, reason, intent, \
                 sql_text, columns_json, rows_json, params_json, row_count, truncated, confidence, \
                 latency_ms, request_id, principal, created_at, interpretation, unparsed_json, presentation_json) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                e.truncated,
                e.confidence,
                e.latency_ms,
                e.request_id,
                e.principal,
                super::ts(e.created_at),
                e.interpretation,
                h.unparsed_json,
                h.presentation_json,
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
                "INSERT INTO alerts (kind, message, scope, percent, at, severity, detail, resolved_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )?
            .execute(params![
                a.kind,
                a.message,
                a.scope,
                a.percent,
                super::ts(a.at),
                a.severity,
                a.detail,
                a.resolved_at.map(super::ts),
            ])?,
        WriteOp::Rollups(rows) => super::rollup::apply(conn, rows)?,
        WriteOp::Exec { sql, args } => conn
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(args.iter()))?,
        WriteOp::Steps(steps) => apply_steps(conn, steps)?,
        WriteOp::Stepped(sql) => {
            let mut stmt = conn.prepare_cached(sql)?;
            let mut rows = stmt.query([])?;
            let mut stepped = 0;
            while rows.next()?.is_some() {
                stepped += 1;
            }
            stepped
        }
        WriteOp::PruneHistory { cutoff, limit } => conn
            .prepare_cached(
                "DELETE FROM history WHERE rowid IN \
                 (SELECT rowid FROM history WHERE id < ? ORDER BY id LIMIT ?)",
            )?
            .execute(params![cutoff, limit])?,
    };
    Ok(u64::try_from(changed).unwrap_or(u64::MAX))
}

/// Runs `steps` inside a savepoint: all or none of them (the batch's other
/// writes keep theirs). Returns the rows the last statement changed.
fn apply_steps(
    conn: &Connection,
    steps: &[(&'static str, Vec<rusqlite::types::Value>)],
) -> rusqlite::Result<usize> {
    conn.prepare_cached("SAVEPOINT retention_steps")?
        .execute([])?;
    let mut changed = 0;
    for (sql, args) in steps {
        match conn
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(rusqlite::params_from_iter(args.iter())))
        {
            Ok(n) => changed = n,
            Err(e) => {
                // Best effort: a rolled-back transaction is reported by the commit.
                let _ = conn.execute_batch("ROLLBACK TO retention_steps; RELEASE retention_steps");
                return Err(e);
            }
        }
    }
    conn.prepare_cached("RELEASE retention_steps")?
        .execute([])?;
    Ok(changed)
}
