//! The series a fan wants drawn (issue 14): standings after each round,
//! head-to-head over a season, a career or a team season by season, and
//! race-by-race results. Each is answered locally with its whole series
//! (not cut at the 50 rows of other tables), in x order, with the chart
//! hint the page draws; values are checked against the real data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pitwall_engine::present::ChartKind;
use pitwall_engine::{Answer, Outcome};

fn answered(q: &str) -> Answer {
    match common::ask(q) {
        Outcome::Answered(a) => {
            assert!(a.confidence >= 0.8, "{q}: confidence {}", a.confidence);
            a
        }
        Outcome::Unanswered(u) => panic!("{q}: not answered: {}", u.reason),
    }
}

fn col(a: &Answer, name: &str) -> usize {
    a.table
        .columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}: {:?}", a.table.columns))
}

/// The value of `column` in the row whose `key` column is `at` (and, for
/// long tables, whose `label` column is `who`).
fn value_at(a: &Answer, key: &str, at: i64, label: Option<(&str, &str)>, column: &str) -> f64 {
    let (k, c) = (col(a, key), col(a, column));
    let row = a
        .table
        .rows
        .iter()
        .find(|r| {
            r[k].as_i64() == Some(at)
                && label.is_none_or(|(l, who)| r[col(a, l)].as_str() == Some(who))
        })
        .unwrap_or_else(|| panic!("no row {key}={at} {label:?} in {:?}", a.table.rows));
    pitwall_engine::present::number(&row[c]).unwrap_or(f64::NAN)
}

fn xs(a: &Answer, key: &str) -> Vec<i64> {
    let k = col(a, key);
    a.table
        .rows
        .iter()
        .map(|r| r[k].as_i64().unwrap())
        .collect()
}

#[test]
fn standings_after_each_round_follow_the_top_five_through_the_season() {
    let a = answered("Championship standings after each round of 2021");
    assert_eq!(a.intent, "standings_progression");
    assert_eq!(a.table.columns, ["round", "driver", "points"]);
    // 22 rounds x 5 drivers: the whole series, beyond the usual 50 rows.
    assert_eq!(a.table.rows.len(), 110, "{:?}", a.table.rows.len());
    let rounds = xs(&a, "round");
    assert!(rounds.windows(2).all(|w| w[0] <= w[1]), "round order");
    assert_eq!((rounds[0], rounds[109]), (1, 22));
    let final_points = |who| value_at(&a, "round", 22, Some(("driver", who)), "points");
    assert_eq!(final_points("Max Verstappen"), 395.5);
    assert_eq!(final_points("Lewis Hamilton"), 387.5);
    let chart = a.chart.as_ref().expect("a chart");
    assert_eq!(chart.kind, ChartKind::Line);
    assert_eq!(chart.x, "round");
    assert_eq!(chart.series_column.as_deref(), Some("driver"));
    assert_eq!(chart.series.len(), 5, "{:?}", chart.series);
    assert!(chart.series.iter().any(|s| s == "Max Verstappen"));
    assert!(
        a.interpretation.contains("after each round"),
        "{}",
        a.interpretation
    );
}

#[test]
fn two_named_drivers_points_after_each_round_are_their_title_fight() {
    let a = answered("Hamilton vs Rosberg points after each round of 2016");
    assert_eq!(a.intent, "standings_progression");
    assert_eq!(a.table.rows.len(), 42);
    assert_eq!(
        value_at(&a, "round", 21, Some(("driver", "Nico Rosberg")), "points"),
        385.0
    );
    assert_eq!(
        value_at(
            &a,
            "round",
            21,
            Some(("driver", "Lewis Hamilton")),
            "points"
        ),
        380.0
    );
    let chart = a.chart.as_ref().expect("a chart");
    let mut series = chart.series.clone();
    series.sort();
    assert_eq!(series, ["Lewis Hamilton", "Nico Rosberg"]);
    // The constructors' table the same way, and a named top N.
    let teams = answered("Constructors standings after each round of 2021");
    assert_eq!(teams.table.columns, ["round", "constructor", "points"]);
    assert_eq!(
        value_at(
            &teams,
            "round",
            22,
            Some(("constructor", "Mercedes")),
            "points"
        ),
        613.5
    );
    let top3 = answered("Top 3 in the standings after each round of 2010");
    assert_eq!(top3.chart.as_ref().unwrap().series.len(), 3);
}

