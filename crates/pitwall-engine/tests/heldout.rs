//! Held-out sets written independently of the engine's code
//! (`tests/data/heldout*_*.jsonl`, gold computed by `make_heldout*.py`):
//! other wordings, entities and eras than the developer sets, in the same
//! categories and kinds. The figures asserted are the targets where
//! the engine meets them, and today's floor where it does not yet. Sets 2
//! and 3 were written by authors who saw neither the engine nor its
//! failures, and run once blind on arrival (figures in BENCHMARKS.md);
//! set 4 too, by a helper that saw neither the engine's code nor its
//! answers while writing it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::eval::{load_questions, run_eval};

/// Evaluates one set and asserts the targets: precision ≥ 97 %,
/// confidently wrong ≤ 1 %, coverage at least `min_coverage`; for a hard
/// set (`hard`) also decline accuracy ≥ 95 % and schema coverage ≥ 50 %.
fn check(file: &str, min_coverage: f64, hard: bool) {
    let questions = load_questions(common::manifest_path(&format!("tests/data/{file}"))).unwrap();
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    let t = &report.overall;
    assert!(
        t.precision() >= 0.97,
        "precision {:.3}\n{report}",
        t.precision()
    );
    assert!(t.confidently_wrong * 100 <= t.total, "{report}");
    assert!(
        t.coverage() >= min_coverage,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
    if hard {
        assert!(t.decline_accuracy() >= 0.95, "{report}");
        let schema = &report.per_kind["schema"];
        assert!(
            schema.coverage() >= 0.5,
            "schema {:.3}\n{report}",
            schema.coverage()
        );
    }
}

#[test]
fn heldout_fan_set() {
    check("heldout_fan.jsonl", 0.99, false);
}

#[test]
fn heldout_hard_set() {
    check("heldout_hard.jsonl", 0.85, true);
}

#[test]
fn heldout2_fan_set() {
    check("heldout2_fan.jsonl", 0.90, false);
}

#[test]
fn heldout2_hard_set() {
    check("heldout2_hard.jsonl", 0.80, true);
}

#[test]
fn heldout3_fan_set() {
    check("heldout3_fan.jsonl", 0.93, false);
}

#[test]
fn heldout3_hard_set() {
    check("heldout3_hard.jsonl", 0.85, true);
}

// Set 4 (2026-12-01) was run once blind on arrival: fan 88/100, hard
// 63/68 and 12/12 declines, 0 wrong; the floors are the figures after the
// vocabulary fixes it prompted (BENCHMARKS.md).
#[test]
fn heldout4_fan_set() {
    check("heldout4_fan.jsonl", 0.90, false);
}

#[test]
fn heldout4_hard_set() {
    check("heldout4_hard.jsonl", 0.95, true);
}
