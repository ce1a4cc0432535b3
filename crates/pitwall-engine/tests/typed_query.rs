//! The typed query (parse → query → compile → phrase): qualifiers compose
//! with measures and shapes, each answer states its interpretation, and
//! readings that could mean several things are declined. Gold values come
//! from the README conventions over the real data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use pitwall_engine::{Answer, Outcome};

fn answer(q: &str) -> Answer {
    match common::engine().answer(&common::conn(), q).unwrap() {
        Outcome::Answered(a) => a,
        Outcome::Unanswered(u) => panic!("{q}: declined: {}", u.reason),
    }
}

fn says(q: &str, want: &[&str]) {
    let a = answer(q);
    for w in want {
        assert!(a.answer.contains(w), "{q}: {:?} lacks {w}", a.answer);
    }
    assert!(a.confidence >= 0.8, "{q}: {}", a.confidence);
}

fn declined(q: &str) {
    if let Outcome::Answered(a) = common::engine().answer(&common::conn(), q).unwrap() {
        panic!("{q}: answered {:?}", a.answer);
    }
}

#[test]
fn season_ranges_and_decades_compose_with_every_measure() {
    says(
        "Who won the most Grands Prix in the 2000s?",
        &["Michael Schumacher", "56"],
    );
    says(
        "Which driver won the most races between 2010 and 2014?",
        &["Sebastian Vettel", "34"],
    );
    says(
        "Who took the most pole positions during the 1980s?",
        &["Ayrton Senna", "42"],
    );
    says(
        "How many times has McLaren won the Monaco Grand Prix since 2000?",
        &["6"],
    );
    says(
        "Which constructor won the most races in the 1980s?",
        &["McLaren", "56"],
    );
}

#[test]
fn lists_are_lists_and_counts_are_counts() {
    says(
        "In which years did Ayrton Senna win the Monaco Grand Prix?",
        &["1987", "1989", "1990", "1993"],
    );
    says(
        "How many different drivers have won the Italian Grand Prix?",
        &["40"],
    );
    says(
        "With how many different constructors did Alain Prost win Grands Prix?",
        &["4"],
    );
    says(
        "Which Grands Prix took place in September 2019?",
        &["Belgian", "Italian", "Singapore", "Russian"],
    );
    says(
        "In which years did Williams win the constructors' championship?",
        &["1980", "1997"],
    );
}

#[test]
fn driver_qualifiers() {
    says(
        "How many Grands Prix did Lewis Hamilton win in his rookie season?",
        &["4"],
    );
    says(
        "How many of Michael Schumacher's Grand Prix wins came with Ferrari?",
        &["72"],
    );
    says(
        "How many Grands Prix did Ayrton Senna win from pole position?",
        &["29"],
    );
    says(
        "How many races did Jenson Button win while Lewis Hamilton was his teammate?",
        &["8"],
    );
    says(
        "How many Grands Prix has Lewis Hamilton won in September?",
        &["15"],
    );
    says("How many points did Lando Norris score in 2024 from Grands Prix alone, leaving out sprint points?", &["344"]);
    says(
        "How many races did Max Verstappen win in 2021 if sprint wins are counted too?",
        &["11"],
    );
    says(
        "How many drivers' titles did Alain Prost win with McLaren?",
        &["3"],
    );
}

#[test]
fn records_streaks_ages_and_margins() {
    says(
        "Who holds the record for the most consecutive Grand Prix wins?",
        &["Max Verstappen", "10"],
    );
    says(
        "What was Sebastian Vettel's longest winning streak?",
        &["9"],
    );
    says(
        "Who is the oldest driver to have won a Grand Prix since 2000?",
        &["Lewis Hamilton", "39"],
    );
    says(
        "How old was Max Verstappen when he won his first Grand Prix?",
        &["18"],
    );
    says(
        "Who has the most podium finishes without ever winning a Grand Prix?",
        &["Nick Heidfeld", "13"],
    );
    says(
        "By how many points did Nico Rosberg win the 2016 title?",
        &["5"],
    );
    says(
        "Who won more races for McLaren, Ayrton Senna or Alain Prost?",
        &["Ayrton Senna", "35", "30"],
    );
    says(
        "How many Grand Prix victories have Japanese constructors achieved?",
        &["3"],
    );
}

#[test]
fn the_nth_race_of_all_and_ambiguous_race_numbers() {
    says(
        "Who won the 354th World Championship race?",
        &["Alain Prost", "Dutch Grand Prix", "1981"],
    );
    // Round? Car number? Race id? Never silently guessed.
    declined("Who won race number 20?");
    declined("Who won race No. 354?");
}

