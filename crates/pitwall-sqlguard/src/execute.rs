//! Running checked SQL on a read-only connection, with SQLite itself enforcing
//! the same rules again (authorizer) plus a wall-clock limit and size limits.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use pitwall_f1data::{sqlite_to_json, Table};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, DatabaseName, ErrorCode};

use crate::policy::{
    function_allowed, is_heavy_function, is_sqlite_internal, MAX_FUNCTION_ARGS, MAX_HEAVY_CALLS,
    MAX_LIKE_PATTERN_BYTES, MAX_VALUE_BYTES,
};
use crate::{GuardError, GuardPolicy, GuardedSql};

/// VM instructions between two clock checks. SQLite only looks at the count
/// at the bottom of a loop, so a row's instructions always run; a small count
/// makes that about every row, so that a few rows of capped-but-costly calls
/// (`instr` over 32 KiB, a few ms each) cannot add up past the deadline.
/// Each check is one clock read: a few percent of a pure scan (under 10% in
/// a debug build), nothing next to the rest of an LLM round trip.
const PROGRESS_STEPS: i32 = 100;

/// SQLite limits while a guarded statement is prepared and run. One VM
/// instruction (one function call) cannot be interrupted, so these bound what
/// one instruction can do, and the program size bounds how many instructions
/// run between two clock checks:
///
/// * value size, LIKE pattern and argument count: see their constants;
/// * program size: 25,000 instructions (a 400-byte F1 query compiles to ~300,
///   a 10 KiB one to under 10,000), which also bounds a row's straight-line code;
/// * SQL text: 64 KiB, room for the re-rendering of a 10 KiB input;
/// * result columns 200, expression depth 200 (SQLite's defaults, 2000 and
///   1000, only ever serve attacks here), compound SELECT arms 50;
/// * attached databases 0 (the authorizer refuses ATTACH too).
const LIMITS: [(Limit, i32); 9] = [
    (Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES as i32),
    (
        Limit::SQLITE_LIMIT_LIKE_PATTERN_LENGTH,
        MAX_LIKE_PATTERN_BYTES as i32,
    ),
    (Limit::SQLITE_LIMIT_FUNCTION_ARG, MAX_FUNCTION_ARGS as i32),
    (Limit::SQLITE_LIMIT_VDBE_OP, 25_000),
    (Limit::SQLITE_LIMIT_SQL_LENGTH, 64 * 1024),
    (Limit::SQLITE_LIMIT_COLUMN, 200),
    (Limit::SQLITE_LIMIT_EXPR_DEPTH, 200),
    (Limit::SQLITE_LIMIT_COMPOUND_SELECT, 50),
    (Limit::SQLITE_LIMIT_ATTACHED, 0),
];

/// Runs SQL accepted by [`crate::check`] and returns at most `policy.max_rows` rows.
///
/// Refuses a connection that can write. While the query runs, an authorizer
/// allows only reads of the allowed tables, `SELECT`, allowlisted functions
/// and recursive CTEs; a progress handler interrupts it once `policy.timeout`
/// has elapsed. Both are removed again before returning, on every path,
/// because the connection usually goes back to a pool.
pub fn execute(
    conn: &Connection,
    guarded: &GuardedSql,
    policy: &GuardPolicy,
) -> Result<Table, GuardError> {
    if !conn.is_readonly(DatabaseName::Main)? {
        return Err(GuardError::WritableConnection);
    }
    let timed_out = Arc::new(AtomicBool::new(false));
    let denied = Arc::new(Mutex::new(None));
    let hooks = HookGuard::install(conn, policy, Arc::clone(&timed_out), Arc::clone(&denied));
    let max_rows = usize::try_from(policy.max_rows).unwrap_or(usize::MAX);
    let result = fetch(conn, &guarded.sql, max_rows);
    drop(hooks);
    result.map_err(|err| {
        let denied = denied.lock().ok().and_then(|mut slot| slot.take());
        classify(err, timed_out.load(Ordering::SeqCst), denied)
    })
}

/// Largest result kept, in bytes of cell text: rows past it are dropped.
/// The row cap and the value cap alone would still allow ~32 MB
/// (`printf('%.*c', 32000, 'x')` in 1000 rows), and the table goes into the
/// response, history and cache.
pub const MAX_RESULT_BYTES: usize = 256 * 1024;

/// Prepares without the statement cache on purpose: a cached statement would
/// skip the authorizer, which only runs at prepare time.
fn fetch(conn: &Connection, sql: &str, max_rows: usize) -> rusqlite::Result<Table> {
    let mut stmt = conn.prepare(sql)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let width = columns.len();
    let mut rows_out = Vec::new();
    let mut rows = stmt.query([])?;
    let mut bytes = 0usize;
    while rows_out.len() < max_rows {
        let Some(row) = rows.next()? else { break };
        let mut out = Vec::with_capacity(width);
        for i in 0..width {
            let value = sqlite_to_json(row.get_ref(i)?);
            bytes = bytes.saturating_add(match &value {
                serde_json::Value::String(s) => s.len(),
                _ => 16,
            });
            out.push(value);
        }
        if bytes > MAX_RESULT_BYTES {
            break;
        }
        rows_out.push(out);
    }
    Ok(Table {
        columns,
        rows: rows_out,
    })
}

