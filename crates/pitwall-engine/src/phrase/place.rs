//! Rows of a [`PlaceQuery`] to a sentence, and the query to its
//! interpretation ("Location · Interlagos").

use pitwall_f1data::Table;

use crate::intents::cell;
use crate::query::{PlaceAsk, PlaceQuery};

/// The canonical restatement of `q`; `label` names the place.
pub(crate) fn interpretation(q: &PlaceQuery, label: &str) -> String {
    let what = match q.ask {
        PlaceAsk::Location => "Location".to_string(),
        PlaceAsk::FirstOrLast(false) => "First Grand Prix".to_string(),
        PlaceAsk::FirstOrLast(true) => "Last Grand Prix".to_string(),
        PlaceAsk::Most { stat, teams } => {
            let who = if teams { "constructor" } else { "driver" };
            format!("Most {} · {who}", stat.words())
        }
        PlaceAsk::Held => "Grands Prix held".to_string(),
    };
    format!("{what} · {label}")
}

/// The sentence for the rows of `q`, or `None` when they do not answer it.
pub(crate) fn sentence(q: &PlaceQuery, t: &Table, label: &str) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    match q.ask {
        PlaceAsk::Location => {
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| {
                    format!(
                        "{} is in {}, {}",
                        cell(t, i, 0),
                        cell(t, i, 1),
                        cell(t, i, 2)
                    )
                })
                .collect();
            Some(format!("{}.", items.join("; ")))
        }
        PlaceAsk::FirstOrLast(last) => {
            let which = if last { "last" } else { "first" };
            Some(format!(
                "The {which} Grand Prix at {label} was the {} {} on {}, won by {}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3)
            ))
        }
        PlaceAsk::Most { stat, .. } => {
            let tie = t.rows.len() > 1 && cell(t, 1, 1) == cell(t, 0, 1);
            let note = if tie {
                format!(" (tied with {})", cell(t, 1, 0))
            } else {
                String::new()
            };
            Some(format!(
                "{} has the most {} at {label}: {}{note}.",
                cell(t, 0, 0),
                stat.words(),
                cell(t, 0, 1)
            ))
        }
        PlaceAsk::Held => (cell(t, 0, 0) != "0").then(|| {
            format!(
                "{label} has held {} World Championship Grands Prix ({}-{}).",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2)
            )
        }),
    }
}
