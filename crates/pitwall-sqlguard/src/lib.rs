//! Guard for untrusted (LLM-written) SQL: parse, allow one read-only SELECT, cap rows, time-limit execution.
//!
//! Two independent layers: [`check`] parses the SQL with sqlparser and accepts
//! only one query over allowlisted tables and functions, re-rendering it with
//! a capped LIMIT; [`execute`] runs that rendering on a read-only connection
//! under an SQLite authorizer enforcing the same allowlists, a wall-clock
//! limit and a value-size limit. Either layer alone should stop an attack.

mod check;
mod error;
mod execute;
mod inspect;
mod limit;
mod policy;

pub use check::{check, GuardedSql};
pub use error::GuardError;
pub use execute::execute;
pub use pitwall_f1data::Table;
pub use policy::{GuardPolicy, ALLOWED_FUNCTIONS, F1_TABLES, MAX_NESTING, MAX_SQL_BYTES};

/// [`check`] then [`execute`]: the usual entry point for a tool call.
pub fn check_and_execute(
    conn: &rusqlite::Connection,
    sql: &str,
    policy: &GuardPolicy,
) -> Result<(GuardedSql, Table), GuardError> {
    let guarded = check(sql, policy)?;
    let table = execute(conn, &guarded, policy)?;
    Ok((guarded, table))
}
