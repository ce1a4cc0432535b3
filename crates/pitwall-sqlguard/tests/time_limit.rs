//! The time limit holds for every allowlisted function: adversarial queries
//! (largest values the limits allow, many calls per row, nesting, cross joins,
//! recursive CTEs, query flattening) all finish, time out or are refused
//! within the limit plus a margin, in wall-clock and in CPU time.
//!
//! SQLite checks the clock only between VM instructions, so this is really a
//! test that no single instruction — one function call — can run for long.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod adversarial;
mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use adversarial::{cases, render, Sizes};
use common::{fast_policy, test_db};
use pitwall_sqlguard::{
    check_and_execute, GuardError, ALLOWED_FUNCTIONS, MAX_FUNCTION_ARGS, MAX_LIKE_PATTERN_BYTES,
    MAX_TRIM_CHARS, MAX_VALUE_BYTES,
};

const TIMEOUT_MS: u64 = 500;
/// Generous: the suite runs on two shared, noisy cores.
const MARGIN: Duration = Duration::from_millis(1500);

/// The largest inputs the execution limits allow.
fn sizes() -> Sizes {
    Sizes {
        value: MAX_VALUE_BYTES,
        like_pattern: MAX_LIKE_PATTERN_BYTES,
        function_args: MAX_FUNCTION_ARGS,
        trim_chars: MAX_TRIM_CHARS,
    }
}

/// How a query ended; anything else fails the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Finished,
    TimedOut,
    /// SQLite refused to build a value or pattern over the limits.
    TooBig,
    /// `check` refused the query as too expensive.
    Refused,
    /// The linked SQLite lacks the function (e.g. math functions not compiled in).
    Missing,
}

fn classify(
    result: &Result<(), GuardError>,
    function: &str,
    exists: bool,
) -> Result<Outcome, String> {
    let err = match result {
        Ok(()) => return Ok(Outcome::Finished),
        Err(GuardError::Timeout) => return Ok(Outcome::TimedOut),
        Err(err) => err,
    };
    let message = err.to_string();
    if err.code() == "too_expensive" {
        Ok(Outcome::Refused)
    } else if message.contains("string or blob too big")
        || message.contains("LIKE or GLOB pattern too complex")
    {
        Ok(Outcome::TooBig)
    } else if !exists
        && message
            .to_lowercase()
            .contains(&format!("no such function: {function}"))
    {
        Ok(Outcome::Missing)
    } else {
        Err(format!("unexpected error ({}): {message}", err.code()))
    }
}

/// This thread's CPU time, where the platform tells it cheaply.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

struct Run {
    outcome: Result<Outcome, String>,
    wall: Duration,
    cpu: Option<Duration>,
}

/// Runs one query on its own thread and connection, so a query that never
/// returns fails the test instead of hanging it.
fn run(sql: String, function: &'static str, exists: bool) -> Run {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let conn = test_db().open_read_only();
        let policy = fast_policy(TIMEOUT_MS);
        let cpu_before = thread_cpu();
        let started = Instant::now();
        let result = check_and_execute(&conn, &sql, &policy).map(|_| ());
        let wall = started.elapsed();
        let cpu = thread_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        let _ = tx.send(Run {
            outcome: classify(&result, function, exists),
            wall,
            cpu,
        });
    });
    let deadline = Duration::from_millis(TIMEOUT_MS) + MARGIN + Duration::from_secs(3);
    rx.recv_timeout(deadline)
        .unwrap_or_else(|_| panic!("still running after {deadline:?}: {function}"))
}

/// The functions the linked SQLite provides (it may lack some allowlisted ones).
fn existing_functions() -> Vec<String> {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let mut stmt = conn
        .prepare("SELECT DISTINCT name FROM pragma_function_list")
        .unwrap();
    let names = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
    names.map(|n| n.unwrap().to_lowercase()).collect()
}

#[test]
fn every_allowed_function_stays_within_the_time_limit() {
    let sizes = sizes();
    let existing = existing_functions();
    let without_cases: Vec<&str> = ALLOWED_FUNCTIONS
        .iter()
        .copied()
        .filter(|f| cases(f).is_none())
        .collect();
    assert!(
        without_cases.is_empty(),
        "allowlisted functions without adversarial cases: {without_cases:?}"
    );
    let limit = Duration::from_millis(TIMEOUT_MS) + MARGIN;
    let (mut failures, mut worst) = (Vec::new(), (Duration::ZERO, String::new()));
    let started = Instant::now();
    for &function in ALLOWED_FUNCTIONS {
        // `cast` is syntax, not a function SQLite lists.
        let exists = function == "cast" || existing.iter().any(|e| e == function);
        let mut ran = false;
        for (i, shape) in cases(function).unwrap().iter().enumerate() {
            let sql = render(shape, &sizes);
            assert!(
                sql.to_lowercase().contains(function),
                "case {i} of {function} does not call it: {sql}"
            );
            let Run { outcome, wall, cpu } = run(sql.clone(), function, exists);
            eprintln!("{function:>14} #{i}: {outcome:?} in {wall:?}, cpu {cpu:?}");
            let short: String = sql.chars().take(160).collect();
            match outcome {
                Ok(outcome) => ran |= outcome != Outcome::Refused,
                Err(err) => failures.push(format!("{function} #{i}: {err}\n    {short}")),
            }
            if wall > worst.0 {
                worst = (wall, format!("{function} #{i}"));
            }
            if wall > limit || cpu.is_some_and(|cpu| cpu > limit) {
                failures.push(format!(
                    "{function} #{i}: took {wall:?} (cpu {cpu:?}), limit {limit:?}\n    {short}"
                ));
            }
        }
        if !ran {
            failures.push(format!("{function}: every case was refused, none ran"));
        }
    }
    eprintln!(
        "worst case {} at {:?}; all cases in {:?}",
        worst.1,
        worst.0,
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Each level references the previous CTE's column eight times: SQLite's
/// query flattener copies the expression into every reference while it
/// prepares the statement, before any VM instruction (and so any clock check)
/// runs. Seven levels are 8^7 copies: gigabytes and seconds without a guard.
#[test]
fn a_flattening_bomb_is_refused_before_sqlite_expands_it() {
    let mut sql = String::from("WITH c0(x) AS (SELECT abs(resultId) FROM results)");
    for level in 1..=7 {
        let terms = ["abs(x)"; 8].join(" + ");
        sql.push_str(&format!(
            ", c{level}(x) AS (SELECT {terms} FROM c{})",
            level - 1
        ));
    }
    sql.push_str(" SELECT x FROM c7");
    let Run { outcome, wall, cpu } = run(sql, "abs", true);
    let limit = Duration::from_millis(TIMEOUT_MS) + MARGIN;
    assert!(wall < limit, "took {wall:?}");
    assert!(cpu.is_none_or(|cpu| cpu < limit), "cpu {cpu:?}");
    assert_eq!(outcome, Ok(Outcome::Refused));
}
