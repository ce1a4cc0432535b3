//! Rows of a [`CircuitQuery`] to a sentence, and the query to its
//! interpretation ("altitude (m) · Autodromo Nazionale di Monza").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::CircuitQuery;

/// "in Italy", "in United States / USA", "in the data".
fn scope(countries: Option<&Vec<String>>) -> String {
    countries.map_or_else(
        || "in the data".to_string(),
        |names| format!("in {}", names.join(" / ")),
    )
}

/// The canonical restatement of `q`; `name` is the circuit's, for fields.
pub(crate) fn interpretation(q: &CircuitQuery, name: &str) -> String {
    match q {
        CircuitQuery::Fields { fields, .. } => {
            let labels: Vec<&str> = fields.iter().map(|f| f.label()).collect();
            format!("{} · {name}", labels.join(", "))
        }
        CircuitQuery::Extreme(e) => format!("Circuit with the {}", e.label()),
        CircuitQuery::HeldARace { countries, .. } => format!(
            "Circuits that have held a Grand Prix · {}",
            scope(countries.as_ref())
        ),
    }
}

/// The sentence for the rows of `q`, or `None` when there are none.
pub(crate) fn sentence(q: &CircuitQuery, t: &Table) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    match q {
        CircuitQuery::Fields { fields, .. } => {
            let parts: Vec<String> = fields
                .iter()
                .map(|f| format!("{} {}", f.label(), cell(t, 0, f.column())))
                .collect();
            Some(format!("{}: {}.", cell(t, 0, 0), parts.join(", ")))
        }
        CircuitQuery::Extreme(e) => Some(format!(
            "The {} circuit is {} ({}, {}): altitude {} m, latitude {}, longitude {}.",
            e.label(),
            cell(t, 0, 0),
            cell(t, 0, 1),
            cell(t, 0, 2),
            cell(t, 0, 5),
            cell(t, 0, 3),
            cell(t, 0, 4)
        )),
        CircuitQuery::HeldARace { countries, count } => {
            let scope = scope(countries.as_ref());
            let n = cell(t, 0, 5);
            let names: Vec<String> = (0..t.rows.len())
                .map(|i| {
                    format!(
                        "{} ({}, {}-{})",
                        cell(t, i, 0),
                        cell(t, i, 1),
                        cell(t, i, 3),
                        cell(t, i, 4)
                    )
                })
                .collect();
            Some(if *count && n == "1" {
                format!(
                    "1 circuit {scope} has held a Grand Prix: {}.",
                    join_and(&names)
                )
            } else if *count {
                format!(
                    "{n} different circuits {scope} have held a Grand Prix: {}.",
                    join_and(&names)
                )
            } else {
                format!(
                    "Circuits {scope} that have held a Grand Prix ({n}): {}.",
                    join_and(&names)
                )
            })
        }
    }
}
