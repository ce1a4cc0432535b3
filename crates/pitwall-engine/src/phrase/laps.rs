//! Rows of a [`LapQuery`] to a sentence, and the query to its
//! interpretation ("Fastest lap speed · 2019 Italian Grand Prix").

use pitwall_f1data::Table;

use super::race::{label, title};
use crate::intents::cell;
use crate::query::{LapQuery, RaceScope};

/// The scope for interpretations ("2019 Italian Grand Prix", "2019 at
/// Monza", "2004-2024") and for sentences ("at the 2019 Italian Grand
/// Prix", " at Monza in 2019", " in the data (2004-2024)").
fn scope(scope: &RaceScope) -> (String, String) {
    match scope {
        RaceScope::Race(race) => (label(race), format!("at {}", title(race))),
        RaceScope::Races { place, season } => {
            let at = place
                .as_ref()
                .map_or_else(String::new, |(_, name)| format!(" at {name}"));
            match season {
                Some(y) => (format!("{y}{at}"), format!("{at} in {y}")),
                None => (
                    format!("2004-2024{at}"),
                    format!("{at} in the data (2004-2024)"),
                ),
            }
        }
    }
}

/// The canonical restatement of `q`; `who` names the driver asked about
/// (empty for none).
pub(crate) fn interpretation(q: &LapQuery, who: &str) -> String {
    match q {
        LapQuery::OwnLap { race, .. } => {
            format!("Driver's fastest lap · {who} · {}", label(race))
        }
        LapQuery::Recorded(race) => format!("Fastest lap recorded · {}", label(race)),
        LapQuery::Speed {
            scope: s,
            driver,
            lowest,
        } => {
            let (scope, _) = scope(s);
            let which = if *lowest { "lowest" } else { "highest" };
            match (driver.is_some(), matches!(s, RaceScope::Race(_))) {
                (true, true) => format!("Fastest-lap speed · {who} · {scope}"),
                (true, false) => format!("{which} fastest-lap speed · {who} · {scope}"),
                (false, true) => format!("Fastest lap speed · {scope}"),
                (false, false) => format!("{which} fastest-lap speed · {scope}"),
            }
        }
    }
}

/// The sentence for the rows of `q`, or `None` when there are none.
pub(crate) fn sentence(q: &LapQuery, t: &Table, who: &str) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    let (s, driver, lowest) = match q {
        LapQuery::OwnLap { race, .. } => return Some(own_lap(t, who, &title(race))),
        // Refused or passed on before any sentence is needed.
        LapQuery::Recorded(_) => return None,
        LapQuery::Speed {
            scope,
            driver,
            lowest,
        } => (scope, driver, *lowest),
    };
    let (_, what) = scope(s);
    let which = if lowest { "lowest" } else { "highest" };
    let lap = format!(
        "{} km/h ({} on lap {}",
        cell(t, 0, 3),
        cell(t, 0, 4),
        cell(t, 0, 5)
    );
    Some(match (driver.is_some(), matches!(s, RaceScope::Race(_))) {
        (true, true) => format!("{who}'s fastest lap {what} averaged {lap})."),
        (false, true) => format!(
            "{} set the fastest lap {what} at an average speed of {lap}).",
            cell(t, 0, 0)
        ),
        (true, false) => format!(
            "{who}'s {which} fastest-lap speed{what} was {lap}) at the {} {}.",
            cell(t, 0, 1),
            cell(t, 0, 2)
        ),
        (false, false) => format!(
            "The {which} fastest-lap speed{what} was {lap}) by {} at the {} {}.",
            cell(t, 0, 0),
            cell(t, 0, 1),
            cell(t, 0, 2)
        ),
    })
}

/// A driver's own fastest lap of a race: time, lap and its rank.
fn own_lap(t: &Table, who: &str, race: &str) -> String {
    let rank = cell(t, 0, 2);
    let rank = match rank.as_str() {
        "1" => " (the fastest lap of the race)".to_string(),
        "-" | "0" => String::new(),
        r => format!(" ({} fastest of the race)", ordinal(r)),
    };
    format!(
        "{who}'s fastest lap of {race} was {}, on lap {}{rank}.",
        cell(t, 0, 0),
        cell(t, 0, 1)
    )
}

/// An ordinal for sentences: 1st, 2nd, 3rd, 11th.
fn ordinal(n: &str) -> String {
    let suffix = match (n.parse::<i64>().unwrap_or(0) % 100, n.chars().last()) {
        (11..=13, _) => "th",
        (_, Some('1')) => "st",
        (_, Some('2')) => "nd",
        (_, Some('3')) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
