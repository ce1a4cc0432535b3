//! Rows of a [`SeriesQuery`] to a sentence, the query to its
//! interpretation ("Championship points after each round · drivers' ·
//! 2021"), and wide pair columns to the drivers they are about.

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::SeriesQuery;

/// The canonical restatement of `q`; `names` are the drivers asked about.
pub(crate) fn interpretation(q: &SeriesQuery, names: &[String]) -> String {
    match q {
        SeriesQuery::Standings {
            championship,
            season,
            ..
        } => format!(
            "Championship points after each round · {} · {season}",
            championship.kind()
        ),
        SeriesQuery::RaceByRace { season, points, .. } => {
            let what = if *points {
                "Points"
            } else {
                "Finishing position"
            };
            format!("{what} race by race · {} · {season}", names.join(" · "))
        }
    }
}

/// Labels of a pair's wide columns.
pub(crate) fn labels(q: &SeriesQuery, names: &[String]) -> Vec<(&'static str, String)> {
    let SeriesQuery::RaceByRace { points, .. } = q else {
        return Vec::new();
    };
    match names {
        [a, b] if *points => vec![
            ("first_points", format!("{a} points")),
            ("second_points", format!("{b} points")),
        ],
        [a, b] => vec![
            ("first_position", format!("{a} position")),
            ("second_position", format!("{b} position")),
        ],
        _ => Vec::new(),
    }
}

/// The sentence for the rows of `q`, or `None` when there are none.
pub(crate) fn sentence(q: &SeriesQuery, t: &Table, names: &[String]) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    match q {
        SeriesQuery::RaceByRace { season, points, .. } => Some(summary(t, names, *season, *points)),
        SeriesQuery::Standings {
            championship,
            season,
            ..
        } => {
            let last_round = cell(t, t.rows.len() - 1, 0);
            let at_end: Vec<String> = (0..t.rows.len())
                .filter(|i| cell(t, *i, 0) == last_round)
                .map(|i| format!("{} {}", cell(t, i, 1), cell(t, i, 2)))
                .collect();
            Some(format!(
                "The {season} {} championship points after each round; after round {last_round}: {}.",
                championship.kind(),
                join_and(&at_end)
            ))
        }
    }
}

/// The sentence over a race-by-race table: wins and points finishes for
/// one driver, who finished ahead more often for two.
fn summary(t: &Table, names: &[String], year: i64, points: bool) -> String {
    let races = t.rows.len();
    let num = |i: usize, c: usize| t.rows[i].get(c).and_then(crate::present::number);
    match names {
        [a, b] if points => {
            let sum = |c: usize| (0..races).filter_map(|i| num(i, c)).sum::<f64>();
            format!(
                "{a} and {b} race by race in {year} ({races} races): {a} scored {} points, {b} {}.",
                sum(2),
                sum(3)
            )
        }
        [a, b] => {
            let (mut first, mut second) = (0, 0);
            for i in 0..races {
                match (num(i, 2), num(i, 3)) {
                    (Some(x), Some(y)) if x < y => first += 1,
                    (Some(_), None) => first += 1,
                    (Some(_), Some(_)) => second += 1,
                    (None, Some(_)) => second += 1,
                    (None, None) => {}
                }
            }
            format!(
                "{a} and {b} race by race in {year} ({races} races): {a} finished ahead {first} times, {b} {second} (a classified finish counts as ahead of a retirement or a race not started)."
            )
        }
        [a, ..] if points => {
            let total = (0..races).filter_map(|i| num(i, 2)).sum::<f64>();
            format!("{a}'s points race by race in {year}: {total} over {races} races.")
        }
        [a, ..] => {
            let wins = (0..races).filter(|i| num(*i, 3) == Some(1.0)).count();
            let finished = (0..races).filter(|i| num(*i, 3).is_some()).count();
            format!(
                "{a}'s results race by race in {year}: {races} races, {finished} classified finishes, {wins} wins."
            )
        }
        [] => String::new(),
    }
}
