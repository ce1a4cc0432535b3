//! Rows of a [`FlagQuery`] to a sentence, and the query to its
//! interpretation ("Number of red flags · in 2021").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::{FlagAsk, FlagQuery, FlagScope};

/// "the 2021 Belgian Grand Prix", "at Monza in 2020", "in the data".
fn scope(q: &FlagQuery) -> String {
    match &q.scope {
        FlagScope::Race(race) => format!("the {} {}", race.year, race.name),
        FlagScope::Races { label, .. } => label.clone(),
    }
}

/// The canonical restatement of `q`.
pub(crate) fn interpretation(q: &FlagQuery) -> String {
    let noun = q.kind.noun();
    let scope = scope(q);
    match q.ask {
        FlagAsk::LapsBehind => format!("Laps behind the safety car · {scope}"),
        FlagAsk::MostInARace => format!("Race with the most {noun} · {scope}"),
        FlagAsk::Races => format!("Races with {noun} · {scope}"),
        FlagAsk::Count => format!("Number of {noun} · {scope}"),
    }
}

/// The sentence for the rows of `q`, or `None` when they do not answer it.
pub(crate) fn sentence(q: &FlagQuery, t: &Table) -> Option<String> {
    let noun = q.kind.noun();
    let scope = scope(q);
    match q.ask {
        FlagAsk::LapsBehind => Some(format!(
            "{} full laps were run behind the safety car {scope} ({} deployments).",
            cell(t, 0, 0).replace('-', "0"),
            cell(t, 0, 1)
        )),
        FlagAsk::MostInARace => (!t.rows.is_empty()).then(|| {
            let tie = t.rows.len() > 1 && cell(t, 1, 1) == cell(t, 0, 1);
            let note = if tie {
                format!(" (tied with the {})", cell(t, 1, 0))
            } else {
                String::new()
            };
            format!(
                "The {} had the most {noun} {scope}: {} (laps {}){note}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2)
            )
        }),
        FlagAsk::Races => {
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            Some(if items.is_empty() {
                format!("No races had {noun} {scope}.")
            } else {
                format!("Races with {noun} {scope}: {}.", join_and(&items))
            })
        }
        FlagAsk::Count => {
            let n = cell(t, 0, 0);
            Some(match (&q.scope, n.as_str()) {
                (FlagScope::Race(_), "0") => format!("There were no {noun} at {scope} (0)."),
                (FlagScope::Race(_), "1") => format!(
                    "There was 1 {} at {scope}: {}.",
                    noun.trim_end_matches('s'),
                    cell(t, 0, 2)
                ),
                (FlagScope::Race(_), _) => {
                    format!("There were {n} {noun} at {scope}: {}.", cell(t, 0, 2))
                }
                (FlagScope::Races { .. }, _) => {
                    format!("There were {n} {noun} {scope}, in {} races.", cell(t, 0, 1))
                }
            })
        }
    }
}
