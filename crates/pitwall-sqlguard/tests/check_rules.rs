//! The static check on its own: LIMIT rewriting, table bookkeeping, scoping,
//! policy restrictions and error codes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

use pitwall_sqlguard::{check, GuardError, GuardPolicy};

fn rewritten(sql: &str) -> String {
    check(sql, &GuardPolicy::f1_default())
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .sql
}

fn code(sql: &str, policy: &GuardPolicy) -> &'static str {
    match check(sql, policy) {
        Ok(g) => panic!("{sql} accepted as {}", g.sql),
        Err(e) => e.code(),
    }
}

#[test]
fn limit_is_added_lowered_or_kept() {
    let cases = [
        ("SELECT * FROM results", "SELECT * FROM results LIMIT 1000"),
        (
            "SELECT * FROM results LIMIT 5",
            "SELECT * FROM results LIMIT 5",
        ),
        (
            "SELECT * FROM results LIMIT 1000",
            "SELECT * FROM results LIMIT 1000",
        ),
        (
            "SELECT * FROM results LIMIT 1001",
            "SELECT * FROM results LIMIT 1000",
        ),
        (
            "SELECT * FROM results LIMIT 5000",
            "SELECT * FROM results LIMIT 1000",
        ),
        (
            "SELECT * FROM results LIMIT 99999999999999999999999",
            "SELECT * FROM results LIMIT 1000",
        ),
        // -1 means "no limit" to SQLite.
        (
            "SELECT * FROM results LIMIT -1",
            "SELECT * FROM results LIMIT 1000",
        ),
        (
            "SELECT * FROM results LIMIT 2 + 3",
            "SELECT * FROM results LIMIT 1000",
        ),
        (
            "SELECT * FROM results LIMIT (SELECT 5)",
            "SELECT * FROM results LIMIT 1000",
        ),
        (
            "SELECT * FROM results LIMIT 10 OFFSET 20",
            "SELECT * FROM results LIMIT 10 OFFSET 20",
        ),
        (
            "SELECT * FROM results LIMIT 5000 OFFSET 20",
            "SELECT * FROM results LIMIT 1000 OFFSET 20",
        ),
        (
            "SELECT * FROM results LIMIT 20, 5000",
            "SELECT * FROM results LIMIT 20, 1000",
        ),
        (
            "SELECT * FROM results LIMIT 20, 7",
            "SELECT * FROM results LIMIT 20, 7",
        ),
        (
            "SELECT 1 UNION SELECT 2",
            "SELECT 1 UNION SELECT 2 LIMIT 1000",
        ),
        // Inner limits are the query's business; only the outer one is capped.
        (
            "SELECT * FROM (SELECT * FROM results LIMIT 5000)",
            "SELECT * FROM (SELECT * FROM results LIMIT 5000) LIMIT 1000",
        ),
        // Comments do not survive the rewrite.
        ("SELECT 1 -- ; DROP TABLE results", "SELECT 1 LIMIT 1000"),
        ("SELECT /* x */ 1", "SELECT 1 LIMIT 1000"),
    ];
    for (input, expected) in cases {
        assert_eq!(rewritten(input), expected, "{input}");
    }
}

#[test]
fn smaller_policy_caps_are_applied() {
    let policy = GuardPolicy {
        max_rows: 3,
        ..GuardPolicy::f1_default()
    };
    assert_eq!(
        check("SELECT 1 LIMIT 10", &policy).unwrap().sql,
        "SELECT 1 LIMIT 3"
    );
    assert_eq!(
        check("SELECT 1 LIMIT 2", &policy).unwrap().sql,
        "SELECT 1 LIMIT 2"
    );
}

#[test]
fn tables_are_recorded_lowercase_without_ctes() {
    let guarded = check(
        "WITH w AS (SELECT * FROM Results WHERE position = 1) \
         SELECT d.surname FROM w JOIN DRIVERS d ON d.driverId = w.driverId \
         WHERE w.raceId IN (SELECT raceId FROM main.races WHERE year = 2010)",
        &GuardPolicy::f1_default(),
    )
    .unwrap();
    assert_eq!(guarded.tables, vec!["drivers", "races", "results"]);
}

