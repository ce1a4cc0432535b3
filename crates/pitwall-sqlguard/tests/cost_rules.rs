//! What `check` refuses as too expensive to run under the time limit, and
//! what it still accepts: the size of a query once SQLite's flattener has
//! inlined its CTEs and subqueries, the budget of super-linear calls, and
//! `trim` character sets.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::{legit_queries, test_db};
use pitwall_sqlguard::{
    check, check_and_execute, GuardPolicy, MAX_HEAVY_CALLS, MAX_SQL_BYTES, MAX_TRIM_CHARS,
};

fn accepted(sql: &str) {
    check(sql, &GuardPolicy::f1_default()).unwrap_or_else(|e| panic!("refused: {e}\n{sql}"));
}

fn too_expensive(sql: &str) -> String {
    match check(sql, &GuardPolicy::f1_default()) {
        Ok(g) => panic!("accepted as {}", g.sql),
        Err(e) => {
            assert_eq!(e.code(), "too_expensive", "{e}\n{sql}");
            assert!(e.is_rejection());
            e.to_string()
        }
    }
}

/// `levels` CTEs, each naming the previous one's column `refs` times.
fn cte_chain(levels: usize, refs: usize) -> String {
    let mut sql = String::from("WITH c0(x) AS (SELECT abs(resultId) FROM results)");
    for level in 1..=levels {
        let terms = vec!["abs(x)"; refs].join(" + ");
        sql.push_str(&format!(
            ", c{level}(x) AS (SELECT {terms} FROM c{})",
            level - 1
        ));
    }
    sql + &format!(" SELECT x FROM c{levels}")
}

#[test]
fn queries_that_flatten_into_exponentially_many_copies_are_refused() {
    accepted(&cte_chain(2, 8));
    accepted(&cte_chain(40, 1));
    let message = too_expensive(&cte_chain(5, 8));
    assert!(message.contains("inlines its CTEs"), "{message}");
    // The same through nested subqueries in FROM.
    let mut sql = "SELECT abs(resultId) AS x FROM results".to_string();
    for _ in 0..5 {
        sql = format!("SELECT {} AS x FROM ({sql})", ["x"; 8].join(" + "));
    }
    too_expensive(&sql);
    // And through a result alias that WHERE names many times.
    let big = vec!["abs(points)"; 200].join(" + ");
    let wide_where = vec!["y"; 150].join(" + ");
    too_expensive(&format!(
        "SELECT {big} AS y FROM results WHERE {wide_where} > 0"
    ));
    accepted(&format!("SELECT {big} AS y FROM results WHERE y > 0"));
}

#[test]
fn super_linear_calls_have_a_budget_per_query() {
    let budget = usize::try_from(MAX_HEAVY_CALLS).unwrap();
    let likes = |n: usize| {
        let terms = vec!["surname LIKE '%a%'"; n].join(" OR ");
        format!("SELECT surname FROM drivers WHERE {terms}")
    };
    accepted(&likes(budget));
    let message = too_expensive(&likes(budget + 1));
    assert!(
        message.contains("instr/replace/trim/LIKE/GLOB"),
        "{message}"
    );
    let mixed = [
        "instr(surname, 'a')",
        "replace(surname, 'a', 'b')",
        "trim(surname)",
        "ltrim(surname, 'x')",
        "rtrim(surname)",
        "like('%a%', surname)",
        "glob('*a*', surname)",
        "surname GLOB '*a*'",
    ];
    let twice = [mixed, mixed].concat().join(", ");
    accepted(&format!("SELECT {twice} FROM drivers"));
    too_expensive(&format!("SELECT {twice}, surname LIKE 'a%' FROM drivers"));
    // One LIKE, copied into every reference to its CTE column.
    let refs = vec!["m"; budget + 1].join(" + ");
    too_expensive(&format!(
        "WITH c(m) AS (SELECT surname LIKE '%a%' FROM drivers) SELECT {refs} FROM c"
    ));
}

#[test]
fn trim_sets_are_short_literals() {
    let longest = format!("'{}'", "x".repeat(MAX_TRIM_CHARS));
    let too_long = format!("'{}'", "x".repeat(MAX_TRIM_CHARS + 1));
    for function in ["trim", "ltrim", "rtrim", "TRIM"] {
        accepted(&format!("SELECT {function}(surname) FROM drivers"));
        accepted(&format!(
            "SELECT {function}(surname, {longest}) FROM drivers"
        ));
        too_expensive(&format!(
            "SELECT {function}(surname, {too_long}) FROM drivers"
        ));
        too_expensive(&format!(
            "SELECT {function}(surname, forename) FROM drivers"
        ));
        too_expensive(&format!(
            "SELECT {function}(surname, 'a' || 'b') FROM drivers"
        ));
    }
}

#[test]
fn a_long_legitimate_query_is_accepted_and_runs() {
    // Legit queries side by side up to the size limit: far below the limits
    // on flattened size and on SQLite's program size.
    let mut arms = Vec::new();
    for query in legit_queries().iter().cycle() {
        let arm = format!("SELECT count(*) AS n FROM ({query})");
        if arms.iter().map(|a: &String| a.len() + 11).sum::<usize>() + arm.len() > MAX_SQL_BYTES {
            break;
        }
        arms.push(arm);
    }
    let sql = arms.join(" UNION ALL ");
    assert!(sql.len() > MAX_SQL_BYTES - 600, "{}", sql.len());
    let conn = test_db().open_read_only();
    let (_, table) = check_and_execute(&conn, &sql, &GuardPolicy::f1_default())
        .unwrap_or_else(|e| panic!("refused: {e}"));
    assert_eq!(table.rows.len(), arms.len());
}
