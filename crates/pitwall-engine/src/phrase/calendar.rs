//! Rows of a [`CalendarQuery`] to a sentence, and the query to its
//! interpretation ("Calendar · the 2019 season's first race").

use pitwall_f1data::Table;

use super::capital;
use crate::intents::cell;
use crate::query::CalendarQuery;

/// The canonical restatement of `q`.
pub(crate) fn interpretation(q: &CalendarQuery) -> String {
    match q {
        CalendarQuery::Next { .. } => "Calendar · the next race after today".into(),
        CalendarQuery::SeasonEnd { race, first } => {
            let which = if *first { "first" } else { "last" };
            format!("Calendar · the {} season's {which} race", race.year)
        }
        CalendarQuery::Scheduled(race) => {
            format!("Calendar · {} {} (scheduled)", race.year, race.name)
        }
    }
}

/// The sentence for the rows of `q`, or `None` when there are none;
/// `results_to` is the last (season, round) with results.
pub(crate) fn sentence(q: &CalendarQuery, t: &Table, results_to: (i64, i64)) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    Some(match q {
        CalendarQuery::Next { .. } => format!("Next: {}", scheduled(t)),
        CalendarQuery::SeasonEnd { race, first } => {
            let (verb, note) = match (*first, race.has_results) {
                (true, true) => ("opened with", ""),
                (false, true) => ("closed with", ""),
                (true, false) => (
                    "is scheduled to open with",
                    " It has no results in the data yet.",
                ),
                (false, false) => (
                    "is scheduled to close with",
                    " It has no results in the data yet.",
                ),
            };
            format!(
                "The {} season {verb} the {} (round {}) on {} at {}.{note}",
                race.year,
                cell(t, 0, 2),
                cell(t, 0, 1),
                cell(t, 0, 3),
                circuit(t)
            )
        }
        CalendarQuery::Scheduled(_) => format!(
            "{} It has no results in the data yet (the results run to {} round {}).",
            capital(&scheduled(t)),
            results_to.0,
            results_to.1
        ),
    })
}

/// "the 2025 Qatar Grand Prix (round 23) is scheduled for 2025-11-30 at
/// 16:00 UTC at Losail International Circuit (Al Daayen, Qatar)."
fn scheduled(t: &Table) -> String {
    let time = cell(t, 0, 4);
    let at = if time.is_empty() || time == "null" {
        String::new()
    } else {
        format!(" at {} UTC", time.strip_suffix(":00").unwrap_or(&time))
    };
    format!(
        "the {} {} (round {}) is scheduled for {}{at} at {}.",
        cell(t, 0, 0),
        cell(t, 0, 2),
        cell(t, 0, 1),
        cell(t, 0, 3),
        circuit(t)
    )
}

/// "Losail International Circuit (Al Daayen, Qatar)", from the row.
fn circuit(t: &Table) -> String {
    format!("{} ({}, {})", cell(t, 0, 5), cell(t, 0, 6), cell(t, 0, 7))
}
