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

/// A repeated question comes from the engine's answer memo: it must be the
/// answer a fresh parse, route and query gives, answered or declined, for
/// every question of both developer sets.
#[test]
fn a_repeated_question_gets_the_same_outcome_as_a_fresh_one() {
    use pitwall_engine::Outcome;
    let engine = common::engine();
    let conn = common::conn();
    let mut questions = load_questions(common::manifest_path(
        "../../../shared/questions/dev_questions.jsonl",
    ))
    .unwrap();
    questions.extend(
        load_questions(common::manifest_path(
            "../../../shared/questions/dev_questions_hard.jsonl",
        ))
        .unwrap(),
    );
    let (mut answered, mut declined) = (0, 0);
    for q in &questions {
        let first = engine.answer(&conn, &q.question).unwrap();
        let again = engine.answer(&conn, &q.question).unwrap();
        let fresh = engine.answer_uncached(&conn, &q.question).unwrap();
        assert_eq!(again, fresh, "{}", q.question);
        assert_eq!(first, fresh, "{}", q.question);
        match fresh {
            Outcome::Answered(_) => answered += 1,
            Outcome::Unanswered(_) => declined += 1,
        }
        // The resolution of a declined question is remembered with it.
        let via_resolve = engine.answer_or_resolve(&conn, &q.question).unwrap();
        if let Err((_, resolution)) = via_resolve {
            assert_eq!(resolution, engine.resolve(&q.question), "{}", q.question);
        }
    }
    assert!(
        answered > 100 && declined > 20,
        "{answered} answered, {declined} declined"
    );
}
