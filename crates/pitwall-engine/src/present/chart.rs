//! Whether a table is a series worth a chart, and which chart.
//!
//! Pure and shape-based, so the same rule serves the engine's own answers
//! and any other table (a model's). A table is a series when one column is
//! a season, year, round or date (the x axis), it has at least two rows,
//! and it measures something numeric against that axis: either one row
//! per x value with one or more numeric columns ("wide"), or one row per x
//! value and label with exactly one text column naming the series
//! ("long": points after each round, one row per driver and round).
//! The rows must run in x order (rows ranked by value are a ranking, not
//! a series). Anything else (a list of races, a single aggregate, several
//! text columns per repeated x) gets no chart: a wrong picture is worse
//! than none.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most lines or bars sets one chart shows; more would be unreadable (and
/// the charts' palette has eight colours).
pub const MAX_SERIES: usize = 8;

/// Column names that can be an x axis, in order of preference.
const X_NAMES: &[&str] = &["round", "season", "year", "date"];

/// Numeric columns that are never a measure: a repeated row count
/// (`COUNT(*) OVER ()`), ids, and the other axes.
const NOT_MEASURES: &[&str] = &["total", "row_count", "rn", "lap", "number"];

/// What kind of chart fits the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Lines: values that accumulate or move (points, positions), or
    /// several series.
    Line,
    /// Bars: one count per season (wins, poles, races held).
    Bar,
}

/// How to draw a table as a chart: which column is the x axis and which
/// columns (or which labelled rows) are the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chart {
    /// Line or bar.
    pub kind: ChartKind,
    /// The x column's machine name (a season, year, round or date).
    pub x: String,
    /// The measured columns' machine names: one series each in a wide
    /// table; the one value column of a long table.
    pub y: Vec<String>,
    /// The series' display labels, in drawing order: one per y column, or
    /// (long tables) the distinct values of `series_column`.
    pub series: Vec<String>,
    /// Long tables: the text column whose values name the series.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_column: Option<String>,
}

/// A cell as a number: JSON numbers and numeric text ("12.5").
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// A cell as an x value: a whole number for seasons and rounds, days since
/// 1970 for `YYYY-MM-DD` dates.
pub fn x_value(column: &str, v: &Value) -> Option<f64> {
    if column.eq_ignore_ascii_case("date") {
        return v.as_str().and_then(days_since_epoch);
    }
    number(v).filter(|f| f.fract() == 0.0)
}

/// Days from 1970-01-01 to a `YYYY-MM-DD` date (the first ten characters),
/// by the civil-from-days algorithm; None for anything else.
fn days_since_epoch(text: &str) -> Option<f64> {
    let d = text.get(..10)?;
    let mut parts = d.split('-');
    let (y, m, day) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || day.len() != 2 {
        return None;
    }
    let (y, m, day): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) as f64)
}

fn is_x_name(name: &str) -> bool {
    X_NAMES.iter().any(|x| name.eq_ignore_ascii_case(x))
}

/// Whether a column is a measure: every non-empty cell numeric, at least
/// one cell, and not an id, count of rows or another axis.
fn is_measure(name: &str, rows: &[Vec<Value>], i: usize) -> bool {
    let lower = name.to_ascii_lowercase();
    if is_x_name(&lower)
        || NOT_MEASURES.contains(&lower.as_str())
        || lower.ends_with("id")
        || lower.ends_with("_year")
    {
        return false;
    }
    let mut seen = false;
    for row in rows {
        match row.get(i) {
            None | Some(Value::Null) => {}
            Some(v) if number(v).is_some() => seen = true,
            Some(_) => return false,
        }
    }
    seen
}

/// Whether every non-empty cell of a column is text that is not a number.
fn is_label(rows: &[Vec<Value>], i: usize) -> bool {
    rows.iter()
        .all(|r| matches!(r.get(i), Some(Value::String(s)) if s.trim().parse::<f64>().is_err()))
}

/// The chart for a table, if it is a series (see the module doc).
pub fn infer(columns: &[String], rows: &[Vec<Value>]) -> Option<Chart> {
    if rows.len() < 2 || rows.iter().any(|r| r.len() != columns.len()) {
        return None;
    }
    for name in X_NAMES {
        let Some(xi) = columns.iter().position(|c| c.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if let Some(chart) = with_x(columns, rows, xi) {
            return Some(chart);
        }
    }
    None
}

/// The chart with column `xi` as the x axis, if the rest of the table fits.
fn with_x(columns: &[String], rows: &[Vec<Value>], xi: usize) -> Option<Chart> {
    let x_name = &columns[xi];
    let xs: Vec<f64> = rows
        .iter()
        .map(|r| r.get(xi).and_then(|v| x_value(x_name, v)))
        .collect::<Option<Vec<f64>>>()?;
    // A series runs in x order; rows ranked by value ("best seasons") are
    // a ranking, drawn better as the table.
    if xs.windows(2).any(|w| w[1] < w[0]) {
        return None;
    }
    let measures: Vec<usize> = (0..columns.len())
        .filter(|i| *i != xi && is_measure(&columns[*i], rows, *i))
        .collect();
    if measures.is_empty() {
        return None;
    }
    let others: Vec<usize> = (0..columns.len())
        .filter(|i| *i != xi && !measures.contains(i) && !is_x_name(&columns[*i]))
        .collect();
    let distinct_x = {
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup();
        sorted.len() == xs.len()
    };
    if distinct_x {
        if measures.len() > MAX_SERIES {
            return None;
        }
        let y: Vec<String> = measures.iter().map(|i| columns[*i].clone()).collect();
        let kind = kind_for(x_name, &y);
        return Some(Chart {
            kind,
            series: y.iter().map(|c| super::column_label(c)).collect(),
            x: x_name.clone(),
            y,
            series_column: None,
        });
    }
    // Long: exactly one label column and one measure, (x, label) unique.
    let ([label], [measure]) = (others.as_slice(), measures.as_slice()) else {
        return None;
    };
    if !is_label(rows, *label) {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut pairs: Vec<(i64, String)> = Vec::new();
    for (row, x) in rows.iter().zip(&xs) {
        let name = row.get(*label).and_then(Value::as_str).unwrap_or_default();
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        pairs.push((*x as i64, name.to_string()));
    }
    let n = pairs.len();
    pairs.sort();
    pairs.dedup();
    if pairs.len() != n || names.len() < 2 || names.len() > MAX_SERIES {
        return None;
    }
    Some(Chart {
        kind: ChartKind::Line,
        x: x_name.clone(),
        y: vec![columns[*measure].clone()],
        series: names,
        series_column: Some(columns[*label].clone()),
    })
}

/// Bars for one count per season; lines for rounds, dates, points,
/// positions and several series.
fn kind_for(x: &str, y: &[String]) -> ChartKind {
    // A finishing or championship position, points, an average or a gap
    // moves up and down; a count of pole positions is still a count.
    let running = |c: &String| {
        let c = c.to_ascii_lowercase();
        c.starts_with("position")
            || c.ends_with("_position")
            || c.contains("points")
            || c.contains("avg")
            || c.contains("gap")
    };
    let per_season = x.eq_ignore_ascii_case("year") || x.eq_ignore_ascii_case("season");
    if per_season && y.len() == 1 && !y.iter().any(running) {
        ChartKind::Bar
    } else {
        ChartKind::Line
    }
}
