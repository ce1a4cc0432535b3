//! The precision set (`dev_questions_hard.jsonl`): near-misses, schema-level
//! questions, spelling variants and questions to decline. Precision first:
//! a wrong answer is worse than a decline, so the figures asserted here are
//! precision, decline accuracy and confidently-wrong answers; coverage is
//! held at today's floor so it cannot silently fall.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::eval::{load_questions, run_eval};

#[test]
fn hard_set_precision_declines_and_no_confident_mistakes() {
    let questions = load_questions(common::manifest_path(
        "../../../shared/questions/dev_questions_hard.jsonl",
    ))
    .unwrap();
    assert!(questions.len() >= 138);
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    let t = &report.overall;
    assert!(
        t.precision() >= 0.97,
        "precision {:.3}\n{report}",
        t.precision()
    );
    assert!(
        t.decline_accuracy() >= 0.95,
        "declines {:.3}\n{report}",
        t.decline_accuracy()
    );
    assert!(
        t.confidently_wrong * 100 <= t.total,
        "confidently wrong {} of {}\n{report}",
        t.confidently_wrong,
        t.total
    );
    assert!(
        t.coverage() >= 0.97,
        "coverage {:.3}\n{report}",
        t.coverage()
    );
    // Every near-miss answered is answered right: none fell back to the
    // broader question its qualifier changes.
    let near = &report.per_kind["near_miss"];
    assert_eq!(near.wrong, 0, "{report}");
    // Schema-level questions: the floor is 50 %.
    let schema = &report.per_kind["schema"];
    assert!(
        schema.coverage() >= 0.9,
        "schema {:.3}\n{report}",
        schema.coverage()
    );
}
