//! A team named with its drivers is a question about the drivers, and a
//! question about a team's titles is about the constructors' championship:
//! "the last Ferrari driver to win the drivers' title" is Räikkönen in
//! 2007, not Ferrari's last constructors' title in 2008. Found by an
//! adversarial probe of new wordings (issue 9); gold values from the real
//! data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use pitwall_engine::{Outcome, CONFIDENCE_THRESHOLD};

fn declines(q: &str) {
    if let Outcome::Answered(a) = common::ask(q) {
        assert!(
            a.confidence < CONFIDENCE_THRESHOLD,
            "{q}: should decline, got {} ({})",
            a.answer,
            a.interpretation
        );
    }
}

#[test]
fn a_teams_drivers_titles_are_the_drivers_championship() {
    let a = common::confident("Who was the last Ferrari driver to win the drivers' title?");
    assert_eq!(a.interpretation, "Last of drivers' titles · with Ferrari");
    assert_eq!(a.answer, "Last title with Ferrari: 2007 (Kimi Räikkönen).");
    let a = common::confident("Who was the first Red Bull driver to become world champion?");
    assert!(a.answer.contains("2010 (Sebastian Vettel)"), "{}", a.answer);
    let a = common::confident("Who was the last McLaren driver to win the title?");
    assert!(a.answer.contains("2008 (Lewis Hamilton)"), "{}", a.answer);
    // Ferrari's drivers won 15 drivers' titles; the team 16 constructors'.
    let a = common::confident("In which years did Ferrari win the drivers' title?");
    assert_eq!(a.table.rows.len(), 15, "{}", a.answer);
    assert!(
        a.answer.contains("1952") && !a.answer.contains("2008"),
        "{}",
        a.answer
    );
    let a = common::confident("How many drivers' championships have Ferrari drivers won?");
    assert_eq!(a.interpretation, "Drivers' titles · with Ferrari");
    assert!(a.answer.starts_with("15 titles"), "{}", a.answer);
    let a = common::confident("In which years did Red Bull drivers win the championship?");
    assert!(
        a.answer.contains("2021") && a.answer.contains("2024"),
        "{}",
        a.answer
    );
    let a = common::confident("How many constructors' titles has Ferrari won?");
    assert_eq!(a.interpretation, "Constructors' titles · Ferrari");
    assert!(a.answer.contains("16 titles"), "{}", a.answer);
}

#[test]
fn who_did_it_for_a_team_names_the_driver() {
    let a = common::confident("Who was the last driver to win for Williams?");
    assert!(a.answer.contains("Pastor Maldonado"), "{}", a.answer);
    let a = common::confident("Who last won for Williams?");
    assert!(a.answer.contains("(Pastor Maldonado)"), "{}", a.answer);
    let a = common::confident("Who was the last driver to take pole for Ferrari?");
    assert!(a.answer.contains("Charles Leclerc"), "{}", a.answer);
    // A team's podiums count races; its drivers' podiums count both cars.
    let a = common::confident("How many podiums have Ferrari drivers scored?");
    assert!(a.answer.starts_with("848 podiums"), "{}", a.answer);
}

#[test]
fn a_teams_roster_or_constructors_table_is_not_given_for_its_champions() {
    // Not the list of everyone who drove for Ferrari.
    declines("Which Ferrari drivers won the title?");
    // Not the constructors' champion.
    declines("Who won the 2007 title and for which team?");
}

#[test]
fn ages_at_titles_are_in_completed_years_and_days_since_the_birthday() {
    let a = common::confident("What was Lewis Hamilton's age when he won his first title?");
    assert!(
        a.answer.ends_with("2008 (Lewis Hamilton), aged 23."),
        "{}",
        a.answer
    );
    let a = common::confident("How old was Michael Schumacher when he won his last title?");
    assert!(a.answer.ends_with("aged 35."), "{}", a.answer);
    declines("How old was Ferrari when it won its first title?");
    // Fangio was born 1911-06-24: 1957-09-08 is 76 days after his 46th
    // birthday (the old figure, 77, subtracted 46 × 365.25 days).
    let a = common::confident("Who is the oldest world champion?");
    assert!(
        a.answer.contains("Juan Fangio, aged 46 years and 76 days"),
        "{}",
        a.answer
    );
}

#[test]
fn a_drivers_results_with_a_team_name_the_data_splits_are_declined() {
    // Räikkönen drove for Lotus F1 (2012-2013), not Team Lotus: not "0".
    let why = common::declined("How many podiums did Kimi Räikkönen score with Lotus?");
    assert!(why.contains("he raced for Lotus F1"), "{why}");
    // Clark's 25 wins are under Lotus-Climax and Lotus-Ford, not Team Lotus.
    let why = common::declined("How many wins did Jim Clark have with Lotus?");
    assert!(
        why.contains("Lotus-Climax") && why.contains("Lotus-Ford"),
        "{why}"
    );
    let why = common::declined("How many wins did Senna have with Ferrari?");
    assert!(
        why.contains("no results for Ayrton Senna with Ferrari"),
        "{why}"
    );
    // One team of that name: answered.
    let a = common::confident("How many wins did Alonso have with Renault?");
    assert!(a.answer.contains("17 wins with Renault"), "{}", a.answer);
    common::answers("How many wins did Senna score with Lotus?", &["6"]);
}
