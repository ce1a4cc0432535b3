//! Rows of a [`TableQuery`] to a sentence, and the query to its
//! interpretation ("Drivers' standings after round 12 of 2021 (Hungarian
//! Grand Prix) · leader").

use pitwall_f1data::Table;

use super::capital;
use crate::intents::{cell, join_and};
use crate::query::{TableAsk, TableQuery, TableWhen};

/// The canonical restatement of `q`; `names` are the drivers or
/// constructors it names, in order.
pub(crate) fn interpretation(q: &TableQuery, names: &[String]) -> String {
    let kind = capital(q.championship.kind());
    let asked = match q.ask {
        TableAsk::Place(1) => "leader".to_string(),
        TableAsk::Place(n) => format!("P{n}"),
        TableAsk::Top(n) => format!("top {n}"),
        TableAsk::Of(_) | TableAsk::Gap(..) => names.join(" vs "),
    };
    match q.when {
        TableWhen::After(race) => format!(
            "{kind} standings after round {} of {} ({}) · {asked}",
            race.round, race.year, race.name
        ),
        TableWhen::Final { season, .. } if q.intent() == "world_champion" => {
            format!("{kind} champion · {season}")
        }
        TableWhen::Final { season, .. } => format!(
            "Final {} standings · {asked} · {season}",
            q.championship.kind()
        ),
    }
}

/// The sentence for the rows of `q`, or `None` when they do not answer it.
pub(crate) fn sentence(q: &TableQuery, t: &Table, names: &[String]) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    let kind = q.championship.kind();
    match q.when {
        TableWhen::After(race) => {
            let when = format!(
                "after round {} of {} (the {})",
                race.round, race.year, race.name
            );
            Some(after_round(q, t, names, kind, &when))
        }
        TableWhen::Final {
            season,
            in_progress_after: Some(round),
        } => {
            let items = rows(t, "P");
            Some(format!(
                "The {season} season is in progress; after round {round} of the {kind} championship: {}.",
                join_and(&items)
            ))
        }
        TableWhen::Final { season, .. } => Some(final_table(t, season, kind)),
    }
}

/// Columns: a gap's `first_points, second_points, gap`, else `position,
/// name, points, wins`.
fn after_round(q: &TableQuery, t: &Table, names: &[String], kind: &str, when: &str) -> String {
    if let (TableAsk::Gap(..), [a, b]) = (q.ask, names) {
        return format!(
            "{}, {a} had {} points and {b} had {}: a gap of {} points.",
            capital(when),
            cell(t, 0, 0),
            cell(t, 0, 1),
            cell(t, 0, 2).trim_start_matches('-')
        );
    }
    if t.rows.len() == 1 {
        let pos = cell(t, 0, 0);
        // A leader asked for "led"; a named driver in first "was P1 in".
        let verb = if pos == "1" && !matches!(q.ask, TableAsk::Of(_)) {
            "led".to_string()
        } else {
            format!("was P{pos} in")
        };
        return format!(
            "{} {verb} the {kind} championship {when} with {} points.",
            cell(t, 0, 1),
            cell(t, 0, 2)
        );
    }
    let items = rows(t, "");
    format!("The {kind} standings {when}: {}.", items.join(", "))
}

/// Columns: position, name, points, wins.
fn final_table(t: &Table, season: i64, kind: &str) -> String {
    if t.rows.len() == 1 {
        let pos = cell(t, 0, 0);
        return if pos == "1" {
            format!(
                "{} won the {season} {kind} championship with {} points ({} wins).",
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3)
            )
        } else {
            format!(
                "{} finished P{pos} in the {season} {kind} championship with {} points.",
                cell(t, 0, 1),
                cell(t, 0, 2)
            )
        };
    }
    let items = rows(t, "");
    format!("Final {season} {kind} standings: {}.", join_and(&items))
}

/// "1. Max Verstappen (395.5 pts)" per row (`prefix` "P": "P1 Max …").
/// Columns: position, name, points.
fn rows(t: &Table, prefix: &str) -> Vec<String> {
    let sep = if prefix.is_empty() { ". " } else { " " };
    (0..t.rows.len())
        .map(|i| {
            let (pos, name, pts) = (cell(t, i, 0), cell(t, i, 1), cell(t, i, 2));
            format!("{prefix}{pos}{sep}{name} ({pts} pts)")
        })
        .collect()
}
