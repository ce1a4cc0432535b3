//! Rows of a [`TableQuery`] to a sentence, and the query to its
//! interpretation ("Drivers' standings after round 12 of 2021 (Belgian
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
        TableAsk::Margin(None) => "title margin".to_string(),
        TableAsk::Margin(Some(_)) => format!("title margin · {}", names.join("")),
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
            after_round(q, t, names, kind, &when)
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

/// Columns: `position, name, points, wins`.
fn after_round(
    q: &TableQuery,
    t: &Table,
    names: &[String],
    kind: &str,
    when: &str,
) -> Option<String> {
    match (q.ask, names) {
        (TableAsk::Gap(..), [a, b]) => return gap(t, a, b, when),
        (TableAsk::Margin(_), _) => return margin(t, names.first(), when),
        _ => {}
    }
    if t.rows.len() == 1 {
        let pos = cell(t, 0, 0);
        // A leader asked for "led"; a named driver in first "was P1 in".
        let verb = if pos == "1" && !matches!(q.ask, TableAsk::Of(_)) {
            "led".to_string()
        } else {
            format!("was P{pos} in")
        };
        return Some(format!(
            "{} {verb} the {kind} championship {when} with {} points.",
            cell(t, 0, 1),
            cell(t, 0, 2)
        ));
    }
    let items = rows(t, "");
    Some(format!(
        "The {kind} standings {when}: {}.",
        items.join(", ")
    ))
}

/// The row whose name (column 1) is `name`.
fn row_of(t: &Table, name: &str) -> Option<usize> {
    (0..t.rows.len()).find(|i| cell(t, *i, 1) == name)
}

/// The row in place `pos`.
fn row_at(t: &Table, pos: &str) -> Option<usize> {
    (0..t.rows.len()).find(|i| cell(t, *i, 0) == pos)
}

/// Points of a row.
fn points(t: &Table, i: usize) -> Option<f64> {
    cell(t, i, 2).parse::<f64>().ok()
}

/// "5", "0.5", "369.5".
fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// "8 points separated them after round 20 of 2021 (the Qatar Grand
/// Prix): Max Verstappen 351.5 (P1), Lewis Hamilton 343.5 (P2)."
fn gap(t: &Table, a: &str, b: &str, when: &str) -> Option<String> {
    let (ia, ib) = (row_of(t, a)?, row_of(t, b)?);
    let gap = (points(t, ia)? - points(t, ib)?).abs();
    let unit = if gap == 1.0 { "point" } else { "points" };
    Some(format!(
        "{} {unit} separated them {when}: {a} {} (P{}), {b} {} (P{}).",
        number(gap),
        cell(t, ia, 2),
        cell(t, ia, 0),
        cell(t, ib, 2),
        cell(t, ib, 0)
    ))
}

/// The leader's margin over P2; `named` (when given) may not have led.
fn margin(t: &Table, named: Option<&String>, when: &str) -> Option<String> {
    let ia = match named {
        Some(name) => row_of(t, name)?,
        None => row_at(t, "1")?,
    };
    let leader = cell(t, ia, 1);
    if cell(t, ia, 0) != "1" {
        return Some(format!(
            "{leader} did not lead the standings {when}: P{} with {} points.",
            cell(t, ia, 0),
            cell(t, ia, 2)
        ));
    }
    let second = row_at(t, "2")?;
    let margin = points(t, ia)? - points(t, second)?;
    let unit = if margin == 1.0 { "point" } else { "points" };
    Some(format!(
        "{leader} won by {} {unit} {when}: {} to {} for {}.",
        number(margin),
        cell(t, ia, 2),
        cell(t, second, 2),
        cell(t, second, 1)
    ))
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
