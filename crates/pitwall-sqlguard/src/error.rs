//! The one error type of the guard. Every message is written for the LLM that
//! produced the SQL (it comes back as the tool error) and for the logs, so it
//! names the offending piece and says what is allowed instead.

/// Why a piece of SQL was rejected or failed to run.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    /// The input is empty or only whitespace/comments.
    #[error("empty SQL: send exactly one SELECT statement")]
    Empty,
    /// The input is longer than the policy allows.
    #[error("SQL is {len} bytes long, the limit is {max} bytes: write a shorter query")]
    TooLong {
        /// Length of the input in bytes.
        len: usize,
        /// The maximum accepted length.
        max: usize,
    },
    /// The statement nests too deeply (subqueries, parentheses, expressions).
    #[error("SQL nests too deeply (more than {limit} levels of subqueries/expressions): flatten it, e.g. with a CTE")]
    TooDeep {
        /// The nesting limit that was exceeded.
        limit: usize,
    },
    /// The SQL does not parse as SQLite SQL.
    #[error("SQL does not parse: {0}")]
    Parse(String),
    /// More than one statement was sent.
    #[error(
        "{count} statements found: send exactly one SELECT statement, with no `;`-separated extras"
    )]
    MultipleStatements {
        /// How many statements were parsed.
        count: usize,
    },
    /// The statement (or a statement nested in it) is not a read-only query.
    #[error("only SELECT (or WITH ... SELECT) is allowed, found {kind}")]
    NotSelect {
        /// What kind of statement was found, e.g. `INSERT` or `PRAGMA`.
        kind: String,
    },
    /// `SELECT ... INTO` writes a table and is not allowed.
    #[error("SELECT ... INTO is not allowed: the query must only read")]
    SelectInto,
    /// A clause that SQLite read-only queries have no use for.
    #[error("unsupported clause: {clause}")]
    UnsupportedClause {
        /// Description of the clause.
        clause: String,
    },
    /// A table that is not one of the allowed F1 tables nor a CTE of the statement.
    #[error("unknown table `{name}`: only the F1 tables ({allowed}) and CTEs defined in the query can be used")]
    UnknownTable {
        /// The table name as written.
        name: String,
        /// The allowed tables, comma separated.
        allowed: String,
    },
    /// An SQLite internal table (`sqlite_*`) or a `pragma_*` table was named.
    #[error("table `{name}` is an SQLite internal and may not be read: use the F1 tables only")]
    ForbiddenTable {
        /// The table name as written.
        name: String,
    },
    /// A schema qualifier other than `main.` (e.g. `temp.`, an attached database).
    #[error("schema-qualified name `{name}` is not allowed: use the bare F1 table name")]
    ForbiddenSchema {
        /// The qualified name as written.
        name: String,
    },
    /// A function outside the allowlist (or a schema-qualified function).
    #[error("function `{name}` is not allowed: use standard aggregate, window, string, math and date functions")]
    ForbiddenFunction {
        /// The function name as written.
        name: String,
    },
    /// A table-valued function in FROM (`pragma_table_info(...)`, `json_each(...)`, ...).
    #[error("table-valued function `{name}` is not allowed in FROM: select from the F1 tables")]
    TableValuedFunction {
        /// The function name as written.
        name: String,
    },
    /// The query could make SQLite do too much work where the time limit
    /// cannot interrupt it: too many expensive calls per row, too large once
    /// CTEs and subqueries are inlined, or an unbounded `trim` character set.
    #[error("query refused as too expensive: {reason}")]
    TooExpensive {
        /// What is too expensive and how to write it instead.
        reason: String,
    },
    /// The connection handed to `execute` can write to the database.
    #[error("refusing to run untrusted SQL on a writable connection: open the database read-only")]
    WritableConnection,
    /// SQLite's authorizer (defence in depth) denied an action the parser check let through.
    #[error("SQLite refused an action the query needs (not a plain read): {0}")]
    Denied(String),
    /// The query ran longer than the policy's time limit and was interrupted.
    #[error("query interrupted: it ran past the time limit; add filters, avoid cross joins, aggregate earlier")]
    Timeout,
    /// Any other SQLite error (no such column, type errors, ...).
    #[error("SQLite error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl GuardError {
    /// A stable machine-readable code for the rejection reason, for metrics
    /// and for callers that branch on the kind of failure.
    pub fn code(&self) -> &'static str {
        match self {
            GuardError::Empty => "empty",
            GuardError::TooLong { .. } => "too_long",
            GuardError::TooDeep { .. } => "too_deep",
            GuardError::Parse(_) => "parse_error",
            GuardError::MultipleStatements { .. } => "multiple_statements",
            GuardError::NotSelect { .. } => "not_select",
            GuardError::SelectInto => "select_into",
            GuardError::UnsupportedClause { .. } => "unsupported_clause",
            GuardError::UnknownTable { .. } => "unknown_table",
            GuardError::ForbiddenTable { .. } => "forbidden_table",
            GuardError::ForbiddenSchema { .. } => "forbidden_schema",
            GuardError::ForbiddenFunction { .. } => "forbidden_function",
            GuardError::TableValuedFunction { .. } => "table_valued_function",
            GuardError::TooExpensive { .. } => "too_expensive",
            GuardError::WritableConnection => "writable_connection",
            GuardError::Denied(_) => "denied",
            GuardError::Timeout => "timeout",
            GuardError::Sqlite(_) => "sqlite_error",
        }
    }

    /// True when the SQL itself was refused before running (as opposed to a
    /// runtime failure such as a timeout or an SQLite error).
    pub fn is_rejection(&self) -> bool {
        !matches!(
            self,
            GuardError::Timeout | GuardError::Sqlite(_) | GuardError::WritableConnection
        )
    }
}