#[test]
fn ctes_are_scoped_to_the_query_that_defines_them() {
    let policy = GuardPolicy::f1_default();
    // Visible in the body and, recursively, in itself.
    check(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT * FROM n",
        &policy,
    )
    .unwrap();
    // A CTE may shadow an F1 table name; that reads the CTE, not the table.
    let guarded = check(
        "WITH results AS (SELECT 1 AS x) SELECT x FROM results",
        &policy,
    )
    .unwrap();
    assert!(guarded.tables.is_empty(), "{:?}", guarded.tables);
    // Defined inside a subquery: not visible outside it.
    assert_eq!(
        code(
            "SELECT * FROM w WHERE 1 IN (WITH w AS (SELECT 1) SELECT * FROM w)",
            &policy
        ),
        "unknown_table"
    );
    // `main.` always names the real table, never a CTE.
    assert_eq!(
        code("WITH w AS (SELECT 1) SELECT * FROM main.w", &policy),
        "forbidden_schema"
    );
}

#[test]
fn a_narrower_policy_rejects_the_other_tables() {
    let policy = GuardPolicy {
        allowed_tables: vec!["drivers".to_string()],
        ..GuardPolicy::f1_default()
    };
    check("SELECT surname FROM drivers", &policy).unwrap();
    let err = check(
        "SELECT * FROM drivers JOIN results USING (driverId)",
        &policy,
    )
    .unwrap_err();
    assert_eq!(err.code(), "unknown_table");
    let message = err.to_string();
    assert!(
        message.contains("results") && message.contains("drivers"),
        "{message}"
    );
}

#[test]
fn function_names_are_matched_case_insensitively_and_reported() {
    let policy = GuardPolicy::f1_default();
    check(
        "SELECT COUNT(*), Max(points), ROUND(AVG(points), 2) FROM results",
        &policy,
    )
    .unwrap();
    let err = check("SELECT Load_Extension('x')", &policy).unwrap_err();
    assert!(matches!(err, GuardError::ForbiddenFunction { .. }));
    assert!(err.to_string().contains("Load_Extension"), "{err}");
}

#[test]
fn error_codes_are_distinct_and_messages_say_what_to_do() {
    let policy = GuardPolicy::f1_default();
    let samples = [
        ("", "empty"),
        ("SELECT 1; SELECT 2", "multiple_statements"),
        ("DELETE FROM results", "not_select"),
        ("SELECT * FROM nope", "unknown_table"),
        ("SELECT * FROM sqlite_master", "forbidden_table"),
        ("SELECT * FROM temp.results", "forbidden_schema"),
        ("SELECT readfile('x')", "forbidden_function"),
        ("SELECT * FROM json_each('[]')", "table_valued_function"),
        ("SELECT * INTO t FROM results", "select_into"),
        ("SELEC 1", "parse_error"),
    ];
    for (sql, expected) in samples {
        let err = check(sql, &policy).unwrap_err();
        assert_eq!(err.code(), expected, "{sql}: {err}");
        assert!(err.is_rejection());
        assert!(err.to_string().len() > 20, "terse message for {sql}: {err}");
    }
    let mut codes: Vec<&str> = samples.iter().map(|(_, c)| *c).collect();
    codes.extend([
        "timeout",
        "sqlite_error",
        "denied",
        "writable_connection",
        "too_long",
        "too_deep",
    ]);
    let before = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), before);
    assert!(!GuardError::Timeout.is_rejection());
    assert_eq!(GuardError::Timeout.code(), "timeout");
}

#[test]
fn f1_default_covers_the_schema_tables() {
    let policy = GuardPolicy::f1_default();
    assert_eq!(policy.max_rows, 1000);
    assert_eq!(policy.allowed_tables.len(), 17);
    // Every CREATE TABLE of the schema is allowed, and nothing else.
    let schema_tables: Vec<String> = pitwall_f1data::SCHEMA_SQL
        .split("CREATE TABLE ")
        .skip(1)
        .map(|rest| rest.split_whitespace().next().unwrap().to_string())
        .collect();
    let mut allowed = policy.allowed_tables.clone();
    let mut schema = schema_tables.clone();
    allowed.sort();
    schema.sort();
    assert_eq!(allowed, schema);
}
