//! The whole developer question set must be answered at >= 85% with no
//! confidently-wrong answer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::eval::{load_questions, run_eval};

#[test]
fn dev_set_accuracy_and_no_confident_mistakes() {
    let questions = load_questions(common::manifest_path(
        "../../../shared/questions/dev_questions.jsonl",
    ))
    .unwrap();
    assert!(questions.len() >= 60);
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    assert!(
        report.accuracy() >= 0.85,
        "dev accuracy {:.3}\n{report}",
        report.accuracy()
    );
    assert_eq!(report.confidently_wrong, 0, "{report}");
    assert!(report.overall.precision() >= 0.97, "{report}");
}
