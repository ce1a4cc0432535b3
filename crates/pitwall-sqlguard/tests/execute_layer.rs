//! The execution layer on its own: SQL is handed to `execute` without going
//! through `check`, to show the authorizer, time limit, size limit and row
//! cap hold by themselves, and that nothing is left on the connection.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use std::time::{Duration, Instant};

use common::{fast_policy, test_db};
use pitwall_sqlguard::{
    execute, GuardError, GuardPolicy, GuardedSql, Table, MAX_FUNCTION_ARGS, MAX_HEAVY_CALLS,
    MAX_LIKE_PATTERN_BYTES, MAX_VALUE_BYTES,
};
use rusqlite::limits::Limit;

fn unchecked(sql: &str) -> GuardedSql {
    GuardedSql {
        sql: sql.to_string(),
        tables: Vec::new(),
    }
}

#[test]
fn writable_connections_are_refused() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let err = execute(&conn, &unchecked("SELECT 1"), &GuardPolicy::f1_default()).unwrap_err();
    assert!(matches!(err, GuardError::WritableConnection), "{err:?}");
}

#[test]
fn the_authorizer_denies_what_check_would_have_refused() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = GuardPolicy::f1_default();
    let attach_target = db.dir.join("attached.db");
    let denied = [
        "SELECT * FROM sqlite_master".to_string(),
        "SELECT sql FROM sqlite_schema".to_string(),
        "SELECT randomblob(10)".to_string(),
        "SELECT load_extension('x')".to_string(),
        "SELECT sqlite_version()".to_string(),
        "SELECT * FROM pragma_table_info('results')".to_string(),
        "PRAGMA query_only = 0".to_string(),
        "CREATE TEMP TABLE t (x)".to_string(),
        format!("ATTACH DATABASE '{}' AS evil", attach_target.display()),
        "SELECT json_extract('{}', '$.a')".to_string(),
    ];
    for sql in &denied {
        let err = execute(&conn, &unchecked(sql), &policy).unwrap_err();
        assert!(matches!(err, GuardError::Denied(_)), "{sql}: {err:?}");
        assert_eq!(err.code(), "denied");
        assert!(!db.dir.join("attached.db").exists());
    }
    // Reads are limited to the policy's tables, column by column.
    let drivers_only = GuardPolicy {
        allowed_tables: vec!["drivers".to_string()],
        ..GuardPolicy::f1_default()
    };
    execute(
        &conn,
        &unchecked("SELECT surname FROM drivers"),
        &drivers_only,
    )
    .unwrap();
    let err = execute(
        &conn,
        &unchecked("SELECT points FROM results"),
        &drivers_only,
    )
    .unwrap_err();
    assert!(matches!(err, GuardError::Denied(_)), "{err:?}");
    drop(conn);
    db.assert_unchanged();
}

#[test]
fn hooks_and_limits_are_removed_afterwards_on_every_path() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = fast_policy(20);
    let slow = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 400000) SELECT count(*) FROM r";
    let started = Instant::now();
    let err = execute(&conn, &unchecked(slow), &policy).unwrap_err();
    assert!(matches!(err, GuardError::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(20 + 250));
    execute(&conn, &unchecked("SELECT * FROM sqlite_master"), &policy).unwrap_err();
    execute(
        &conn,
        &unchecked("SELECT printf('%.*c', 2000000, 'x') AS s"),
        &policy,
    )
    .unwrap();

    // Without the guard: no time limit, no authorizer, the default size limit.
    let n: i64 = conn.query_row(slow, [], |r| r.get(0)).unwrap();
    assert_eq!(n, 400_000);
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 17);
    let big: String = conn
        .query_row("SELECT printf('%.*c', 2000000, 'x')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(big.len(), 2_000_000);
}

#[test]
fn values_larger_than_the_size_limit_are_not_built() {
    let db = test_db();
    let conn = db.open_read_only();
    let table = execute(
        &conn,
        &unchecked("SELECT printf('%.*c', 2000000, 'x') AS big, printf('%.*c', 10, 'x') AS small"),
        &GuardPolicy::f1_default(),
    )
    .unwrap();
    assert_eq!(table.rows[0][0], serde_json::Value::Null);
    assert_eq!(table.rows[0][1], serde_json::Value::from("xxxxxxxxxx"));
}

#[test]
fn rows_are_capped_while_fetching_even_without_a_limit_clause() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = GuardPolicy {
        max_rows: 7,
        ..GuardPolicy::f1_default()
    };
    let table = execute(
        &conn,
        &unchecked("SELECT resultId FROM results ORDER BY resultId"),
        &policy,
    )
    .unwrap();
    assert_eq!(table.columns, vec!["resultId"]);
    let ids: Vec<i64> = table.rows.iter().map(|r| r[0].as_i64().unwrap()).collect();
    assert_eq!(ids, (1..=7).collect::<Vec<_>>());
}

