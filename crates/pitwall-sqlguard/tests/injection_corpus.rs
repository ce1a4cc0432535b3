//! The hostile corpus and the legitimate queries, run against a real read-only
//! F1-schema database whose file must come out byte-for-byte unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use std::time::{Duration, Instant};

use common::{fast_policy, hostile_corpus, legit_queries, test_db, HostileCase};
use pitwall_sqlguard::{check, check_and_execute, execute, GuardError, GuardPolicy, MAX_SQL_BYTES};

/// Time limit for the corpus run; the margin covers the last ~100 VM steps
/// plus unwinding, on a loaded 2-core machine.
const TIMEOUT_MS: u64 = 300;
const MARGIN: Duration = Duration::from_millis(250);

/// Inputs too large or repetitive to keep in the corpus file.
fn generated_cases() -> Vec<HostileCase> {
    let case = |expect: &str, sql: String| HostileCase {
        sql,
        expect: expect.to_string(),
        absent: None,
    };
    vec![
        case(
            "too_deep",
            format!("SELECT {}1{}", "(".repeat(3000), ")".repeat(3000)),
        ),
        // For these two, sqlparser backtracks after hitting its recursion limit
        // (NOT / CASE retried as plain identifiers) and reports the leftover
        // tokens instead: refused all the same.
        case("parse_error", format!("SELECT {}1", "NOT ".repeat(2000))),
        case("too_deep", format!("SELECT {}1", "- ".repeat(4000))),
        case(
            "too_deep",
            format!("SELECT {}1{}", "abs(".repeat(1500), ")".repeat(1500)),
        ),
        case(
            "too_deep",
            format!(
                "SELECT * FROM {}results{}",
                "(SELECT * FROM ".repeat(300),
                ")".repeat(300)
            ),
        ),
        case(
            "too_deep",
            format!(
                "SELECT 1 WHERE 1 IN {}1{}",
                "(SELECT ".repeat(400),
                ")".repeat(400)
            ),
        ),
        case(
            "parse_error",
            format!(
                "SELECT {}1{}",
                "CASE WHEN 1 THEN ".repeat(400),
                " END".repeat(400)
            ),
        ),
        // A long flat chain does not nest in the parser; SQLite's own
        // expression-depth limit (1000) refuses it at prepare time.
        case("stopped", format!("SELECT 1{}", " + 1".repeat(2000))),
        case("too_long", format!("SELECT 1{}", " ".repeat(MAX_SQL_BYTES))),
        case("too_long", format!("SELECT '{}'", "x".repeat(20_000))),
        case(
            "multiple_statements",
            format!("SELECT 1;{}", " DROP TABLE results;".repeat(100)),
        ),
    ]
}

/// Checks one hostile case; returns a description of what went wrong, if anything.
fn run_case(
    conn: &rusqlite::Connection,
    policy: &GuardPolicy,
    case: &HostileCase,
) -> Option<String> {
    let short: String = case.sql.chars().take(90).collect();
    let checked = check(&case.sql, policy);
    match (case.expect.as_str(), checked) {
        ("timeout" | "stopped" | "harmless" | "denied", Err(err)) => Some(format!(
            "{short:?}: expected {}, check refused: {err}",
            case.expect
        )),
        ("timeout" | "stopped" | "harmless" | "denied", Ok(guarded)) => {
            let started = Instant::now();
            let outcome = execute(conn, &guarded, policy);
            let elapsed = started.elapsed();
            if elapsed > policy.timeout + MARGIN {
                return Some(format!("{short:?}: ran {elapsed:?}, past the limit"));
            }
            match (case.expect.as_str(), outcome) {
                ("timeout", Err(GuardError::Timeout)) => (elapsed < policy.timeout)
                    .then(|| format!("{short:?}: timed out early ({elapsed:?})")),
                ("stopped", Err(_)) => None,
                ("denied", Err(GuardError::Denied(_))) => None,
                ("harmless", Ok(_)) => case
                    .absent
                    .as_ref()
                    .filter(|token| guarded.sql.to_uppercase().contains(token.as_str()))
                    .map(|token| format!("{short:?}: `{token}` survived into {:?}", guarded.sql)),
                (expect, other) => Some(format!("{short:?}: expected {expect}, got {other:?}")),
            }
        }
        (code, Ok(guarded)) => Some(format!(
            "{short:?}: expected {code}, accepted as {:?}",
            guarded.sql
        )),
        (code, Err(err)) => (err.code() != code)
            .then(|| format!("{short:?}: expected {code}, got {} ({err})", err.code())),
    }
}

#[test]
fn hostile_corpus_is_rejected_or_stopped_and_the_database_is_untouched() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = fast_policy(TIMEOUT_MS);
    let mut cases = hostile_corpus();
    let from_file = cases.len();
    cases.extend(generated_cases());
    let started = Instant::now();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_case(&conn, &policy, c))
        .collect();
    eprintln!(
        "hostile corpus: {from_file} from file + {} generated, run in {:?}",
        cases.len() - from_file,
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(from_file >= 60, "corpus has only {from_file} entries");
    drop(conn);
    db.assert_unchanged();
}

#[test]
fn legitimate_queries_pass_and_return_rows() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = GuardPolicy::f1_default();
    let queries = legit_queries();
    assert!(queries.len() >= 20, "only {} legit queries", queries.len());
    let started = Instant::now();
    for sql in &queries {
        let (guarded, table) = check_and_execute(&conn, sql, &policy)
            .unwrap_or_else(|e| panic!("legit query refused ({}): {e}\n{sql}", e.code()));
        assert!(!table.rows.is_empty(), "no rows from {}", guarded.sql);
        assert!(table.rows.len() as u64 <= policy.max_rows);
        assert!(!guarded.tables.is_empty(), "no tables recorded for {sql}");
        for table_name in &guarded.tables {
            assert!(policy.allowed_tables.contains(table_name), "{table_name}");
        }
        assert!(
            guarded.sql.to_uppercase().contains("LIMIT"),
            "{}",
            guarded.sql
        );
    }
    eprintln!(
        "{} legit queries checked and run in {:?}",
        queries.len(),
        started.elapsed()
    );
    drop(conn);
    db.assert_unchanged();
}

#[test]
fn default_policy_times_out_after_two_seconds() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = GuardPolicy::f1_default();
    assert_eq!(policy.timeout, Duration::from_secs(2));
    let started = Instant::now();
    let err = check_and_execute(
        &conn,
        "SELECT count(*) FROM results a, results b, results c",
        &policy,
    )
    .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, GuardError::Timeout), "{err:?}");
    assert_eq!(err.code(), "timeout");
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(2) + MARGIN,
        "{elapsed:?}"
    );
    // The pooled connection is usable, without the time limit, afterwards.
    let n: i64 = conn
        .query_row("SELECT count(*) FROM results", [], |r| r.get(0))
        .unwrap();
    assert!(n > 5000);
}
