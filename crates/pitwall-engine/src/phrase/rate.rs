//! Rows of a [`RateQuery`] to a sentence, and the query to its
//! interpretation ("Share of Grands Prix won from pole · in 2019").

use pitwall_f1data::Table;

use super::scope::at_place_in_season;
use crate::intents::cell;
use crate::query::RateQuery;

/// "at Monaco in 2019", "in all Grands Prix in the data"; "career", "2019".
fn scope(q: &RateQuery) -> String {
    match q {
        RateQuery::WonFromPole { place, season } => {
            at_place_in_season(place.as_ref().map(|(_, n)| n.as_str()), *season)
                .unwrap_or_else(|| "in all Grands Prix in the data".to_string())
        }
        RateQuery::ShareOfStarts { season, .. } => {
            season.map_or_else(|| "career".to_string(), |y| y.to_string())
        }
    }
}

/// The canonical restatement of `q`; `name` is whose starts.
pub(crate) fn interpretation(q: &RateQuery, name: &str) -> String {
    let scope = scope(q);
    match q {
        RateQuery::WonFromPole { .. } => format!("Share of Grands Prix won from pole · {scope}"),
        RateQuery::ShareOfStarts { stat, .. } => {
            format!("Share of starts with {} · {name} · {scope}", stat.words())
        }
    }
}

/// The sentence for the rows of `q`, or `None` when no race counts.
pub(crate) fn sentence(q: &RateQuery, t: &Table, name: &str) -> Option<String> {
    if cell(t, 0, 2) == "0" {
        return None;
    }
    let scope = scope(q);
    Some(match q {
        RateQuery::WonFromPole { .. } => format!(
            "{} of the {} Grands Prix {scope} were won from pole position ({}%).",
            cell(t, 0, 1),
            cell(t, 0, 2),
            cell(t, 0, 0)
        ),
        RateQuery::ShareOfStarts { stat, .. } => format!(
            "{name}: {}% of starts with {} ({} of {} starts, {scope}).",
            cell(t, 0, 0),
            stat.words(),
            cell(t, 0, 1),
            cell(t, 0, 2)
        ),
    })
}
