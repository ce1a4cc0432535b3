//! Rows of a [`SeasonQuery`] to a sentence, and the query to its
//! interpretation ("Races held · 2021").

use pitwall_f1data::Table;

use super::capital;
use crate::intents::cell;
use crate::query::{SeasonAsk, SeasonQuery};

/// "different race winners", for sentences and interpretations.
fn different(ask: SeasonAsk) -> &'static str {
    match ask {
        SeasonAsk::DifferentPoleSitters => "different pole sitters",
        SeasonAsk::DifferentWinningTeams => "different winning constructors",
        _ => "different race winners",
    }
}

/// The canonical restatement of `q`.
pub(crate) fn interpretation(q: &SeasonQuery) -> String {
    let what = match q.ask {
        SeasonAsk::Races => "Races held".to_string(),
        SeasonAsk::Calendar => "Calendar".to_string(),
        ask => capital(different(ask)),
    };
    format!("{what} · {}", q.season)
}

/// The sentence for the rows of `q`, or `None` when they do not answer it.
pub(crate) fn sentence(q: &SeasonQuery, t: &Table) -> Option<String> {
    let year = q.season;
    match q.ask {
        SeasonAsk::Races => {
            let note = q.scheduled_after.map_or_else(String::new, |round| {
                format!(" (scheduled; results in the data run to round {round})")
            });
            Some(format!(
                "The {year} season had {} World Championship races{note}.",
                cell(t, 0, 0)
            ))
        }
        SeasonAsk::Calendar => {
            if t.rows.is_empty() {
                return None;
            }
            let names: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 1)).collect();
            Some(format!(
                "The {year} calendar had {} rounds: {}.",
                t.rows.len(),
                names.join(", ")
            ))
        }
        ask => Some(format!(
            "There were {} {} in {year}.",
            cell(t, 0, 0),
            different(ask)
        )),
    }
}
