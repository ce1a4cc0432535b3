//! Running checked SQL on a read-only connection, with SQLite itself enforcing
//! the same rules again (authorizer) plus a wall-clock limit and a size limit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use pitwall_f1data::{sqlite_to_json, Table};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::limits::Limit;
use rusqlite::{Connection, DatabaseName, ErrorCode};

use crate::policy::{function_allowed, is_sqlite_internal};
use crate::{GuardError, GuardPolicy, GuardedSql};

/// VM instructions between two clock checks: frequent enough to stop within a
/// few milliseconds of the deadline, rare enough to cost nothing measurable.
const PROGRESS_STEPS: i32 = 1000;

/// Largest string or blob a guarded query may build. Stops `printf('%.*c', ...)`,
/// nested `replace()` and `group_concat` over cross joins from allocating
/// gigabytes within a single VM step, where the progress handler cannot help.
const MAX_VALUE_BYTES: i32 = 1_000_000;

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
/// The row cap and the 1 MB value cap alone would still allow ~1 GB
/// (`printf('%.*c', 999999, 'x')` in 1000 rows), and the table goes into the
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

/// Installs the authorizer, progress handler and length limit; `Drop` undoes
/// all three so an early return or a panic cannot leave them on a pooled
/// connection.
struct HookGuard<'c> {
    conn: &'c Connection,
    previous_length_limit: i32,
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
        conn.authorizer(Some(move |ctx: AuthContext<'_>| {
            let verdict = authorize(&ctx, &allowed_tables);
            if verdict != Authorization::Allow {
                if let Ok(mut slot) = denied.lock() {
                    slot.get_or_insert_with(|| describe(&ctx.action));
                }
            }
            verdict
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
        let previous_length_limit = conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
        HookGuard {
            conn,
            previous_length_limit,
        }
    }
}

impl Drop for HookGuard<'_> {
    fn drop(&mut self) {
        self.conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        self.conn.progress_handler(0, None::<fn() -> bool>);
        self.conn
            .set_limit(Limit::SQLITE_LIMIT_LENGTH, self.previous_length_limit);
    }
}

/// The defence-in-depth allowlist, evaluated by SQLite while it compiles the
/// statement: anything but reading allowed tables of `main`, SELECT,
/// allowlisted functions and recursive CTEs is denied.
fn authorize(ctx: &AuthContext<'_>, allowed_tables: &[String]) -> Authorization {
    let allowed = match ctx.action {
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
    };
    if allowed {
        Authorization::Allow
    } else {
        Authorization::Deny
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
