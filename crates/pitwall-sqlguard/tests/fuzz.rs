//! Property tests: `check` never panics on any input, and whatever it accepts
//! runs within the time limit on the read-only database, leaving it unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use std::time::{Duration, Instant};

use common::{fast_policy, hostile_corpus, legit_queries, test_db};
use pitwall_sqlguard::{check, execute, GuardPolicy};
use proptest::prelude::*;

const TIMEOUT_MS: u64 = 50;
const MARGIN: Duration = Duration::from_millis(250);

/// Fragments that change what a statement means when dropped in anywhere.
const TOKENS: &[&str] = &[
    ";",
    "--",
    "/*",
    "*/",
    "\n",
    "'",
    "\"",
    "`",
    "[",
    "]",
    "(",
    ")",
    ",",
    " DROP TABLE results",
    " ATTACH DATABASE 'x.db' AS x",
    " UNION SELECT * FROM sqlite_master",
    " load_extension('x')",
    " WITH ",
    " LIMIT -1",
    " OFFSET ",
    " INTO t ",
    "\0",
    " PRAGMA ",
    " main.",
    " temp.",
    " SELECT ",
    " FROM results a, results b ",
    "\u{037e}",
];

/// Corpus and legitimate queries, read once per test binary.
fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut all: Vec<String> = hostile_corpus().into_iter().map(|c| c.sql).collect();
        all.extend(legit_queries());
        all
    })
}

/// Inserts `token` at roughly `fraction` of `text`, on a char boundary.
fn insert_at(text: &mut String, fraction: f64, token: &str) {
    let mut at = ((text.len() as f64) * fraction) as usize;
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    text.insert_str(at.min(text.len()), token);
}

/// What must hold for any input: no panic in `check`; if accepted, the
/// guarded run ends (any result) within the limit.
fn assert_guarded(
    conn: &rusqlite::Connection,
    policy: &GuardPolicy,
    sql: &str,
) -> Result<(), TestCaseError> {
    if let Ok(guarded) = check(sql, policy) {
        // The rewrite must itself be one acceptable statement.
        prop_assert!(
            check(&guarded.sql, policy).is_ok(),
            "rewrite refused: {}",
            guarded.sql
        );
        let started = Instant::now();
        let _ = execute(conn, &guarded, policy);
        let elapsed = started.elapsed();
        prop_assert!(elapsed < policy.timeout + MARGIN, "{sql:?} ran {elapsed:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_never_panic(sql in "\\PC{0,200}") {
        let db = test_db();
        assert_guarded(&db.open_read_only(), &fast_policy(TIMEOUT_MS), &sql)?;
    }

    #[test]
    fn sql_shaped_strings_never_panic(
        sql in "(SELECT|WITH|FROM|WHERE|JOIN|results|drivers|sqlite_master|count\\(\\*\\)|\\(|\\)|,|;|--|/\\*|\\*/|'|\"| |1|a|=|LIMIT|UNION|INSERT|PRAGMA){0,40}"
    ) {
        let db = test_db();
        assert_guarded(&db.open_read_only(), &fast_policy(TIMEOUT_MS), &sql)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus_entries_stay_guarded(
        first in any::<prop::sample::Index>(),
        second in any::<prop::sample::Index>(),
        joiner in prop::sample::select(TOKENS),
        concatenate in any::<bool>(),
        edits in prop::collection::vec((0.0f64..=1.0, prop::sample::select(TOKENS)), 0..4),
    ) {
        let seeds = seeds();
        let mut sql = first.get(seeds).clone();
        if concatenate {
            sql.push_str(joiner);
            sql.push_str(second.get::<String>(seeds));
        }
        for (fraction, token) in edits {
            insert_at(&mut sql, fraction, token);
        }
        let db = test_db();
        assert_guarded(&db.open_read_only(), &fast_policy(TIMEOUT_MS), &sql)?;
    }
}

/// The properties above cannot cheaply re-read the file after every case, so
/// this runs a fixed batch of the same kind of mutations and then compares it.
#[test]
fn database_is_unchanged_after_mutated_inputs() {
    let db = test_db();
    let conn = db.open_read_only();
    let policy = fast_policy(TIMEOUT_MS);
    let seeds = seeds();
    for (i, seed) in seeds.iter().enumerate() {
        for token in TOKENS.iter().skip(i % 5).step_by(5) {
            let mut sql = seed.clone();
            insert_at(&mut sql, (i % 7) as f64 / 7.0, token);
            assert_guarded(&conn, &policy, &sql).unwrap();
        }
    }
    drop(conn);
    db.assert_unchanged();
}
