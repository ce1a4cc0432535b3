//! Calendar questions (issue 13): the next race after a given day and the
//! date and place of a race that is scheduled but not run. The dump's 2025
//! schedule runs to round 24; its results stop at round 21.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::{Engine, Outcome};

fn ask_on(day: &str, q: &str) -> Outcome {
    let conn = common::conn();
    Engine::load(&conn)
        .unwrap()
        .with_today(day)
        .answer(&conn, q)
        .unwrap()
}

fn answered(o: Outcome) -> pitwall_engine::Answer {
    match o {
        Outcome::Answered(a) => a,
        other => panic!("{other:#?}"),
    }
}

#[test]
fn the_next_race_depends_on_today() {
    let a = answered(ask_on("2025-11-24", "When is the next race?"));
    assert!(
        a.answer.contains("2025 Qatar Grand Prix") && a.answer.contains("2025-11-30"),
        "{}",
        a.answer
    );
    assert_eq!(a.intent, "calendar");
    let a = answered(ask_on("2025-12-01", "where is the next grand prix"));
    assert!(
        a.answer.contains("Abu Dhabi") && a.answer.contains("Yas Marina"),
        "{}",
        a.answer
    );
    // A race on today's date is still the next one.
    let a = answered(ask_on("2025-11-30", "next race?"));
    assert!(a.answer.contains("Qatar"), "{}", a.answer);
    // After the calendar's end: declined, saying where the calendar ends.
    let Outcome::Unanswered(u) = ask_on("2026-01-10", "When is the next race?") else {
        panic!("no race is scheduled after the calendar's end");
    };
    assert!(u.reason.contains("Abu Dhabi"), "{}", u.reason);
}

#[test]
fn a_scheduled_race_is_reported_as_scheduled_never_with_a_result() {
    common::answers(
        "Where is round 23 of 2025?",
        &["Qatar Grand Prix", "Losail", "2025-11-30"],
    );
    let a = answered(common::ask("When is the 2025 Abu Dhabi Grand Prix?"));
    assert!(
        a.answer.contains("scheduled") && a.answer.contains("no results"),
        "{}",
        a.answer
    );
    // Asking for its result is refused, not answered from the calendar.
    let Outcome::Unanswered(u) = common::ask("Who won the 2025 Abu Dhabi Grand Prix?") else {
        panic!("a race not yet run has no winner");
    };
    assert!(u.reason.contains("no results"), "{}", u.reason);
    // A race already run is not a calendar answer.
    let a = answered(common::ask("When was the 2025 Mexico City Grand Prix?"));
    assert_ne!(a.intent, "calendar");
}

#[test]
fn a_seasons_opener_and_finale_are_its_first_and_last_rounds() {
    for q in [
        "Which race opened the 2019 season?",
        "what was the first race of 2019",
        "2019 season opener",
        "Which Grand Prix started the 2019 season?",
    ] {
        common::answers(q, &["Australian Grand Prix", "2019-03-17", "Albert Park"]);
    }
    for q in [
        "What was the last race of the 2021 season?",
        "which grand prix closed the 2021 season",
        "2021 season finale",
    ] {
        common::answers(q, &["Abu Dhabi Grand Prix", "2021-12-12", "Yas Marina"]);
    }
    // The 2025 finale is on the calendar but not in the results yet.
    let a = answered(common::ask("What is the final race of the 2025 season?"));
    assert!(
        a.answer
            .contains("scheduled to close with the Abu Dhabi Grand Prix")
            && a.answer.contains("no results"),
        "{}",
        a.answer
    );
    assert_eq!(a.intent, "calendar");
    // Who won it is another question, never answered with the calendar.
    for q in [
        "Who won the first race of 2019?",
        "Who won the season finale in 2021?",
        // "season" with a start/end verb that is not about the calendar.
        "How many drivers started every race of the 2019 season?",
        "At the end of the 2021 season, who led the championship?",
        "who kicked off the 2019 season with a win",
    ] {
        if let Outcome::Answered(a) = common::ask(q) {
            assert_ne!(a.intent, "calendar", "{q}: {}", a.answer);
        }
    }
    // No season named: nothing to pick the round from.
    assert!(!matches!(
        common::ask("Which race opened the season?"),
        Outcome::Answered(ref a) if a.intent == "calendar"
    ));
}

#[test]
fn the_race_families_read_a_season_opener_as_its_first_round() {
    common::answers(
        "who won the 2019 season opener",
        &["Valtteri Bottas", "Australian Grand Prix"],
    );
    common::answers(
        "Who was on pole for the opening race of 2020?",
        &["Valtteri Bottas", "Austrian Grand Prix"],
    );
    common::answers(
        "who won the 2021 season finale",
        &["Max Verstappen", "Abu Dhabi Grand Prix"],
    );
}
