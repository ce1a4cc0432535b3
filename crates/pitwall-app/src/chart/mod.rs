//! The `chart` hint of an answer and its rendering.
//!
//! The engine sets the hint on its own answers (it knows which of its
//! tables are series); a model's answer gets one only when its table has
//! the shape of a series ([`infer`]). The hint is data for API users and
//! for the page, which shows the chart the server draws from the stored
//! answer ([`render`]): labels reach the SVG only through
//! `pitwall-charts`, which escapes every piece of text.

mod render;
#[cfg(test)]
mod tests;

use pitwall_engine::present;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use render::{render, RenderedChart};

/// Line or bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Lines: points or positions over rounds or seasons, or several series.
    Line,
    /// Bars: one count per season.
    Bar,
}

/// How to draw the answer's table as a chart. Present only when the rows
/// form a series: numbers against a season, year, round or date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChartHint {
    /// `line` or `bar`.
    pub kind: ChartKind,
    /// Machine name of the x column (`year`, `season`, `round` or `date`).
    pub x: String,
    /// Machine names of the measured columns: one series per column in a
    /// wide table; the single value column when `series_column` is set.
    pub y: Vec<String>,
    /// The series' display labels, in drawing order: one per `y` column,
    /// or, with `series_column`, that column's distinct values.
    pub series: Vec<String>,
    /// Long tables (one row per driver and round): the text column whose
    /// values name the series. Absent for wide tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series_column: Option<String>,
}

impl From<present::Chart> for ChartHint {
    fn from(c: present::Chart) -> Self {
        ChartHint {
            kind: match c.kind {
                present::ChartKind::Line => ChartKind::Line,
                present::ChartKind::Bar => ChartKind::Bar,
            },
            x: c.x,
            y: c.y,
            series: c.series,
            series_column: c.series_column,
        }
    }
}

/// The hint for any table: `Some` only when one column is a season, year,
/// round or date with at least two rows and the other columns are numbers
/// against it (or one text column names the series of a long table).
/// The engine's rule, shared so a model's answer is charted exactly when
/// an engine answer of the same shape would be.
pub fn infer(columns: &[String], rows: &[Vec<serde_json::Value>]) -> Option<ChartHint> {
    present::infer_chart(columns, rows).map(ChartHint::from)
}

/// Generic labels for a table's columns: the engine's dictionary, else the
/// name in sentence case (`fastest_pit_stop` → "Fastest pit stop").
pub fn generic_labels(columns: &[String]) -> Vec<String> {
    present::column_labels(columns)
}
