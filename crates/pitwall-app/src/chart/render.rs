//! Draws a stored answer's chart with `pitwall-charts`, from the answer's
//! own rows and hint (never from anything a client sends).

use pitwall_charts::{Bar, BarChart, LineChart, Series, XFormat};
use pitwall_engine::present::{number, x_value};
use serde_json::Value;

use super::{ChartHint, ChartKind};
use crate::AskResponse;

/// Seconds in a day: date axes are drawn in Unix seconds.
const DAY: f64 = 86_400.0;

/// A drawn chart and its text alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedChart {
    /// The standalone SVG document.
    pub svg: String,
    /// The chart's title, also its accessible name.
    pub title: String,
}

/// The answer's chart laid out for `width` pixels, or None when the answer
/// has no hint or the hint does not fit its table (a column it names is
/// missing, or no value could be drawn).
pub fn render(answer: &AskResponse, width: f64) -> Option<RenderedChart> {
    let hint = answer.chart.as_ref()?;
    let col = |name: &str| answer.columns.iter().position(|c| c == name);
    let label = |i: usize| {
        answer
            .column_labels
            .get(i)
            .cloned()
            .unwrap_or_else(|| answer.columns[i].clone())
    };
    let xi = col(&hint.x)?;
    let ys: Vec<usize> = hint.y.iter().map(|y| col(y)).collect::<Option<_>>()?;
    let x_label = label(xi);
    let y_label = ys.iter().map(|i| label(*i)).collect::<Vec<_>>().join(" / ");
    let title = format!("{y_label} by {}", x_label.to_lowercase());
    let series = series(answer, hint, xi, &ys)?;
    let svg = match (hint.kind, series.as_slice()) {
        (ChartKind::Bar, [one]) => BarChart {
            title: title.clone(),
            value_label: one.name.clone(),
            bars: answer
                .rows
                .iter()
                .map(|r| Bar {
                    label: r.get(xi).map(cell_text).unwrap_or_default(),
                    value: r.get(ys[0]).and_then(number).unwrap_or(f64::NAN),
                })
                .collect(),
        }
        .to_svg_width(width),
        _ => LineChart {
            title: title.clone(),
            x_label,
            y_label,
            x_format: if hint.x.eq_ignore_ascii_case("date") {
                XFormat::Date
            } else {
                XFormat::Number
            },
            series,
            reference: None,
            y_inverted: hint.y.iter().all(|y| is_place(y)),
        }
        .to_svg_width(width),
    };
    Some(RenderedChart { svg, title })
}

/// A column of places, where 1 is best: a finishing, grid or standings
/// position ("position", "grid", "first_position"), not a count of pole
/// positions ("poles").
fn is_place(column: &str) -> bool {
    let c = column.to_ascii_lowercase();
    c == "position" || c == "grid" || c.ends_with("_position") || c == "pos"
}

/// The series the hint names, with their points; None when a long
/// table's series column is missing or nothing is drawable.
fn series(answer: &AskResponse, hint: &ChartHint, xi: usize, ys: &[usize]) -> Option<Vec<Series>> {
    let scale = if hint.x.eq_ignore_ascii_case("date") {
        DAY
    } else {
        1.0
    };
    let x_of = |row: &[Value]| {
        row.get(xi)
            .and_then(|v| x_value(&hint.x, v))
            .map(|x| x * scale)
    };
    let out: Vec<Series> = match &hint.series_column {
        Some(column) => {
            let si = answer.columns.iter().position(|c| c == column)?;
            let yi = *ys.first()?;
            hint.series
                .iter()
                .map(|name| Series {
                    name: name.clone(),
                    points: answer
                        .rows
                        .iter()
                        .filter(|r| r.get(si).and_then(Value::as_str) == Some(name.as_str()))
                        .filter_map(|r| Some((x_of(r)?, r.get(yi).and_then(number)?)))
                        .collect(),
                })
                .collect()
        }
        None => ys
            .iter()
            .enumerate()
            .map(|(k, yi)| Series {
                name: hint
                    .series
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| answer.columns[*yi].clone()),
                points: answer
                    .rows
                    .iter()
                    .filter_map(|r| Some((x_of(r)?, r.get(*yi).and_then(number)?)))
                    .collect(),
            })
            .collect(),
    };
    out.iter().any(|s| !s.points.is_empty()).then_some(out)
}

/// A cell as text for a bar's label ("2019").
fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