#[test]
fn offsets_survive_the_rewrite() {
    let db = test_db();
    let conn = db.open_read_only();
    let (guarded, table) = pitwall_sqlguard::check_and_execute(
        &conn,
        "SELECT resultId FROM results ORDER BY resultId LIMIT 3 OFFSET 10",
        &GuardPolicy::f1_default(),
    )
    .unwrap();
    assert!(
        guarded.sql.ends_with("LIMIT 3 OFFSET 10"),
        "{}",
        guarded.sql
    );
    let ids: Vec<i64> = table.rows.iter().map(|r| r[0].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![11, 12, 13]);
}

#[test]
fn a_second_statement_smuggled_past_check_is_never_run() {
    let db = test_db();
    let conn = db.open_read_only();
    // Only the first statement is compiled; the tail is never prepared.
    let table = execute(
        &conn,
        &unchecked("SELECT 1 AS one; DROP TABLE results"),
        &GuardPolicy::f1_default(),
    )
    .unwrap();
    assert_eq!(table.columns, vec!["one"]);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM results", [], |r| r.get(0))
        .unwrap();
    assert!(n > 0);
    drop(conn);
    db.assert_unchanged();
}

#[test]
fn super_linear_calls_are_budgeted_by_the_authorizer_too() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = GuardPolicy::f1_default();
    let budget = usize::try_from(MAX_HEAVY_CALLS).unwrap();
    let likes = |n: usize| {
        let terms = vec!["surname LIKE '%a%'"; n].join(" OR ");
        unchecked(&format!("SELECT surname FROM drivers WHERE {terms}"))
    };
    execute(&conn, &likes(budget), &policy).unwrap();
    let err = execute(&conn, &likes(budget + 1), &policy).unwrap_err();
    assert!(
        matches!(&err, GuardError::Denied(why) if why.contains("instr/replace/trim/LIKE/GLOB")),
        "{err:?}"
    );
    // SQLite compiles a CTE once per reference, so the authorizer sees its
    // calls once per reference.
    let refs: Vec<String> = (0..=budget).map(|i| format!("c c{i}")).collect();
    let sql = format!(
        "WITH c AS (SELECT instr(surname, 'a') AS m FROM drivers LIMIT 1) SELECT * FROM {}",
        refs.join(", ")
    );
    let err = execute(&conn, &unchecked(&sql), &policy).unwrap_err();
    assert!(
        matches!(&err, GuardError::Denied(why) if why.contains("instr")),
        "{err:?}"
    );
}

#[test]
fn size_limits_apply_while_running_and_are_restored_afterwards() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = GuardPolicy::f1_default();
    let run = |sql: &str| execute(&conn, &unchecked(sql), &policy);
    let first = |table: Table| table.rows[0][0].clone();
    let value = MAX_VALUE_BYTES;
    // printf's own buffer counts a terminator, so it builds one byte less.
    let below = value - 1;
    let longest = format!("SELECT length(printf('%.*c', {below}, 'x') || 'x')");
    assert_eq!(first(run(&longest).unwrap()), serde_json::json!(value));
    let too_long = format!("SELECT 'xx' || printf('%.*c', {below}, 'x')");
    let err = run(&too_long).unwrap_err();
    assert!(err.to_string().contains("too big"), "{err}");

    let pattern = |n: usize| format!("SELECT 'abc' LIKE '%{}'", "_".repeat(n - 1));
    assert_eq!(
        first(run(&pattern(MAX_LIKE_PATTERN_BYTES)).unwrap()),
        serde_json::json!(0)
    );
    let err = run(&pattern(MAX_LIKE_PATTERN_BYTES + 1)).unwrap_err();
    assert!(err.to_string().contains("pattern too complex"), "{err}");

    let chars = |n: usize| format!("SELECT length(char({}))", vec!["65"; n].join(", "));
    assert_eq!(
        first(run(&chars(MAX_FUNCTION_ARGS)).unwrap()),
        serde_json::json!(MAX_FUNCTION_ARGS)
    );
    let err = run(&chars(MAX_FUNCTION_ARGS + 1)).unwrap_err();
    assert!(err.to_string().contains("too many arguments"), "{err}");

    // Without the guard the connection has SQLite's defaults again.
    let plain: i64 = conn
        .query_row(&format!("SELECT length({})", &too_long[7..]), [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(plain, i64::try_from(value).unwrap() + 1);
    let like = pattern(MAX_LIKE_PATTERN_BYTES + 1);
    conn.query_row(&like, [], |r| r.get::<_, i64>(0)).unwrap();
    let args: i64 = conn
        .query_row(&chars(MAX_FUNCTION_ARGS + 1), [], |r| r.get(0))
        .unwrap();
    assert_eq!(args, i64::try_from(MAX_FUNCTION_ARGS).unwrap() + 1);
    for limit in [
        Limit::SQLITE_LIMIT_VDBE_OP,
        Limit::SQLITE_LIMIT_COLUMN,
        Limit::SQLITE_LIMIT_EXPR_DEPTH,
        Limit::SQLITE_LIMIT_COMPOUND_SELECT,
        Limit::SQLITE_LIMIT_SQL_LENGTH,
        Limit::SQLITE_LIMIT_ATTACHED,
    ] {
        let fresh = db.open_read_only();
        assert_eq!(conn.limit(limit), fresh.limit(limit), "{limit:?}");
    }
}