#[test]
fn head_to_head_race_by_race_draws_both_drivers_positions() {
    let a = answered("Hamilton vs Rosberg race by race in 2016");
    assert_eq!(a.intent, "race_by_race");
    assert_eq!(
        a.table.columns,
        ["round", "race", "first_position", "second_position"]
    );
    assert_eq!(a.table.rows.len(), 21);
    // Round 1, Australia: Rosberg won, Hamilton second.
    assert_eq!(value_at(&a, "round", 1, None, "first_position"), 2.0);
    assert_eq!(value_at(&a, "round", 1, None, "second_position"), 1.0);
    assert_eq!(a.column_labels[2], "Lewis Hamilton position");
    assert!(
        // 10-10, Spain (both out on lap 1) counted for neither.
        a.answer
            .contains("Lewis Hamilton finished ahead 10 times, Nico Rosberg 10"),
        "{}",
        a.answer
    );
    let chart = a.chart.as_ref().expect("a chart");
    assert_eq!(chart.y, ["first_position", "second_position"]);
    assert_eq!(
        chart.series,
        ["Lewis Hamilton position", "Nico Rosberg position"]
    );
}

#[test]
fn one_drivers_season_race_by_race() {
    let a = answered("Where did Hamilton finish in each race of 2019?");
    assert_eq!(a.intent, "race_by_race");
    assert_eq!(
        a.table.columns,
        ["round", "race", "grid", "position", "status"]
    );
    assert_eq!(a.table.rows.len(), 21);
    assert_eq!(value_at(&a, "round", 1, None, "position"), 2.0);
    assert!(a.answer.contains("11 wins"), "{}", a.answer);
    let chart = a.chart.as_ref().expect("a chart");
    assert_eq!(chart.x, "round");
    assert!(chart.y.contains(&"position".to_string()));
    // The same table for the plain wording, and points per race.
    let plain = answered("Hamilton's results in 2019");
    assert_eq!(plain.table.rows, a.table.rows);
    let points = answered("Alonso's points race by race in 2012");
    assert_eq!(points.table.columns, ["round", "race", "points"]);
    let total: f64 = points
        .table
        .rows
        .iter()
        .filter_map(|r| pitwall_engine::present::number(&r[2]))
        .sum();
    assert_eq!(total, 278.0, "Alonso's 2012 total");
}

#[test]
fn a_career_by_season_keeps_seasons_without_a_win() {
    let a = answered("Lewis Hamilton's wins per season");
    assert_eq!(a.intent, "stat_per_season");
    assert_eq!(a.table.columns, ["year", "wins"]);
    assert_eq!(value_at(&a, "year", 2014, None, "wins"), 11.0);
    // 2022: a full season without a win is a bar of zero, not a gap.
    assert_eq!(value_at(&a, "year", 2022, None, "wins"), 0.0);
    let years = xs(&a, "year");
    assert_eq!(years.first(), Some(&2007));
    let chart = a.chart.as_ref().expect("a chart");
    assert_eq!((chart.kind, chart.x.as_str()), (ChartKind::Bar, "year"));
    assert_eq!(a.interpretation, "Wins per season · Lewis Hamilton");
    let same = answered("How many wins did Lewis Hamilton have each season?");
    assert_eq!(same.table.rows, a.table.rows);
    let points = answered("Lewis Hamilton's points per season");
    assert_eq!(value_at(&points, "year", 2020, None, "points"), 347.0);
    assert_eq!(points.chart.as_ref().unwrap().kind, ChartKind::Line);
}

#[test]
fn a_team_by_season_is_the_whole_history_and_pairs_are_long_series() {
    let a = answered("Ferrari wins per season");
    // Every season from 1950: 76 rows, not cut at 50.
    let years = xs(&a, "year");
    assert_eq!(
        (years.len(), years[0], *years.last().unwrap()),
        (76, 1950, 2025)
    );
    assert_eq!(value_at(&a, "year", 2004, None, "wins"), 15.0);
    let since = answered("Ferrari wins per season since 2010");
    assert_eq!(xs(&since, "year").first(), Some(&2010));
    let pair = answered("Lewis Hamilton vs Nico Rosberg wins per season");
    assert_eq!(pair.table.columns, ["year", "name", "wins"]);
    assert_eq!(
        value_at(&pair, "year", 2016, Some(("name", "Nico Rosberg")), "wins"),
        9.0
    );
    let chart = pair.chart.as_ref().expect("a chart");
    assert_eq!(chart.series_column.as_deref(), Some("name"));
    assert_eq!(chart.series.len(), 2);
}

#[test]
fn near_misses_of_a_series_are_not_answered_as_one() {
    for q in [
        // An average per season is one number, not a series.
        "What is Hamilton's average number of wins per season?",
        // A count inside each race is not a question the series answers.
        "How many wins did Hamilton have in each race of 2019?",
    ] {
        if let Outcome::Answered(a) = common::ask(q) {
            assert!(
                a.confidence < 0.8
                    || !matches!(a.intent.as_str(), "stat_per_season" | "race_by_race"),
                "{q} answered as a series: {} ({})",
                a.interpretation,
                a.answer
            );
        }
    }
    // A one-row answer never gets a chart.
    let one = answered("Who won the 2021 Abu Dhabi Grand Prix?");
    assert!(one.chart.is_none());
}
