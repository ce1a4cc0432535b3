//! Full coverage: the engine answers only questions whose every word it
//! accounted for. Splicing a qualifier it does not support into a question
//! it answers must make it decline (never answer at >= 0.6), and the
//! unplaced words are reported.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pitwall_engine::eval::load_questions;
use pitwall_engine::{Outcome, CONFIDENCE_THRESHOLD};

/// Qualifiers the engine does not support; each changes the answer.
const UNSUPPORTED_QUALIFIERS: &[&str] = &[
    "in wet races",
    "on a Sunday",
    "with a V10 engine",
    "while leading lap 1",
    "in the rain",
    "at night",
    "on soft tyres",
    "after a penalty",
    "without team orders",
    "in a turbo car",
    "on home soil",
    "in a six-wheeled car",
    "driving a customer chassis",
    "with a broken wing",
    "after starting from the pit lane",
    "under investigation",
    "before refuelling was banned",
    "during a heat wave",
    "on Pirelli tyres",
    "using DRS",
    "in front of a home crowd",
    "by more than 10 seconds",
    "on a street circuit",
    "in a dry race",
    "with engine penalties",
    "on his birthday",
    "in odd-numbered years",
    "excluding the Indy 500",
    "in his second stint with the team",
    "wearing a special helmet",
    "with a new engine",
    "in the first half of the season",
    "with a manual gearbox",
];

/// The question with `qualifier` spliced in before its final punctuation.
fn splice(question: &str, qualifier: &str) -> String {
    let body = question.trim_end_matches(['?', '.', '!', ' ']);
    format!("{body} {qualifier}?")
}

#[test]
fn an_unsupported_qualifier_makes_every_answered_question_decline() {
    let engine = common::engine();
    let conn = common::conn();
    let questions = load_questions(common::manifest_path(
        "../../../shared/questions/dev_questions.jsonl",
    ))
    .unwrap();
    let answered: Vec<String> = questions
        .into_iter()
        .map(|q| q.question)
        .filter(|q| matches!(engine.answer(&conn, q).unwrap(), Outcome::Answered(_)))
        .collect();
    assert!(answered.len() >= 50, "only {} answered", answered.len());
    assert!(UNSUPPORTED_QUALIFIERS.len() >= 30);
    let mut failures = Vec::new();
    for question in &answered {
        for qualifier in UNSUPPORTED_QUALIFIERS {
            let spliced = splice(question, qualifier);
            match engine.answer(&conn, &spliced).unwrap() {
                Outcome::Answered(a) if a.confidence >= CONFIDENCE_THRESHOLD => {
                    failures.push(format!("{spliced} -> {}", a.answer));
                }
                _ => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} spliced questions still answered:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_decline_names_the_words_it_could_not_place() {
    let engine = common::engine();
    let conn = common::conn();
    match engine
        .answer(&conn, "Who won the 2021 Abu Dhabi Grand Prix on a Sunday?")
        .unwrap()
    {
        Outcome::Unanswered(u) => {
            assert_eq!(u.unparsed, vec!["sunday".to_string()], "{u:?}");
            assert!(u.reason.contains("sunday"), "{}", u.reason);
            assert!(u.best_effort.is_none(), "no half answer is kept");
        }
        Outcome::Answered(a) => panic!("answered: {}", a.answer),
    }
    // A season is honoured, never ignored: the youngest starter of 2025,
    // not of all time (Max Verstappen).
    match engine
        .answer(
            &conn,
            "Who is the youngest driver ever to start a race in 2025?",
        )
        .unwrap()
    {
        Outcome::Answered(a) => assert!(a.answer.contains("Antonelli"), "{}", a.answer),
        Outcome::Unanswered(u) => assert!(u.unparsed.contains(&"2025".to_string()), "{u:?}"),
    }
    // "Sprint points" is a qualifier the answer honours: sprint points
    // alone, never total points (45 and 25 in 2023, not 575 and 285).
    let Outcome::Answered(sprints) = engine
        .answer(
            &conn,
            "Who has more sprint points in 2023, Verstappen or Perez?",
        )
        .unwrap()
    else {
        panic!("sprint points are answerable");
    };
    assert!(
        sprints.answer.contains("45") && sprints.answer.contains("25"),
        "{}",
        sprints.answer
    );
    // A nationality the answering intent ignores is not understood either.
    assert!(matches!(
        engine
            .answer(
                &conn,
                "Which German drivers finished in the top 5 at Monza 2019?"
            )
            .unwrap(),
        Outcome::Unanswered(_)
    ));
    // "Which races" asks for a list: it is answered with the races, never
    // with a count.
    let Outcome::Answered(list) = engine
        .answer(&conn, "Which races did Kimi Raikkonen win in 2005?")
        .unwrap()
    else {
        panic!("a list of races is answerable");
    };
    for race in [
        "Spanish",
        "Monaco",
        "Canadian",
        "Hungarian",
        "Turkish",
        "Belgian",
        "Japanese",
    ] {
        assert!(list.answer.contains(race), "{}", list.answer);
    }
}

/// A question about something the data does not model is declined, and the
/// words that named it are reported (operators see what people ask for).
#[test]
fn an_unmodelled_topic_is_named_in_unparsed() {
    let engine = common::engine();
    let conn = common::conn();
    match engine
        .answer(&conn, "How many wet races did Lewis Hamilton win?")
        .unwrap()
    {
        Outcome::Unanswered(u) => assert!(u.unparsed.contains(&"wet".to_string()), "{u:?}"),
        Outcome::Answered(a) => panic!("answered: {}", a.answer),
    }
}
