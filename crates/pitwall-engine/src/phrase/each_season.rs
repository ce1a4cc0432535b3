//! The sentence of a value-per-season answer (`Shape::EachSeason`).

use pitwall_f1data::Table;

use super::capital;
use crate::intents::{cell, join_and};
use crate::query::{Query, Subject};

/// "Lewis Hamilton's wins per season, 2007–2024: the most 11 in 2014."
/// A pair's rows are `(year, name, value)`, one per season and name.
pub(super) fn each_season(q: &Query, t: &Table, who: &str, scope: &str) -> Option<String> {
    if t.rows.is_empty() {
        return None;
    }
    let what = q.measure.words();
    let pair = matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..));
    let value_col = if pair { 2 } else { 1 };
    let number = |i: usize| {
        t.rows[i]
            .get(value_col)
            .and_then(crate::present::number)
            .unwrap_or(0.0)
    };
    // "the most 11 in 2014 and 2015": the best value and its seasons.
    let best_of = |rows: &[usize]| -> String {
        let top = rows.iter().map(|i| number(*i)).fold(f64::MIN, f64::max);
        let best: Vec<usize> = rows.iter().copied().filter(|i| number(*i) == top).collect();
        let years: Vec<String> = best.iter().map(|i| cell(t, *i, 0)).collect();
        let shown = best
            .first()
            .map_or_else(String::new, |i| cell(t, *i, value_col));
        format!("the most {shown} in {}", join_and(&years))
    };
    let first = cell(t, 0, 0);
    let last = cell(t, t.rows.len() - 1, 0);
    if !pair {
        let all: Vec<usize> = (0..t.rows.len()).collect();
        return Some(format!(
            "{who}{what}{scope} per season, {} seasons from {first} to {last}: {}.",
            t.rows.len(),
            best_of(&all)
        ));
    }
    let mut names: Vec<String> = Vec::new();
    for i in 0..t.rows.len() {
        let n = cell(t, i, 1);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let each: Vec<String> = names
        .iter()
        .map(|n| {
            let rows: Vec<usize> = (0..t.rows.len()).filter(|i| cell(t, *i, 1) == *n).collect();
            format!("{n} {}", best_of(&rows))
        })
        .collect();
    Some(format!(
        "{}{scope} per season, {first} to {last}: {}.",
        capital(what),
        join_and(&each)
    ))
}
