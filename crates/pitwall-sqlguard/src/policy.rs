//! What untrusted SQL may touch: tables, functions, row and time budgets.

use std::time::Duration;

/// Longest SQL text accepted, in bytes. LLM-written analytical queries are far
/// shorter; the cap bounds parser work and AST size.
pub const MAX_SQL_BYTES: usize = 10 * 1024;

/// Parser recursion limit (nesting of subqueries, parentheses, expressions).
/// Bounds stack use in the parser and in every later walk over the AST.
pub const MAX_NESTING: usize = 48;

/// Largest string or blob a guarded query may build, in bytes. SQLite checks
/// the clock only between VM instructions, and one function call is one
/// instruction however big its input, so this cap is what bounds the work of
/// one call: ~50 µs for a linear pass, a few ms for the worst quadratic
/// (`instr`/`replace`). 32 KiB holds any real F1 value many times over (all
/// driver names in one `group_concat` is ~16 KB).
pub const MAX_VALUE_BYTES: usize = 32 * 1024;

/// Longest LIKE / GLOB pattern, in bytes. Matching is O(value × pattern):
/// `'%aaa…b'` over a long value backtracks at every position, so the pattern
/// length multiplies [`MAX_VALUE_BYTES`]. Real patterns (`'%Hamilton%'`,
/// `'%' || name || '%'`) are far shorter.
pub const MAX_LIKE_PATTERN_BYTES: usize = 100;

/// Most arguments to one function call: bounds `concat`, `char`, `printf`
/// and date modifiers, whose work grows with the argument count.
pub const MAX_FUNCTION_ARGS: usize = 32;

/// Functions whose work grows faster than their input, up to
/// [`MAX_VALUE_BYTES`]² for one call: `instr` and `replace` compare the
/// needle at every position, `trim` scans its character set for every
/// character, LIKE and GLOB backtrack. A query may contain at most
/// [`MAX_HEAVY_CALLS`] such calls (~3-7 ms each at worst under the limits).
pub const HEAVY_FUNCTIONS: &[&str] =
    &["instr", "replace", "trim", "ltrim", "rtrim", "like", "glob"];

/// Most calls of [`HEAVY_FUNCTIONS`] (LIKE and GLOB operators included) in
/// one query, counted after SQLite inlines CTEs and subqueries. At the worst
/// few ms each this keeps one row's work well under the time limit.
pub const MAX_HEAVY_CALLS: u64 = 16;

/// Longest character set `trim`, `ltrim` and `rtrim` may strip, in
/// characters. SQLite compares every stripped character with every member of
/// the set, so an unbounded set makes one call quadratic; real sets are a few
/// characters (`' '`, `'0'`, `'.,'`).
pub const MAX_TRIM_CHARS: usize = 32;

/// Most expression nodes in a query once SQLite's query flattener has copied
/// every CTE and subquery column into each place that names it. Copies
/// multiply (eight references per level, seven levels: 8^7), and SQLite
/// builds them while preparing the statement, before any clock check; legit
/// queries stay in the hundreds.
pub const MAX_EXPANDED_NODES: u64 = 20_000;

/// The tables of the F1 schema (`pitwall_f1data::SCHEMA_SQL`): the import's
/// own list, so a table added to the schema is allowed in one place.
pub const F1_TABLES: [&str; 17] = pitwall_f1data::TABLES;

/// Functions untrusted SQL may call: pure scalar, aggregate and window
/// functions. Deliberately absent: anything touching files or extensions
/// (`load_extension`, `readfile`, `writefile`, `edit`, `fts3_tokenizer`),
/// `sqlite_*` introspection, and blob makers (`randomblob`, `zeroblob`) that
/// allocate whatever size they are asked for.
///
/// Every one does bounded work per call under the execution limits
/// ([`MAX_VALUE_BYTES`], [`MAX_LIKE_PATTERN_BYTES`], [`MAX_FUNCTION_ARGS`]);
/// the super-linear ones are also counted ([`HEAVY_FUNCTIONS`]) and `trim`'s
/// character set must be a short literal ([`MAX_TRIM_CHARS`]).
/// `tests/time_limit.rs` holds adversarial cases for each and fails for a
/// function added here without them.
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

/// Whether `name` (any case) is one of [`HEAVY_FUNCTIONS`].
pub(crate) fn is_heavy_function(name: &str) -> bool {
    HEAVY_FUNCTIONS.iter().any(|f| f.eq_ignore_ascii_case(name))
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
