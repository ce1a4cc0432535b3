//! Questions the engine must not answer: nonsense, the future, opinions,
//! data it does not have, and ambiguous names without a season.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::{Outcome, CONFIDENCE_THRESHOLD};

fn refused(q: &str) -> bool {
    match common::engine().answer(&common::conn(), q).unwrap() {
        Outcome::Unanswered(u) => {
            assert!(!u.reason.is_empty());
            assert!(u.suggestions.len() >= 2, "refusals carry rephrasings");
            assert!(u.confidence < CONFIDENCE_THRESHOLD);
            true
        }
        Outcome::Answered(_) => false,
    }
}

#[test]
fn nonsense_and_opinions_are_refused() {
    for q in [
        "asdf qwerty",
        "What is the meaning of life?",
        "Who is the greatest driver ever?",
        "",
        "   ",
    ] {
        assert!(refused(q), "{q:?} should be refused");
    }
}

#[test]
fn future_and_uncovered_seasons_are_refused() {
    for q in [
        "Who will win 2030?",
        "who will win the 2030 championship",
        "Who won the 2031 Monaco Grand Prix?",
        "Who won the 2025 Abu Dhabi Grand Prix?",
        "Who won the 2025 world championship?",
        "Who won the 1949 British Grand Prix?",
    ] {
        assert!(refused(q), "{q:?} should be refused");
    }
}

#[test]
fn missing_data_is_refused() {
    for q in [
        "How many pit stops did Schumacher make in the 2004 Monaco Grand Prix?",
        "Fastest lap of the 1995 Monaco Grand Prix?",
        "Who led the most laps in 2019?",
        "Who won the constructors' championship in 1955?",
        "Who won the sprint at the 2019 Monaco Grand Prix?",
    ] {
        assert!(refused(q), "{q:?} should be refused");
    }
}

#[test]
fn ambiguous_or_incomplete_questions_are_refused() {
    for q in [
        "How many wins did Hill have?",
        "Who won in Austria in 2020?",
        "Who won the Monaco Grand Prix?",
    ] {
        assert!(refused(q), "{q:?} should be refused");
    }
}

#[test]
fn answers_carry_reusable_sql() {
    let Outcome::Answered(a) = common::engine()
        .answer(&common::conn(), "Who won the 2021 Abu Dhabi Grand Prix?")
        .unwrap()
    else {
        panic!("should answer");
    };
    assert!(a.confidence >= CONFIDENCE_THRESHOLD);
    assert_eq!(a.sql.matches('?').count(), a.params.len());
    assert!(a.answer.contains("Max Verstappen") && a.answer.contains("Red Bull"));
    assert_eq!(a.intent, "race_winner");
}
