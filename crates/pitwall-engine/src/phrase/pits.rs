//! Rows of a [`PitQuery`] to a sentence, and the query to its
//! interpretation ("Fastest pit stop · 2018 Italian Grand Prix").

use pitwall_f1data::Table;

use crate::intents::cell;
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
        PitAsk::Most => (!t.rows.is_empty()).then(|| {
            format!(
                "{} made the most pit stops at {race}: {}.",
                cell(t, 0, 0),
                cell(t, 0, 1)
            )
        }),
        PitAsk::Total => (cell(t, 0, 0) != "0")
            .then(|| format!("{} pit stops were made in total at {race}.", cell(t, 0, 0))),
    }
}
