//! Static check of untrusted SQL: parse with sqlparser (SQLite dialect), allow
//! exactly one read-only query over allowed tables and functions, and cap the
//! rows it can return. Nothing here touches a database.

use sqlparser::ast::{Query, Statement, Visit};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Tokenizer;

use crate::cost::estimate;
use crate::inspect::Inspector;
use crate::limit::cap_limit;
use crate::policy::{MAX_EXPANDED_NODES, MAX_HEAVY_CALLS, MAX_NESTING, MAX_SQL_BYTES};
use crate::tokens::sqlite_numbers;
use crate::{GuardError, GuardPolicy};

/// SQL that passed [`check`]: safe to hand to [`crate::execute`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GuardedSql {
    /// The statement re-rendered from the checked AST, with the row cap applied
    /// as its LIMIT. This, not the input, is what runs: comments and anything
    /// the parser dropped are gone.
    pub sql: String,
    /// The allowed tables the query reads (lowercase, sorted, deduplicated).
    pub tables: Vec<String>,
}

/// Checks untrusted SQL against `policy` and returns the rewritten statement.
///
/// Accepts exactly one `SELECT` / `WITH ... SELECT` (or `VALUES`) whose tables
/// are all allowed tables or CTEs it defines and whose functions are all in
/// [`crate::ALLOWED_FUNCTIONS`]; everything else is an error naming the reason.
pub fn check(sql: &str, policy: &GuardPolicy) -> Result<GuardedSql, GuardError> {
    if sql.len() > MAX_SQL_BYTES {
        return Err(GuardError::TooLong {
            len: sql.len(),
            max: MAX_SQL_BYTES,
        });
    }
    if sql.trim().is_empty() {
        return Err(GuardError::Empty);
    }
    let statements = parse(sql)?;
    let mut query = match statements.len() {
        0 => return Err(GuardError::Empty),
        1 => only_query(statements)?,
        count => return Err(GuardError::MultipleStatements { count }),
    };
    let mut inspector = Inspector::new(policy);
    if let std::ops::ControlFlow::Break(err) = query.visit(&mut inspector) {
        return Err(*err);
    }
    check_cost(&query)?;
    cap_limit(&mut query, policy.max_rows)?;
    Ok(GuardedSql {
        sql: query.to_string(),
        tables: inspector.into_tables(),
    })
}

/// Refuses a query whose flattened size or count of super-linear calls
/// could outrun the time limit (see [`crate::cost`]).
fn check_cost(query: &Query) -> Result<(), GuardError> {
    let cost = estimate(query);
    if cost.nodes > MAX_EXPANDED_NODES {
        return Err(GuardError::TooExpensive {
            reason: format!(
                "once SQLite inlines its CTEs and subqueries the query has about {} expressions \
                 (limit {MAX_EXPANDED_NODES}): name each computed column fewer times, or aggregate \
                 in a CTE before reusing its result",
                cost.nodes
            ),
        });
    }
    if cost.heavy > MAX_HEAVY_CALLS {
        return Err(GuardError::TooExpensive {
            reason: format!(
                "about {} calls of instr/replace/trim/LIKE/GLOB once SQLite inlines its CTEs \
                 and subqueries (limit {MAX_HEAVY_CALLS}): filter with = or IN first, or \
                 combine the patterns",
                cost.heavy
            ),
        });
    }
    Ok(())
}

/// Parses with the SQLite dialect under a recursion limit, so deeply nested
/// input is an error rather than a stack overflow, after putting numbers in
/// the token stream back to SQLite's reading of them ([`sqlite_numbers`]).
fn parse(sql: &str) -> Result<Vec<Statement>, GuardError> {
    let dialect = SQLiteDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|err| parse_error(err.into()))?;
    let tokens = sqlite_numbers(sql, tokens)?;
    Parser::new(&dialect)
        .with_recursion_limit(MAX_NESTING)
        .with_tokens_with_locations(tokens)
        .parse_statements()
        .map_err(parse_error)
}

fn parse_error(err: ParserError) -> GuardError {
    match err {
        ParserError::RecursionLimitExceeded => GuardError::TooDeep { limit: MAX_NESTING },
        ParserError::TokenizerError(msg) | ParserError::ParserError(msg) => GuardError::Parse(msg),
    }
}

/// The single statement, if it is a query.
fn only_query(mut statements: Vec<Statement>) -> Result<Box<Query>, GuardError> {
    match statements.pop() {
        Some(Statement::Query(query)) => Ok(query),
        Some(other) => Err(GuardError::NotSelect {
            kind: statement_kind(&other),
        }),
        None => Err(GuardError::Empty),
    }
}

/// A short name for a statement kind ("Insert", "Pragma", "AttachDatabase"),
/// taken from the variant name so it needs no upkeep as sqlparser grows.
pub(crate) fn statement_kind(statement: &Statement) -> String {
    let debug = format!("{statement:?}");
    debug
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("statement")
        .to_string()
}
