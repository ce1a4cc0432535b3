//! Held-out sets written independently of the engine's code
//! (`tests/data/heldout_*.jsonl`, gold computed by `make_heldout.py`):
//! other wordings, entities and eras than the developer sets, in the same
//! categories and kinds. The figures asserted are the targets where
//! the engine meets them, and today's floor where it does not yet.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::eval::{load_questions, run_eval};

#[test]
fn heldout_fan_set() {
    let questions = load_questions(common::manifest_path("tests/data/heldout_fan.jsonl")).unwrap();
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
        t.coverage() >= 0.95,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
}

#[test]
fn heldout_hard_set() {
    let questions = load_questions(common::manifest_path("tests/data/heldout_hard.jsonl")).unwrap();
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    let t = &report.overall;
    assert!(
        t.precision() >= 0.97,
        "precision {:.3}\n{report}",
        t.precision()
    );
    assert!(t.decline_accuracy() >= 0.95, "{report}");
    assert!(t.confidently_wrong * 100 <= t.total, "{report}");
    assert!(
        t.coverage() >= 0.85,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
    let schema = &report.per_kind["schema"];
    assert!(
        schema.coverage() >= 0.5,
        "schema {:.3}\n{report}",
        schema.coverage()
    );
}

/// The second held-out set, written after the engine work above by another
/// author who saw neither the engine nor its failures: the closest figure
/// to how the engine does on questions nobody tuned it for.
#[test]
fn heldout2_fan_set() {
    let questions = load_questions(common::manifest_path("tests/data/heldout2_fan.jsonl")).unwrap();
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
        t.coverage() >= 0.85,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
}

/// See [`heldout2_fan_set`].
#[test]
fn heldout2_hard_set() {
    let questions =
        load_questions(common::manifest_path("tests/data/heldout2_hard.jsonl")).unwrap();
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    let t = &report.overall;
    assert!(
        t.precision() >= 0.97,
        "precision {:.3}\n{report}",
        t.precision()
    );
    assert!(t.decline_accuracy() >= 0.95, "{report}");
    assert!(t.confidently_wrong * 100 <= t.total, "{report}");
    let schema = &report.per_kind["schema"];
    assert!(
        schema.coverage() >= 0.5,
        "schema {:.3}\n{report}",
        schema.coverage()
    );
    assert!(
        t.coverage() >= 0.80,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
}

/// The third held-out set, run once blind when it arrived (figures in
/// BENCHMARKS.md); asserted like the others.
#[test]
fn heldout3_fan_set() {
    let questions = load_questions(common::manifest_path("tests/data/heldout3_fan.jsonl")).unwrap();
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
        t.coverage() >= 0.88,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
}

/// See [`heldout3_fan_set`].
#[test]
fn heldout3_hard_set() {
    let questions =
        load_questions(common::manifest_path("tests/data/heldout3_hard.jsonl")).unwrap();
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    let t = &report.overall;
    assert!(
        t.precision() >= 0.97,
        "precision {:.3}\n{report}",
        t.precision()
    );
    assert!(t.decline_accuracy() >= 0.95, "{report}");
    assert!(t.confidently_wrong * 100 <= t.total, "{report}");
    let schema = &report.per_kind["schema"];
    assert!(
        schema.coverage() >= 0.5,
        "schema {:.3}\n{report}",
        schema.coverage()
    );
    assert!(
        t.coverage() >= 0.85,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
}
