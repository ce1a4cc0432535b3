//! The paraphrase corpus (different entities, seasons and wordings per
//! category; gold values computed with SQL following the README
//! conventions) is the proxy for the hidden set: >= 80%, none confidently wrong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::eval::{load_questions, run_eval};

#[test]
fn paraphrase_corpus_accuracy() {
    let questions = load_questions(common::manifest_path("tests/paraphrases.jsonl")).unwrap();
    assert!(questions.len() >= 60);
    let report = run_eval(common::engine(), &common::conn(), &questions);
    println!("{report}");
    assert!(
        report.accuracy() >= 0.8,
        "paraphrase accuracy {:.3}\n{report}",
        report.accuracy()
    );
    assert_eq!(report.confidently_wrong, 0, "{report}");
}