/// SQLite reports a denied function as a plain SQLITE_ERROR, so a denial is
/// recognised by what the authorizer recorded, not by the error code.
fn classify(err: rusqlite::Error, timed_out: bool, denied: Option<String>) -> GuardError {
    if let Some(action) = denied {
        return GuardError::Denied(action);
    }
    match err.sqlite_error_code() {
        Some(ErrorCode::OperationInterrupted) if timed_out => GuardError::Timeout,
        Some(ErrorCode::AuthorizationForStatementDenied) => GuardError::Denied(err.to_string()),
        _ => GuardError::Sqlite(err),
    }
}

/// Installs the authorizer, progress handler and limits; `Drop` undoes all
/// of them so an early return or a panic cannot leave them on a pooled
/// connection.
struct HookGuard<'c> {
    conn: &'c Connection,
    previous_limits: Vec<(Limit, i32)>,
}

impl<'c> HookGuard<'c> {
    fn install(
        conn: &'c Connection,
        policy: &GuardPolicy,
        timed_out: Arc<AtomicBool>,
        denied: Arc<Mutex<Option<String>>>,
    ) -> Self {
        let allowed_tables: Vec<String> = policy
            .allowed_tables
            .iter()
            .map(|t| t.to_ascii_lowercase())
            .collect();
        // Counted at prepare time, once per call site (and once more per
        // extra reference to a CTE, which SQLite compiles again).
        let mut heavy_calls: u64 = 0;
        conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            let mut denial = (!authorize(&ctx, &allowed_tables)).then(|| describe(&ctx.action));
            if let AuthAction::Function { function_name } = ctx.action {
                if is_heavy_function(function_name) {
                    heavy_calls += 1;
                    if heavy_calls > MAX_HEAVY_CALLS {
                        denial.get_or_insert_with(|| {
                            format!(
                                "more than {MAX_HEAVY_CALLS} calls of instr/replace/trim/LIKE/GLOB in one query"
                            )
                        });
                    }
                }
            }
            match denial {
                None => Authorization::Allow,
                Some(reason) => {
                    if let Ok(mut slot) = denied.lock() {
                        slot.get_or_insert(reason);
                    }
                    Authorization::Deny
                }
            }
        }));
        let deadline = Instant::now() + policy.timeout;
        conn.progress_handler(
            PROGRESS_STEPS,
            Some(move || {
                let late = Instant::now() >= deadline;
                if late {
                    timed_out.store(true, Ordering::SeqCst);
                }
                late
            }),
        );
        let previous_limits = LIMITS
            .iter()
            .map(|&(limit, value)| (limit, conn.set_limit(limit, value)))
            .collect();
        HookGuard {
            conn,
            previous_limits,
        }
    }
}

impl Drop for HookGuard<'_> {
    fn drop(&mut self) {
        self.conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        self.conn.progress_handler(0, None::<fn() -> bool>);
        for &(limit, previous) in &self.previous_limits {
            self.conn.set_limit(limit, previous);
        }
    }
}

/// The defence-in-depth allowlist, evaluated by SQLite while it compiles the
/// statement: anything but reading allowed tables of `main`, SELECT,
/// allowlisted functions and recursive CTEs is denied.
fn authorize(ctx: &AuthContext<'_>, allowed_tables: &[String]) -> bool {
    match ctx.action {
        AuthAction::Select | AuthAction::Recursive => true,
        AuthAction::Function { function_name } => function_allowed(function_name),
        AuthAction::Read {
            table_name,
            column_name,
        } => {
            let table = table_name.to_ascii_lowercase();
            if is_sqlite_internal(&table) {
                false
            } else if column_name.is_empty() {
                // SQLite's "no column read" notice (count(*), a CTE used as a
                // row source): it names CTEs too, carries no schema and
                // reveals no values; the CTE's own column reads come through
                // as reads of the underlying real tables.
                true
            } else {
                ctx.database_name == Some("main") && allowed_tables.contains(&table)
            }
        }
        _ => false,
    }
}

/// The denied action in words, for the error sent back to the LLM.
fn describe(action: &AuthAction<'_>) -> String {
    match action {
        AuthAction::Read {
            table_name,
            column_name,
        } => format!("reading {table_name}.{column_name}"),
        AuthAction::Function { function_name } => format!("calling function {function_name}"),
        AuthAction::Pragma { pragma_name, .. } => format!("PRAGMA {pragma_name}"),
        AuthAction::Attach { filename } => format!("ATTACH {filename}"),
        other => format!("{other:?}"),
    }
}
