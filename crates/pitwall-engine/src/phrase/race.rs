//! Rows of a [`RaceQuery`] to a sentence, and the query to its
//! interpretation, which names the race actually resolved ("Race winner ·
//! 2012 Monaco Grand Prix"), so "the 354th race" or "the final race of
//! 2019" shows which race was answered.

use pitwall_f1data::Table;

use crate::index::RaceInfo;
use crate::intents::{cell, join_and};
use crate::query::{RaceAsk, RaceQuery, Session};

/// "the 2012 Monaco Grand Prix", for sentences.
pub(crate) fn title(race: &RaceInfo) -> String {
    format!("the {} {}", race.year, race.name)
}

/// "2012 Monaco Grand Prix", for interpretations.
pub(crate) fn label(race: &RaceInfo) -> String {
    format!("{} {}", race.year, race.name)
}

/// The canonical restatement of `q`; `driver` names a driver asked about.
pub(crate) fn interpretation(q: &RaceQuery, driver: &str) -> String {
    if q.session == Session::Sprint {
        let what = match q.ask {
            RaceAsk::Finish { n: 1, exact: true } => "Sprint winner".to_string(),
            RaceAsk::Finish { n, exact: true } => format!("Sprint P{n}"),
            RaceAsk::Finish { n, exact: false } => format!("Sprint top {n}"),
            _ => format!("Driver's sprint result · {driver}"),
        };
        return format!("{what} · {} {}", q.race.year, q.race.name);
    }
    let what = match q.ask {
        RaceAsk::Finish { n: 1, exact: true } => "Race winner".to_string(),
        RaceAsk::Finish { n, exact: true } => format!("Finished P{n}"),
        RaceAsk::Finish { n: 3, exact: false } => "Podium".to_string(),
        RaceAsk::Finish { n, exact: false } if n >= 20 => "Race result".to_string(),
        RaceAsk::Finish { n, exact: false } => format!("Top {n}"),
        RaceAsk::Driver(_) => format!("Driver's race result · {driver}"),
        RaceAsk::Grid(1) => "Pole position".to_string(),
        RaceAsk::Grid(n) => format!("Qualified P{n}"),
        RaceAsk::FastestLap => "Fastest lap".to_string(),
        RaceAsk::Margin(_) => "Winning margin".to_string(),
    };
    format!("{what} · {} {}", q.race.year, q.race.name)
}

/// The sentence for the rows of `q`, or `None` when they do not answer it;
/// `driver` names a driver asked about.
pub(crate) fn sentence(q: &RaceQuery, t: &Table, driver: &str) -> Option<String> {
    if q.session == Session::Sprint {
        return sprint(q, t, driver);
    }
    let race = title(q.race);
    match q.ask {
        RaceAsk::Finish { n, exact } => finish(t, &race, n, exact),
        RaceAsk::Driver(_) => Some(driver_result(t, &race, driver)),
        RaceAsk::Grid(n) => grid(t, &race, n),
        RaceAsk::Margin(named) => margin(t, &race, named.map(|_| driver)),
        RaceAsk::FastestLap => (!t.rows.is_empty()).then(|| {
            format!(
                "{} ({}) set the fastest lap of {race}: {} on lap {}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3)
            )
        }),
    }
}

/// Columns: position, driver, constructor, points.
fn finish(t: &Table, race: &str, n: i64, exact: bool) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    let who = |i: usize| format!("{} ({})", cell(t, i, 1), cell(t, i, 2));
    Some(if exact && n == 1 {
        format!("{} won {race}.", who(0))
    } else if exact {
        format!("{} finished P{n} in {race}.", who(0))
    } else if n == 3 {
        let names: Vec<String> = (0..t.rows.len()).map(who).collect();
        format!("The podium of {race} was {}.", join_and(&names))
    } else {
        let names: Vec<String> = (0..t.rows.len())
            .map(|i| format!("{}. {}", cell(t, i, 0), who(i)))
            .collect();
        format!("Top {} of {race}: {}.", t.rows.len(), names.join(", "))
    })
}

/// Columns: driver, constructor, grid, positionText, points, status. No
/// row: the driver did not take part, which answers the question too.
fn driver_result(t: &Table, race: &str, name: &str) -> String {
    if t.rows.is_empty() {
        return format!("{name} did not take part in {race}.");
    }
    let pos = cell(t, 0, 3);
    if pos.chars().all(|c| c.is_ascii_digit()) {
        format!(
            "{name} ({}) finished P{pos} in {race} from grid {}, scoring {} points.",
            cell(t, 0, 1),
            cell(t, 0, 2),
            cell(t, 0, 4)
        )
    } else {
        format!(
            "{name} ({}) did not finish {race} ({}).",
            cell(t, 0, 1),
            cell(t, 0, 5)
        )
    }
}

/// Columns: driver, constructor[, best qualifying time].
fn grid(t: &Table, race: &str, n: i64) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    let time = if t.columns.len() > 2 && cell(t, 0, 2) != "-" {
        format!(" ({})", cell(t, 0, 2))
    } else {
        String::new()
    };
    let (who, team) = (cell(t, 0, 0), cell(t, 0, 1));
    Some(if n == 1 {
        format!("{who} ({team}) took pole position for {race}{time}.")
    } else {
        format!("{who} ({team}) qualified P{n} for {race}{time}.")
    })
}

/// Columns: position, driver, constructor, points, positionText.
fn sprint(q: &RaceQuery, t: &Table, driver: &str) -> Option<String> {
    let sprint = format!("{} sprint", title(q.race));
    if let RaceAsk::Driver(_) = q.ask {
        return Some(if t.rows.is_empty() {
            format!("{driver} did not take part in {sprint}.")
        } else {
            format!(
                "{driver} finished {} in {sprint}, scoring {} points.",
                cell(t, 0, 4),
                cell(t, 0, 3)
            )
        });
    }
    if t.rows.is_empty() {
        return None;
    }
    let who = |i: usize| format!("{} ({})", cell(t, i, 1), cell(t, i, 2));
    Some(match q.ask {
        RaceAsk::Finish { n: 1, exact: true } => format!("{} won {sprint}.", who(0)),
        RaceAsk::Finish { n, exact: true } => format!("{} finished P{n} in {sprint}.", who(0)),
        _ => {
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{}. {}", cell(t, i, 0), who(i)))
                .collect();
            format!("Top {} of {sprint}: {}.", t.rows.len(), join_and(&items))
        }
    })
}

/// Columns: driver, position, time, status, laps (P1 and P2). The gap is
/// the runner-up's time as recorded ("+2.345"), or the laps between them
/// when P2 was lapped ("+1 Lap" in `status`).
fn margin(t: &Table, race: &str, named: Option<&str>) -> Option<String> {
    if t.rows.len() < 2 || cell(t, 0, 1) != "1" || cell(t, 1, 1) != "2" {
        return None;
    }
    let (winner, second) = (cell(t, 0, 0), cell(t, 1, 0));
    if let Some(named) = named.filter(|n| *n != winner) {
        return Some(format!(
            "{named} did not win {race}: {winner} did, ahead of {second}."
        ));
    }
    let gap = cell(t, 1, 2);
    let status = cell(t, 1, 3);
    Some(if gap.starts_with('+') {
        format!(
            "{winner} won {race} by {} s over {second}.",
            gap.trim_start_matches('+')
        )
    } else if status.starts_with('+') {
        format!(
            "{winner} won {race} by at least a lap: {second}, second, finished {status} ({} laps).",
            cell(t, 1, 4)
        )
    } else {
        format!("{winner} won {race} ahead of {second}; the data records no time gap between them.")
    })
}
