//! Rows of a [`RecordQuery`] to a sentence, and the query to its
//! interpretation ("Most wins in a season", "Youngest world champion").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and, Stat};
use crate::query::{AgeOf, RecordQuery};

/// "world champion (age at the season's last race)", "race winner".
fn age_of(of: AgeOf) -> &'static str {
    match of {
        AgeOf::Champion => "world champion (age at the season's last race)",
        AgeOf::Result(Some(Stat::Poles)) => "pole sitter",
        AgeOf::Result(Some(Stat::Podiums)) => "podium finisher",
        AgeOf::Result(Some(Stat::Points)) => "points scorer",
        AgeOf::Result(Some(Stat::FastestLaps)) => "fastest-lap setter",
        AgeOf::Result(Some(Stat::Wins)) => "race winner",
        AgeOf::Result(_) => "race starter",
    }
}

/// The canonical restatement of `q`.
pub(crate) fn interpretation(q: &RecordQuery) -> String {
    let who = |teams: bool| if teams { "constructors" } else { "drivers" };
    match *q {
        RecordQuery::AllTime { stat, teams, n: 1 } => {
            format!("Most {} · all time · {}", stat.words(), who(teams))
        }
        RecordQuery::AllTime { stat, teams, n } => {
            format!("Top {n} by {} · all time · {}", stat.words(), who(teams))
        }
        RecordQuery::Season {
            stat,
            teams,
            season: Some(y),
        } => format!("Most {} · {y} · {}", stat.words(), who(teams)),
        RecordQuery::Season { stat, teams, .. } => {
            format!("Most {} in a season · {}", stat.words(), who(teams))
        }
        RecordQuery::SprintWinners { teams, season, .. } => {
            let scope = season.map_or_else(|| "all sprints".to_string(), |y| y.to_string());
            format!("Sprint winners ({}) · {scope}", who(teams))
        }
        RecordQuery::Age { oldest, of } => {
            let which = if oldest { "Oldest" } else { "Youngest" };
            let what = age_of(of);
            let what = what.split(" (").next().unwrap_or(what);
            format!("{which} {what}")
        }
    }
}

/// Names every row tied with the first on column 1, or (`n` > the ties)
/// the first `n` with their values.
fn leaders(t: &Table, n: usize) -> Vec<String> {
    let top = cell(t, 0, 1);
    let tied: Vec<String> = (0..t.rows.len())
        .filter(|i| cell(t, *i, 1) == top)
        .map(|i| cell(t, i, 0))
        .collect();
    if n <= 1 || n <= tied.len() {
        tied
    } else {
        (0..t.rows.len().min(n))
            .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
            .collect()
    }
}

/// The sentence for the rows of `q`, or `None` when there are none;
/// `scope` says what data a ranking or a list covers.
pub(crate) fn sentence(q: &RecordQuery, t: &Table, scope: &str) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    Some(match *q {
        RecordQuery::AllTime { stat, n, .. } => {
            let names = leaders(t, usize::try_from(n).unwrap_or(1));
            if n > 1 {
                format!(
                    "All-time top {n} in {}: {} ({scope}).",
                    stat.words(),
                    join_and(&names)
                )
            } else {
                format!(
                    "{} {} the most {} in F1 history: {} ({scope}).",
                    join_and(&names),
                    if names.len() > 1 { "share" } else { "has" },
                    stat.words(),
                    cell(t, 0, 1)
                )
            }
        }
        RecordQuery::Season {
            stat,
            season: Some(y),
            ..
        } => format!(
            "{} had the most {} in {y}: {}.",
            join_and(&leaders(t, 1)),
            stat.words(),
            cell(t, 0, 1)
        ),
        RecordQuery::Season { stat, .. } => {
            let top = cell(t, 0, 2);
            let tied: Vec<String> = (0..t.rows.len())
                .filter(|i| cell(t, *i, 2) == top)
                .map(|i| format!("{} in {}", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            format!(
                "The record for most {} in a season is {top}, by {}.",
                stat.words(),
                join_and(&tied)
            )
        }
        RecordQuery::SprintWinners { teams, count, .. } => {
            let who = if teams { "teams" } else { "drivers" };
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            if count {
                format!(
                    "{} different {who} have won a sprint {scope}: {}.",
                    t.rows.len(),
                    join_and(&items)
                )
            } else {
                format!("Sprint winners {scope}: {}.", join_and(&items))
            }
        }
        RecordQuery::Age { oldest, of } => {
            let which = if oldest { "oldest" } else { "youngest" };
            format!(
                "The {which} {} is {}, aged {} years and {} days at the {} {}.",
                age_of(of),
                cell(t, 0, 0),
                cell(t, 0, 3),
                cell(t, 0, 4),
                cell(t, 0, 1),
                cell(t, 0, 2)
            )
        }
    })
}
