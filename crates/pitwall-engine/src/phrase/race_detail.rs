//! Rows of a [`RaceDetail`] to a sentence, the query to its
//! interpretation ("Race date · 2019 Italian Grand Prix"), and the reason
//! to decline when the race's row lacks the value.

use pitwall_f1data::Table;

use super::race::{label, title};
use crate::intents::cell;
use crate::query::{RaceColumn, RaceDetail, RaceDetailAsk};

/// The canonical restatement of `q`; `driver` names the driver asked
/// about (empty for the winner).
pub(crate) fn interpretation(q: &RaceDetail, driver: &str) -> String {
    let race = label(q.race);
    match q.ask {
        RaceDetailAsk::Column(c) => format!("Race {} · {race}", c.label()),
        RaceDetailAsk::Session(s) => format!("Date of the {} · {race}", s.label()),
        RaceDetailAsk::RaceTime(Some(_)) => format!("Race time · {driver} · {race}"),
        RaceDetailAsk::RaceTime(None) => format!("Winning race time · {race}"),
    }
}

/// Why `q` is declined when its rows `t` lack the value, or `None`.
pub(crate) fn missing(q: &RaceDetail, t: &Table) -> Option<String> {
    let race = title(q.race);
    match q.ask {
        RaceDetailAsk::Column(c) => (cell(t, 0, c.column()) == "-").then(|| {
            let why = if c == RaceColumn::StartTime {
                " (start times are recorded from 2005)"
            } else {
                ""
            };
            format!("The data has no {} for {race}{why}.", c.label())
        }),
        RaceDetailAsk::Session(s) => (cell(t, 0, 0) == "-").then(|| {
            format!(
                "The data has no {} date for {race} (session dates are recorded from 2021, and not for 2025).",
                s.label()
            )
        }),
        RaceDetailAsk::RaceTime(_) => (t.rows.is_empty() || cell(t, 0, 0) == "-")
            .then(|| format!("The data has no race time for that car at {race}.")),
    }
}

/// The sentence for the rows of `q` (`present::dress` capitalises it).
pub(crate) fn sentence(q: &RaceDetail, t: &Table, driver: &str) -> Option<String> {
    let race = title(q.race);
    Some(match q.ask {
        RaceDetailAsk::Column(c) => {
            let v = cell(t, 0, c.column());
            match c {
                // The data's date is the local race day for some night races
                // (2024 Las Vegas: 2024-11-23, 06:00 UTC on the 24th) and the
                // UTC day for others, so the two are stated, not joined.
                RaceColumn::StartTime => format!(
                    "{race} started at {v} UTC (races.time); the data dates it {}.",
                    cell(t, 0, 1)
                ),
                RaceColumn::Circuit => format!(
                    "{race} was held at {v} ({}, {}).",
                    cell(t, 0, 5),
                    cell(t, 0, 6)
                ),
                RaceColumn::Round => format!("{race} was round {v} of {}.", q.race.year),
                RaceColumn::Url | RaceColumn::Date => {
                    format!("The {} of {race}: {v}.", c.label())
                }
            }
        }
        RaceDetailAsk::Session(s) => {
            let at = match cell(t, 0, 1).as_str() {
                "-" => String::new(),
                v => format!(" at {v} UTC"),
            };
            format!(
                "The {} of {race} was held on {}{at}.",
                s.label(),
                cell(t, 0, 0)
            )
        }
        RaceDetailAsk::RaceTime(named) => {
            let time = cell(t, 0, 0);
            match named {
                Some(_) if time.starts_with('+') => format!(
                    "{driver} finished {time} behind the winner at {race} (P{}, {} laps).",
                    cell(t, 0, 3),
                    cell(t, 0, 2)
                ),
                Some(_) if cell(t, 0, 3) != "1" => format!(
                    "{driver}'s race time at {race} was {time} (P{}, {} laps).",
                    cell(t, 0, 3),
                    cell(t, 0, 2)
                ),
                _ => format!(
                    "{} won {race} in a race time of {time} ({} laps).",
                    cell(t, 0, 1),
                    cell(t, 0, 2)
                ),
            }
        }
    })
}
