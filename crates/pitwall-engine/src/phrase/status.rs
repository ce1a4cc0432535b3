//! Rows of a [`StatusQuery`] to a sentence, and the query to its
//! interpretation ("Cars that retired with 'Gearbox' · in 2005").

use pitwall_f1data::Table;

use super::race::title;
use super::scope::at_place_in_season;
use crate::intents::{cell, join_and};
use crate::query::{Finish, RaceScope, StatusQuery, StatusWho};

/// What happened, in the plural and the singular: "were disqualified",
/// "was disqualified".
fn what(finish: &Finish) -> (String, String) {
    let (many, one) = match finish {
        Finish::Cause(status) => {
            let what = format!("retired with '{status}'");
            return (what.clone(), what);
        }
        Finish::Entered => ("were entered", "was entered"),
        Finish::Disqualified => ("were disqualified", "was disqualified"),
        Finish::FailedToQualify => ("failed to qualify", "failed to qualify"),
        Finish::Classified => ("were classified", "was classified"),
        Finish::Started => ("started", "started"),
        Finish::Retired => ("retired", "retired"),
    };
    (many.to_string(), one.to_string())
}

/// "at the 2019 Italian Grand Prix", "at Monza in 2019", "in all races
/// in the data".
fn scope(q: &StatusQuery) -> String {
    match &q.scope {
        RaceScope::Race(race) => format!("at {}", title(race)),
        RaceScope::Races { place, season } => {
            at_place_in_season(place.as_ref().map(|(_, n)| n.as_str()), *season)
                .unwrap_or_else(|| "in all races in the data".to_string())
        }
    }
}

/// The canonical restatement of `q`.
pub(crate) fn interpretation(q: &StatusQuery) -> String {
    format!("Cars that {} · {}", what(&q.finish).0, scope(q))
}

/// The sentence for the rows of `q`; `name` is the driver's or the
/// team's name when the query has one.
pub(crate) fn sentence(q: &StatusQuery, t: &Table, name: &str) -> Option<String> {
    let (what, what_one) = what(&q.finish);
    let scope = scope(q);
    let one_race = q.one_race();
    let who = match q.who {
        StatusWho::Team(_) => format!("{name} cars"),
        _ => "cars".to_string(),
    };
    if q.counted {
        let n = cell(t, 0, 0);
        let list = if one_race && n != "0" {
            let names: Vec<String> = cell(t, 0, 1).split("; ").map(str::to_string).collect();
            format!(": {}", join_and(&names))
        } else {
            String::new()
        };
        return Some(match q.who {
            StatusWho::Driver(_) if one_race => match n.as_str() {
                "0" => format!("No: {name} was not among the cars that {what} {scope}."),
                _ => format!("Yes: {name} {what_one} {scope}."),
            },
            StatusWho::Driver(_) if n == "1" => format!("{name} {what_one} 1 time {scope}."),
            StatusWho::Driver(_) => format!("{name} {what_one} {n} times {scope}."),
            _ => format!("{} {scope}{list}.", cars(&n, &who, &what, &what_one)),
        });
    }
    let names: Vec<String> = (0..t.rows.len())
        .map(|i| match one_race {
            true => format!("{} ({}, {})", cell(t, i, 0), cell(t, i, 1), cell(t, i, 5)),
            false => format!(
                "{} ({} {}, {})",
                cell(t, i, 0),
                cell(t, i, 2),
                cell(t, i, 3),
                cell(t, i, 1)
            ),
        })
        .collect();
    Some(if names.is_empty() {
        format!("No {who} {what} {scope}.")
    } else {
        let n = names.len().to_string();
        format!(
            "{} {scope}: {}.",
            cars(&n, &who, &what, &what_one),
            join_and(&names)
        )
    })
}

/// "3 cars retired", "1 car was classified", "1 Ferrari car retired".
fn cars(n: &str, who: &str, what: &str, what_one: &str) -> String {
    if n == "1" {
        format!("1 {} {what_one}", who.strip_suffix('s').unwrap_or(who))
    } else {
        format!("{n} {who} {what}")
    }
}
