//! Rows of a typed query to a sentence, and the query to its
//! interpretation: the canonical restatement shown above the answer
//! ("Wins · Ferrari · seasons 2000–2009").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::{Measure, Query, Shape, Subject};

pub(crate) mod calendar;
pub(crate) mod circuit;
pub(crate) mod driver;
mod each_season;
pub(crate) mod flags;
pub(crate) mod head_to_head;
mod interpretation;
pub(crate) mod laps;
pub(crate) mod pits;
pub(crate) mod place;
pub(crate) mod quali;
pub(crate) mod race;
pub(crate) mod race_detail;
pub(crate) mod rate;
pub(crate) mod record;
pub(crate) mod roster;
pub(crate) mod scope;
pub(crate) mod season;
pub(crate) mod series;
pub(crate) mod status;
pub(crate) mod table;
use each_season::each_season;
pub(crate) use interpretation::{interpretation, month_name};

/// The sentence for the rows, or `None` when there are none to report
/// (`present::dress` capitalises it: "Last title with Ferrari: 2007").
pub(crate) fn sentence(q: &Query, t: &Table, subject_name: &str, scope: &str) -> Option<String> {
    let what = q.measure.words();
    let who = if subject_name.is_empty() {
        String::new()
    } else {
        format!("{subject_name} ")
    };
    match q.shape {
        Shape::Count if matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..)) => {
            let each: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} {} {what}", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            if each.is_empty() {
                return Some(format!("Neither has any {what}{scope}."));
            }
            Some(format!("{}{scope}.", join_and(&each)))
        }
        Shape::Count | Shape::Distinct(_) => {
            let n = cell(t, 0, 0);
            let n = if n == "-" { "0".to_string() } else { n };
            // "1 win", "1 different circuit": the count in the singular.
            if let Shape::Distinct(counted) = q.shape {
                let counted = counted.words();
                let counted = match n.as_str() {
                    "1" => counted.strip_suffix('s').unwrap_or(counted),
                    _ => counted,
                };
                return Some(format!("{who}{n} {counted} ({what}{scope})."));
            }
            let what = if n == "1" {
                singular(what)
            } else {
                what.to_string()
            };
            Some(format!("{who}{n} {what}{scope}."))
        }
        Shape::Leaders(n) => {
            if t.rows.is_empty() {
                return None;
            }
            let top = cell(t, 0, 1);
            let tied: Vec<String> = (0..t.rows.len())
                .filter(|i| cell(t, *i, 1) == top)
                .map(|i| cell(t, i, 0))
                .collect();
            let n = usize::try_from(n).unwrap_or(1);
            if n <= tied.len() {
                Some(format!("{} ({top} {what}{scope}).", join_and(&tied)))
            } else {
                let list: Vec<String> = (0..t.rows.len().min(n))
                    .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
                    .collect();
                Some(format!("{}{scope}: {}.", capital(what), join_and(&list)))
            }
        }
        Shape::Years => {
            if t.rows.is_empty() {
                return Some(format!("{who}none{scope}: no {what}."));
            }
            let years: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 0)).collect();
            Some(format!("{who}{what}{scope} in {}.", join_and(&years)))
        }
        Shape::EachSeason => each_season(q, t, &who, scope),
        Shape::BestSeason => {
            if t.rows.is_empty() {
                return None;
            }
            let top = cell(t, 0, 1);
            let best: Vec<String> = (0..t.rows.len())
                .filter(|i| cell(t, *i, 1) == top)
                .map(|i| cell(t, i, 0))
                .collect();
            Some(format!(
                "{who}had the most {what}{scope} in {} ({top}).",
                join_and(&best)
            ))
        }
        Shape::Races => {
            if t.rows.is_empty() {
                return Some(format!("{who}none{scope}: no {what}."));
            }
            let races: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} {}", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            let total = cell(t, 0, 3);
            if total.parse::<usize>().is_ok_and(|n| n > t.rows.len()) {
                return Some(format!(
                    "{who}{what}{scope}: {total} in all; the first {} are {}.",
                    t.rows.len(),
                    join_and(&races)
                ));
            }
            Some(format!("{who}{what}{scope}: {}.", join_and(&races)))
        }
        Shape::BestPlaced => {
            if t.rows.is_empty() {
                return None;
            }
            let text = cell(t, 0, 2);
            let place = if text.chars().all(|c| c.is_ascii_digit()) {
                format!("finished P{text}")
            } else {
                format!("was classified {} (result \"{text}\")", cell(t, 0, 1))
            };
            let team = q.filters.team.as_ref().map_or("", |(_, n)| n.as_str());
            Some(format!(
                "{} was the best-placed {team} driver at the {} {}: {place}.",
                cell(t, 0, 0),
                cell(t, 0, 4),
                cell(t, 0, 3)
            ))
        }
        Shape::Streak => {
            if t.rows.is_empty() {
                return Some(format!("{who}no {what}{scope}."));
            }
            Some(format!(
                "{} has the longest run of consecutive {what}{scope}: {} in a row, from {} to {}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3)
            ))
        }
        Shape::Youngest | Shape::Oldest => {
            if t.rows.is_empty() {
                return None;
            }
            let which = if q.shape == Shape::Youngest {
                "youngest"
            } else {
                "oldest"
            };
            Some(format!(
                "The {which} driver with {what}{scope} is {}, aged {} at the {} {} ({}).",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 3),
                cell(t, 0, 2),
                cell(t, 0, 4)
            ))
        }
        Shape::First | Shape::Last if q.measure == Measure::Stat(crate::intents::Stat::Titles) => {
            if t.rows.is_empty() {
                return None;
            }
            let which = if q.shape == Shape::First {
                "first"
            } else {
                "last"
            };
            let age = if q.age {
                format!(", aged {}", cell(t, 0, 4))
            } else {
                String::new()
            };
            Some(format!(
                "{who}{which} title{scope}: {} ({}){age}.",
                cell(t, 0, 1),
                cell(t, 0, 3)
            ))
        }
        // "How old was X at the 2008 Brazilian Grand Prix": one race.
        Shape::First
            if q.age
                && q.measure == Measure::Stat(crate::intents::Stat::Starts)
                && q.filters.place.is_some()
                && q.filters.seasons.is_some_and(|s| s.from == s.to) =>
        {
            if t.rows.is_empty() {
                return None;
            }
            Some(format!(
                "{subject_name} was {} at the {} {} ({}).",
                cell(t, 0, 4),
                cell(t, 0, 1),
                cell(t, 0, 0),
                cell(t, 0, 2)
            ))
        }
        Shape::First | Shape::Last => {
            if t.rows.is_empty() {
                return None;
            }
            let age = if q.age {
                format!(", aged {}", cell(t, 0, 4))
            } else {
                String::new()
            };
            let age = if q.with_team {
                format!("{age}, with {}", cell(t, 0, 5))
            } else {
                age
            };
            let which = if q.shape == Shape::First {
                "first"
            } else {
                "last"
            };
            // Who did it, when it was not one named driver ("who was the
            // last to win for Williams").
            let by = if q.subject == Subject::Drivers
                || q.subject.is_team()
                || matches!(q.measure, Measure::OneTwo)
            {
                format!(" ({})", cell(t, 0, 3))
            } else {
                String::new()
            };
            Some(format!(
                "{who}{which} {}: the {} {} on {}{by}{age}{scope}.",
                singular(what),
                cell(t, 0, 1),
                cell(t, 0, 0),
                cell(t, 0, 2)
            ))
        }
    }
}