#[test]
fn interpretations_restate_the_query() {
    let a = answer("Who won the most Grands Prix in the 2000s?");
    assert!(a.interpretation.contains("wins"), "{}", a.interpretation);
    assert!(
        a.interpretation.contains("2000–2009"),
        "{}",
        a.interpretation
    );
    let a = answer("How many of Michael Schumacher's Grand Prix wins came with Ferrari?");
    assert!(
        a.interpretation.contains("Michael Schumacher"),
        "{}",
        a.interpretation
    );
    assert!(a.interpretation.contains("Ferrari"), "{}", a.interpretation);
    let a = answer("Who won the 2012 Monaco Grand Prix?");
    assert!(
        a.interpretation.contains("Race winner"),
        "{}",
        a.interpretation
    );
    assert!(a.interpretation.contains("2012"), "{}", a.interpretation);
}

#[test]
fn unsupported_qualifiers_still_decline() {
    declined("Who won the most Grands Prix in the 2000s in wet races?");
    declined(
        "How many races did Jenson Button win on a Sunday while Lewis Hamilton was his teammate?",
    );
    declined(
        "Who has the most podium finishes without ever winning a Grand Prix on a street circuit?",
    );
}

#[test]
fn several_measures_are_all_answered_or_none() {
    says(
        "Compare Ayrton Senna and Alain Prost on wins, poles and titles",
        &["41", "51", "65", "33", "3", "4"],
    );
    says(
        "How many wins, poles and podiums did Jim Clark have?",
        &["25", "34", "32"],
    );
    // A measure word that is not a list ("points ... win the championship")
    // is not a second measure: this is a title margin.
    says(
        "By how many points did Jenson Button win the 2009 championship?",
        &["11"],
    );
}

#[test]
fn a_seasons_points_are_the_championship_points() {
    // 1986 had dropped scores: Mansell scored 72, the championship counted 70.
    says(
        "Mansell or Piquet: who had more points in 1986?",
        &["70", "69"],
    );
    says("How many points did Lando Norris score in 2024?", &["374"]);
    // Grands Prix only is a sum of results, not the standings.
    says(
        "How many points did Lando Norris score in 2024 leaving out sprint points?",
        &["344"],
    );
    declined("How many points did McLaren finish the 2025 constructors' championship with?");
}

#[test]
fn ages_runs_and_long_lists() {
    says(
        "How old was Lewis Hamilton at the 2008 Brazilian Grand Prix?",
        &["23"],
    );
    // Points finishes, not starts, over his own entries (he missed the
    // 2020 Sakhir Grand Prix).
    says(
        "What is the longest run of consecutive points finishes by Lewis Hamilton?",
        &["54"],
    );
    // A list longer than the table says how long it is.
    says("Which races were held at Monza?", &["75 in all"]);
}

#[test]
fn a_teams_best_placed_driver_in_one_race() {
    says(
        "Who was the highest-placed Ferrari driver at the 2020 British Grand Prix?",
        &["Charles Leclerc", "3"],
    );
    says(
        "Who was the best-finishing Williams driver at the 2019 German Grand Prix?",
        &["Robert Kubica", "10"],
    );
    // Without one race it is not a question this shape answers.
    declined("Who was the highest-placed Ferrari driver?");
}

#[test]
fn averages_over_grand_prix_results() {
    says(
        "What was Michael Schumacher's average finishing position in 2002?",
        &["1.41"],
    );
    says(
        "How many points per race did Max Verstappen score in 2023?",
        &["24.09"],
    );
    says(
        "Lewis Hamilton vs Nico Rosberg average finishing position in 2016",
        &["Lewis Hamilton", "Nico Rosberg"],
    );
}

#[test]
fn debut_teams_final_points_and_sprint_weekends() {
    says(
        "Which team did Kimi Räikkönen make his F1 debut with?",
        &["Sauber"],
    );
    says(
        "When did Nigel Mansell make his Formula 1 debut?",
        &["Austrian Grand Prix", "1980"],
    );
    says(
        "how many points did alonso end the 2013 season with",
        &["242"],
    );
    // The 2025 season is not complete in the data: no final figure.
    declined("How many points did McLaren finish the 2025 constructors' championship with?");
    says("How many sprint races were held in 2022?", &["3"]);
    says(
        "Who is the most successful German driver by wins?",
        &["Michael Schumacher", "91"],
    );
}

#[test]
fn of_all_time_is_read_by_rankings_and_counts_and_only_without_a_season() {
    for q in [
        "Who has the most pole positions of all time?",
        "most poles all time",
        "Which constructor has the most all-time wins?",
    ] {
        let a = answer(q);
        assert_eq!(a.intent, "stat_leaders", "{q}: {}", a.answer);
    }
    says(
        "Who has the most pole positions of all time?",
        &["Lewis Hamilton", "104"],
    );
    says(
        "Which constructor has the most all-time wins?",
        &["Ferrari"],
    );
    // "Of all time" beside a season contradicts it: not guessed at.
    declined("Who won the most races of all time in 2010?");
    // A count over the whole history reads it too.
    says(
        "How many races has Lewis Hamilton won of all time?",
        &["105"],
    );
    declined("How many races did Lewis Hamilton win of all time in 2019?");
}
