//! The counting query restated in canonical words: "Most wins · seasons
//! 2000–2009", "Drivers' titles · with Ferrari".

use super::capital;
use crate::intents::{join_and, Stat};
use crate::query::{Filters, Measure, Query, Shape, Sprints};

/// The canonical restatement of a query.
pub(crate) fn interpretation(q: &Query, subject_name: &str) -> String {
    let shape = match q.shape {
        Shape::Count => String::new(),
        Shape::Leaders(1) => "Most ".to_string(),
        Shape::Leaders(n) => format!("Top {n} by "),
        Shape::Years => "Seasons with ".to_string(),
        Shape::EachSeason => "Per season ".to_string(),
        Shape::Races => "Races with ".to_string(),
        Shape::First => "First of ".to_string(),
        Shape::Last => "Last of ".to_string(),
        Shape::Distinct(counted) => format!("{} with ", capital(counted.words())),
        Shape::BestSeason => "Best season by ".to_string(),
        Shape::BestPlaced => "Best-placed driver · ".to_string(),
        Shape::Streak => "Longest run of ".to_string(),
        Shape::Youngest => "Youngest driver with ".to_string(),
        Shape::Oldest => "Oldest driver with ".to_string(),
    };
    let measure = if shape.is_empty() {
        q.measure.title()
    } else {
        q.measure.words().to_string()
    };
    // Which championship's titles: a team's are the constructors', a team's
    // drivers' ("Ferrari drivers' titles") are the drivers'.
    let measure = match q.measure {
        Measure::Stat(Stat::Titles) => {
            let whose = if q.team_title || q.subject.is_team() {
                "constructors' titles"
            } else {
                "drivers' titles"
            };
            if shape.is_empty() {
                capital(whose)
            } else {
                whose.to_string()
            }
        }
        _ => measure,
    };
    let measures: Vec<String> = std::iter::once(measure)
        .chain(q.also.iter().map(|m| m.words().to_string()))
        .collect();
    let mut parts = vec![if q.shape == Shape::EachSeason {
        // "Wins per season · Lewis Hamilton".
        format!("{} per season", q.measure.title())
    } else {
        format!("{shape}{}", join_and(&measures))
    }];
    if !subject_name.is_empty() {
        parts.push(subject_name.to_string());
    }
    parts.extend(filter_labels(&q.filters));
    parts.join(" · ")
}

/// One label per qualifier applied.
fn filter_labels(f: &Filters) -> Vec<String> {
    let mut out = Vec::new();
    if let Some((_, team)) = &f.team {
        out.push(format!("with {team}"));
    }
    if let Some((_, mate)) = &f.teammate {
        out.push(format!("teammate {mate}"));
    }
    if let Some(p) = &f.place_name {
        out.push(p.clone());
    }
    if let Some(s) = f.seasons {
        out.push(s.label());
    }
    if let Some(m) = f.month {
        out.push(format!("races in {}", month_name(m)));
    }
    if f.from_pole {
        out.push("from pole".into());
    }
    if f.rookie {
        out.push("rookie season".into());
    }
    if let Some(n) = &f.team_nationality {
        out.push(format!("{n} constructors"));
    }
    if let Some(n) = &f.driver_nationality {
        out.push(format!("{n} drivers"));
    }
    if let Some(stat) = f.never {
        out.push(format!("drivers with no career {}", stat.words()));
    }
    match f.sprints {
        Sprints::Included => out.push("sprints included".into()),
        Sprints::Excluded => out.push("Grands Prix only".into()),
        Sprints::Only => out.push("sprints only".into()),
        Sprints::Convention => {}
    }
    out
}

/// "September" for 9.
pub(crate) fn month_name(m: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(m)
        .ok()
        .and_then(|m| NAMES.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("?")
}
