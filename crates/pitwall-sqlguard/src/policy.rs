//! What untrusted SQL may touch: tables, functions, row and time budgets.

use std::time::Duration;

/// Longest SQL text accepted, in bytes. LLM-written analytical queries are far
/// shorter; the cap bounds parser work and AST size.
pub const MAX_SQL_BYTES: usize = 10 * 1024;

/// Parser recursion limit (nesting of subqueries, parentheses, expressions).
/// Bounds stack use in the parser and in every later walk over the AST.
pub const MAX_NESTING: usize = 48;

/// The tables of the F1 schema (`pitwall_f1data::SCHEMA_SQL`): the import's
/// own list, so a table added to the schema is allowed in one place.
pub const F1_TABLES: [&str; 17] = pitwall_f1data::TABLES;

/// Functions untrusted SQL may call: pure scalar, aggregate and window
/// functions. Deliberately absent: anything touching files or extensions
/// (`load_extension`, `readfile`, `writefile`, `edit`, `fts3_tokenizer`),
/// `sqlite_*` introspection, and blob makers (`randomblob`, `zeroblob`) that
/// allocate whatever size they are asked for.
pub const ALLOWED_FUNCTIONS: &[&str] = &[
    // aggregates
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "total",
    "group_concat",
    "string_agg",
    // window functions
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    // null handling and conditionals
    "coalesce",
    "ifnull",
    "nullif",
    "iif",
    "if",
    "likely",
    "unlikely",
    "likelihood",
    // strings
    "lower",
    "upper",
    "length",
    "octet_length",
    "substr",
    "substring",
    "trim",
    "ltrim",
    "rtrim",
    "replace",
    "instr",
    "printf",
    "format",
    "concat",
    "concat_ws",
    "char",
    "unicode",
    "hex",
    "quote",
    "like",
    "glob",
    "typeof",
    // numbers
    "abs",
    "round",
    "sign",
    "ceil",
    "ceiling",
    "floor",
    "trunc",
    "sqrt",
    "pow",
    "power",
    "exp",
    "ln",
    "log",
    "log10",
    "log2",
    "mod",
    "pi",
    "random",
    // dates
    "date",
    "time",
    "datetime",
    "julianday",
    "strftime",
    "unixepoch",
    "timediff",
    // cast is syntax, but some dialect paths surface it as a call
    "cast",
];

/// The limits applied to one piece of untrusted SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardPolicy {
    /// Tables that may be read (compared ASCII-case-insensitively, as SQLite does).
    pub allowed_tables: Vec<String>,
    /// Most rows returned; the query's LIMIT is lowered to this.
    pub max_rows: u64,
    /// Wall-clock budget for running the query.
    pub timeout: Duration,
}

impl GuardPolicy {
    /// The policy for the F1 database: its 17 tables, 1000 rows, 2 seconds.
    pub fn f1_default() -> Self {
        GuardPolicy {
            allowed_tables: F1_TABLES.iter().map(|t| t.to_string()).collect(),
            max_rows: 1000,
            timeout: Duration::from_secs(2),
        }
    }

    /// Whether `table` (already ASCII-lowercased) is one of the allowed tables.
    pub(crate) fn allows_table(&self, lowercase_table: &str) -> bool {
        self.allowed_tables
            .iter()
            .any(|t| t.eq_ignore_ascii_case(lowercase_table))
    }

    /// The allowed tables as one comma-separated string, for error messages.
    pub(crate) fn allowed_list(&self) -> String {
        self.allowed_tables.join(", ")
    }
}

/// Whether `name` (any case) is an allowlisted function.
pub(crate) fn function_allowed(name: &str) -> bool {
    ALLOWED_FUNCTIONS
        .iter()
        .any(|f| f.eq_ignore_ascii_case(name))
}

/// Names SQLite reserves for itself: its schema tables and pragma table-valued
/// functions. Rejected even as CTE names, so a CTE cannot shadow them in one
/// scope and leave the real table visible in another.
pub(crate) fn is_sqlite_internal(lowercase_name: &str) -> bool {
    lowercase_name.starts_with("sqlite_") || lowercase_name.starts_with("pragma_")
}