fn singular(what: &str) -> String {
    match what {
        "wins" => "win".into(),
        "podiums" => "podium".into(),
        "pole positions" => "pole position".into(),
        "fastest laps" => "fastest lap".into(),
        "race starts" => "race start".into(),
        "one-two finishes" => "one-two finish".into(),
        "titles" => "title".into(),
        "points" => "point".into(),
        "retirements (DNFs)" => "retirement (DNF)".into(),
        "second places" => "second place".into(),
        "third places" => "third place".into(),
        "races held" => "race held".into(),
        "seasons" => "season".into(),
        other => other.to_string(),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The sentence for several measures at once (rows from `compile_each`:
/// the measure, then the per-shape columns), every part named.
pub(crate) fn each_sentence(
    q: &Query,
    t: &Table,
    subject_name: &str,
    scope: &str,
) -> Option<String> {
    let pair = matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..));
    let mut parts: Vec<String> = Vec::new();
    for measure in std::iter::once(q.measure).chain(q.also.iter().copied()) {
        let what = measure.words();
        let rows: Vec<usize> = (0..t.rows.len())
            .filter(|i| cell(t, *i, 0) == what)
            .collect();
        if pair {
            let each: Vec<String> = rows
                .iter()
                .map(|i| format!("{} {}", cell(t, *i, 1), cell(t, *i, 2)))
                .collect();
            let each = if each.is_empty() {
                "none".to_string()
            } else {
                join_and(&each)
            };
            parts.push(format!("{what}: {each}"));
        } else {
            let n = rows
                .first()
                .map_or_else(|| "0".to_string(), |i| cell(t, *i, 1));
            let n = if n == "-" { "0".to_string() } else { n };
            parts.push(format!("{n} {what}"));
        }
    }
    let who = if subject_name.is_empty() || pair {
        String::new()
    } else {
        format!("{subject_name}: ")
    };
    Some(format!("{who}{}{scope}.", parts.join("; ")))
}
