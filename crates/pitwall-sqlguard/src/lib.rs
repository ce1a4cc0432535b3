//! Guard for untrusted (LLM-written) SQL: parse, allow one read-only SELECT, cap rows, time-limit execution.
//!
//! Two independent layers: [`check`] parses the SQL with sqlparser and accepts
//! only one query over allowlisted tables and functions, re-rendering it with
//! a capped LIMIT; [`execute`] runs that rendering on a read-only connection
//! under an SQLite authorizer enforcing the same allowlists, a wall-clock
//! limit and size limits. Either layer alone should stop an attack, with two
//! exceptions only [`check`] covers, because SQLite gives the execution layer
//! nothing to enforce them with: SQLite inlines CTEs and subqueries while it
//! prepares a statement, before any clock check, so only [`check`] can refuse
//! a query that inlines into exponentially many copies; and the authorizer
//! does not see arguments, so only [`check`] keeps `trim`'s character set
//! short ([`MAX_TRIM_CHARS`]).
//!
//! The clock is checked between VM instructions, never inside one, so the
//! time limit holds only because no single instruction can run long: values
//! are capped at [`MAX_VALUE_BYTES`], LIKE/GLOB patterns at
//! [`MAX_LIKE_PATTERN_BYTES`], arguments at [`MAX_FUNCTION_ARGS`], and
//! super-linear calls at [`MAX_HEAVY_CALLS`] per query.

mod check;
mod cost;
mod error;
mod execute;
mod inspect;
mod limit;
mod policy;
mod tokens;

pub use check::{check, GuardedSql};
pub use error::GuardError;
pub use execute::{execute, MAX_RESULT_BYTES};
pub use pitwall_f1data::Table;
pub use policy::{
    GuardPolicy, ALLOWED_FUNCTIONS, F1_TABLES, HEAVY_FUNCTIONS, MAX_EXPANDED_NODES,
    MAX_FUNCTION_ARGS, MAX_HEAVY_CALLS, MAX_LIKE_PATTERN_BYTES, MAX_NESTING, MAX_SQL_BYTES,
    MAX_TRIM_CHARS, MAX_VALUE_BYTES,
};

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
