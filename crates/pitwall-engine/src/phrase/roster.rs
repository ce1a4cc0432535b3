//! Rows of a [`Roster`] to a sentence, and the query to its
//! interpretation ("Teams driven for · Sebastian Vettel").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::{Roster, RosterOf};

/// The canonical restatement of `q`; `name` is whose roster it is.
pub(crate) fn interpretation(q: &Roster, name: &str) -> String {
    let what = match (q.of, q.title_years) {
        (RosterOf::Constructor(_), _) => "Team's drivers",
        (RosterOf::Driver(_), Some(_)) => "Teams of the title seasons",
        (RosterOf::Driver(_), None) => "Teams driven for",
    };
    match q.season {
        Some(y) => format!("{what} · {name} · {y}"),
        None => format!("{what} · {name}"),
    }
}

/// The sentence for the rows of `q`, or `None` when there are none.
pub(crate) fn sentence(q: &Roster, t: &Table, name: &str) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    if let RosterOf::Constructor(_) = q.of {
        let scope = q.season.map_or_else(
            || " (first 50 by debut)".to_string(),
            |y| format!(" in {y}"),
        );
        let names: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 0)).collect();
        return Some(format!("Drivers for {name}{scope}: {}.", join_and(&names)));
    }
    let items: Vec<String> = (0..t.rows.len())
        .map(|i| {
            let (a, b) = (cell(t, i, 1), cell(t, i, 2));
            if q.season.is_some() {
                cell(t, i, 0)
            } else if a == b {
                format!("{} ({a})", cell(t, i, 0))
            } else {
                format!("{} ({a}-{b})", cell(t, i, 0))
            }
        })
        .collect();
    Some(match (q.season, q.title_years) {
        (Some(y), _) => format!("In {y} {name} drove for {}.", join_and(&items)),
        (None, Some(_)) => format!("{name} won his title(s) with {}.", join_and(&items)),
        _ => format!("{name} drove for {}.", join_and(&items)),
    })
}
