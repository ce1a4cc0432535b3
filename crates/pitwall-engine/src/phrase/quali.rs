//! Rows of a [`QualiQuery`] to a sentence, and the query to its
//! interpretation ("Qualifying: pole time · 2019 Italian Grand Prix").

use pitwall_f1data::Table;

use super::race::{label, title};
use crate::intents::{cell, join_and};
use crate::query::{GapPair, Knockout, QualiAsk, QualiQuery, KNOCKOUT_FROM};

/// "Qualifying top 3", or "Qualifying order" for the whole of it.
fn order_name(n: i64) -> String {
    if n >= 30 {
        "Qualifying order".to_string()
    } else {
        format!("Qualifying top {n}")
    }
}

/// "were knocked out in Q1", "reached Q3".
fn knockout_words(which: Knockout) -> &'static str {
    match which {
        Knockout::OutInQ1 => "were knocked out in Q1",
        Knockout::OutInQ2 => "were knocked out in Q2",
        Knockout::OutOfQ1 => "made it out of Q1",
        Knockout::OutOfQ2 => "made it out of Q2",
        Knockout::ReachedQ2 => "reached Q2",
        Knockout::ReachedQ3 => "reached Q3",
        Knockout::MissedQ2 => "did not reach Q2",
        Knockout::MissedQ3 => "did not reach Q3",
    }
}

/// "fastest Q2 time", "slowest Q1 time", "pole time".
fn fastest_words(session: Option<usize>, slowest: bool) -> String {
    match session {
        Some(s) => format!("{} Q{s} time", if slowest { "slowest" } else { "fastest" }),
        None => "pole time".to_string(),
    }
}

/// The canonical restatement of `q`; `names` are the drivers it names,
/// in the order the query holds them.
pub(crate) fn interpretation(q: &QualiQuery, names: &[String]) -> String {
    let race = label(q.race);
    match q.ask {
        QualiAsk::Order(n) => format!("{} · {race}", order_name(n)),
        QualiAsk::Knockouts { which, .. } => {
            format!("Qualifying: drivers who {} · {race}", knockout_words(which))
        }
        QualiAsk::Gap { session, pair } => {
            let pair = match pair {
                GapPair::Drivers(..) => names.join(" vs "),
                GapPair::PoleAnd(n) => format!("pole vs P{n}"),
            };
            format!(
                "Qualifying gap in {}, {pair} · {race}",
                q.session_name(session)
            )
        }
        QualiAsk::DriverTimes { session, .. } => {
            let what = session.map_or_else(|| "Qualifying".to_string(), |s| format!("Q{s}"));
            format!("{what} time · {} · {race}", one(names))
        }
        QualiAsk::Fastest { session, slowest } => {
            format!("Qualifying: {} · {race}", fastest_words(session, slowest))
        }
    }
}

/// The sentence for the rows of `q`, or `None` when there are none.
pub(crate) fn sentence(q: &QualiQuery, t: &Table, names: &[String]) -> Option<String> {
    let race = title(q.race);
    match q.ask {
        QualiAsk::Order(n) => {
            if t.rows.is_empty() {
                return None;
            }
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{}. {} ({})", cell(t, i, 0), cell(t, i, 1), cell(t, i, 2)))
                .collect();
            Some(format!(
                "{} at {race}: {}.",
                order_name(n),
                join_and(&items)
            ))
        }
        QualiAsk::Knockouts { which, count } => {
            if t.rows.is_empty() {
                return None;
            }
            let names: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} (P{})", cell(t, i, 1), cell(t, i, 0)))
                .collect();
            // "1 driver was knocked out", "3 drivers were".
            let (drivers, what) = match names.len() {
                1 => ("driver", knockout_words(which).replacen("were ", "was ", 1)),
                _ => ("drivers", knockout_words(which).to_string()),
            };
            Some(if count {
                format!(
                    "{} {drivers} {what} at {race}: {}.",
                    names.len(),
                    join_and(&names)
                )
            } else {
                format!("At {race}, {} {what}.", join_and(&names))
            })
        }
        QualiAsk::Gap { session, .. } => (!t.rows.is_empty()).then(|| {
            format!(
                "The gap in {} at {race} was {} s: {} {} vs {} {}.",
                q.session_name(session),
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3),
                cell(t, 0, 4)
            )
        }),
        QualiAsk::DriverTimes { session, .. } => Some(driver_times(q, t, one(names), session)),
        QualiAsk::Fastest { session, slowest } => (!t.rows.is_empty() && cell(t, 0, 1) != "-")
            .then(|| {
                format!(
                    "The {} at {race} was {} by {} (qualified P{}).",
                    fastest_words(session, slowest),
                    cell(t, 0, 1),
                    cell(t, 0, 0),
                    cell(t, 0, 2)
                )
            }),
    }
}

/// A driver's qualifying: position, each session's time, and in which
/// session the run ended.
fn driver_times(q: &QualiQuery, t: &Table, name: &str, s: Option<usize>) -> String {
    let race = title(q.race);
    let times: Vec<(usize, String)> = (1..=3)
        .map(|i| (i, cell(t, 0, i)))
        .filter(|(_, v)| v != "-")
        .collect();
    let list: Vec<String> = times.iter().map(|(i, v)| format!("Q{i} {v}")).collect();
    let knockout = q.race.year >= KNOCKOUT_FROM;
    let all = if knockout {
        list.join(", ")
    } else {
        times.first().map_or_else(String::new, |(_, v)| v.clone())
    };
    let head = match s {
        Some(s) => match times.iter().find(|(i, _)| *i == s) {
            Some((_, v)) => format!("{name}'s Q{s} time at {race} was {v}"),
            None => format!("{name} set no Q{s} time at {race}"),
        },
        // Classified without a time (no lap set, or a time deleted).
        None if times.is_empty() => format!("{name} set no qualifying time at {race}"),
        None => format!("{name}'s qualifying time at {race} was {all}"),
    };
    let ended = match times.last() {
        Some((3, _)) | None => String::new(),
        Some((i, _)) if knockout => format!(", knocked out in Q{i}"),
        Some(_) => String::new(),
    };
    let detail = if s.is_some() && !list.is_empty() {
        format!("; {}", list.join(", "))
    } else {
        String::new()
    };
    format!("{head} (qualified P{}{ended}{detail}).", cell(t, 0, 0))
}

/// The one driver a query names (empty if none was passed).
fn one(names: &[String]) -> &str {
    names.first().map_or("", String::as_str)
}
