//! Rows of a [`PitQuery`] to a sentence, and the query to its
//! interpretation ("Fastest pit stop · 2018 Italian Grand Prix").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::{PitAsk, PitQuery, PitScope};

/// The canonical restatement of `q`; `driver` names a driver asked about.
pub(crate) fn interpretation(q: &PitQuery, driver: &str) -> String {
    let what = match q.ask {
        PitAsk::Fastest => "Fastest pit stop".to_string(),
        PitAsk::Slowest => "Slowest pit stop".to_string(),
        PitAsk::Stops(_) => format!("Pit stops · {driver}"),
        PitAsk::FirstStop(_) => format!("First pit stop · {driver}"),
        PitAsk::Most => "Most pit stops".to_string(),
        PitAsk::Total => "Total pit stops".to_string(),
        PitAsk::Laps(_) => format!("Pit-stop laps · {driver}"),
        PitAsk::Time { average: true, .. } => {
            format!("Average pit-stop time (pit lane) · {driver}")
        }
        PitAsk::Time { .. } => format!("Total pit-stop time (pit lane) · {driver}"),
        PitAsk::TeamStops(_) => format!("Pit stops · {driver}"),
    };
    match q.scope {
        PitScope::Race(race) => format!("{what} · {} {}", race.year, race.name),
        PitScope::Season(year) => format!("{what} · {year}"),
    }
}

/// "1 pit stop", "3 pit stops".
fn stops(n: &str) -> String {
    if n == "1" {
        "1 pit stop".to_string()
    } else {
        format!("{n} pit stops")
    }
}

/// "lap 8", "laps 10, 19".
fn laps(list: &str) -> String {
    if list.contains(',') {
        format!("laps {list}")
    } else {
        format!("lap {list}")
    }
}

/// The sentence for the rows of `q`, or `None` when they do not answer it;
/// `driver` names a driver asked about.
pub(crate) fn sentence(q: &PitQuery, t: &Table, driver: &str) -> Option<String> {
    // A season's times and team counts first: a season's other ask is
    // its fastest stop.
    if let (PitScope::Season(year), PitAsk::Time { .. } | PitAsk::TeamStops(_)) = (q.scope, q.ask) {
        return facts(q, t, driver, &format!("in {year}"));
    }
    let race = match q.scope {
        PitScope::Season(year) => {
            return (!t.rows.is_empty()).then(|| {
                format!(
                    "The fastest pit stop (pit-lane time) of {year} was {} at the {}: {}s on lap {}.",
                    cell(t, 0, 0),
                    cell(t, 0, 1),
                    cell(t, 0, 3),
                    cell(t, 0, 2)
                )
            });
        }
        PitScope::Race(race) => format!("the {} {}", race.year, race.name),
    };
    match q.ask {
        PitAsk::Fastest | PitAsk::Slowest => (!t.rows.is_empty()).then(|| {
            let which = if q.ask == PitAsk::Slowest {
                "slowest"
            } else {
                "fastest"
            };
            format!(
                "The {which} pit stop at {race} was by {} ({}): {}s (pit-lane time) on lap {}.",
                cell(t, 0, 0),
                cell(t, 0, 3),
                cell(t, 0, 2),
                cell(t, 0, 1)
            )
        }),
        PitAsk::FirstStop(_) => (cell(t, 0, 0) != "0").then(|| {
            let n = cell(t, 0, 0);
            let unit = if n == "1" { "stop" } else { "stops" };
            format!(
                "{driver} made his first pit stop at {race} on lap {} ({n} {unit} in all: {}).",
                cell(t, 0, 2),
                laps(&cell(t, 0, 1))
            )
        }),
        // No stop recorded may mean no data for the race or a driver who
        // did not start: not an answer of "none".
        PitAsk::Stops(_) => (cell(t, 0, 0) != "0").then(|| {
            format!(
                "{driver} made {} at {race} ({}).",
                stops(&cell(t, 0, 0)),
                laps(&cell(t, 0, 1))
            )
        }),
        // Every driver tied for the most, not the first of them.
        PitAsk::Most => (!t.rows.is_empty()).then(|| {
            let top = cell(t, 0, 1);
            let tied: Vec<String> = (0..t.rows.len())
                .filter(|i| cell(t, *i, 1) == top)
                .map(|i| cell(t, i, 0))
                .collect();
            let each = if tied.len() > 1 { " each" } else { "" };
            format!(
                "{} made the most pit stops at {race}: {top}{each}.",
                join_and(&tied)
            )
        }),
        PitAsk::Laps(_) | PitAsk::Time { .. } | PitAsk::TeamStops(_) => {
            facts(q, t, driver, &format!("at {race}"))
        }
        PitAsk::Total => (cell(t, 0, 0) != "0")
            .then(|| format!("{} pit stops were made in total at {race}.", cell(t, 0, 0))),
    }
}

/// The fact family's sentences; `who` is the driver, "<team>'s drivers"
/// or "all drivers"; `scope` "at the 2021 …" or "in 2021".
fn facts(q: &PitQuery, t: &Table, who: &str, scope: &str) -> Option<String> {
    match q.ask {
        PitAsk::Laps(_) => {
            let laps: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 1)).collect();
            Some(if laps.is_empty() {
                format!("{who} made no pit stops {scope}.")
            } else {
                format!(
                    "{who} pitted {} times {scope}, on laps {}.",
                    laps.len(),
                    join_and(&laps)
                )
            })
        }
        PitAsk::Time { average, .. } => (cell(t, 0, 2) != "0").then(|| {
            let (what, main, other) = if average {
                ("Average", cell(t, 0, 0), format!("total {} s", cell(t, 0, 1)))
            } else {
                ("Total", cell(t, 0, 1), format!("average {} s", cell(t, 0, 0)))
            };
            format!(
                "{what} pit-stop time (pit lane) of {who} {scope}: {main} s over {} stops ({other}).",
                cell(t, 0, 2)
            )
        }),
        _ => Some(format!(
            "{who} made {} pit stops in total {scope} ({} drivers).",
            cell(t, 0, 0),
            cell(t, 0, 1)
        )),
    }
}
