//! Line charts: several series over a numeric, time-of-day or date x axis,
//! with an optional horizontal reference line (a budget cap, an SLO).

use std::fmt::Write as _;

use crate::svg::{self, escape, px, LegendItem, CHAR_WIDTH, PALETTE, REFERENCE_COLOUR};
use crate::ticks::{self, format_number, nice_ticks};

/// Default width of a line chart, in pixels (it scales: the root has a
/// viewBox).
const WIDTH: f64 = 640.0;
/// Height of the plot area.
const PLOT_HEIGHT: f64 = 180.0;
/// Space above the plot: the title and the y-axis label.
const TOP: f64 = 46.0;
/// Series with at most this many points also get a dot per point.
const MARKERS_UP_TO: usize = 40;

/// How x values are read and their ticks written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum XFormat {
    /// Plain numbers.
    #[default]
    Number,
    /// Unix seconds, ticks at whole minutes or hours written `HH:MM` (UTC).
    Time,
    /// Unix seconds of UTC days, ticks at whole days written `MM-DD`.
    Date,
}

/// One named line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// The name shown in the legend.
    pub name: String,
    /// `(x, y)` points in any order; a point with a NaN or infinite
    /// coordinate is left out.
    pub points: Vec<(f64, f64)>,
}

/// A line chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChart {
    /// The title, also the chart's accessible name.
    pub title: String,
    /// What the x axis measures (written under it).
    pub x_label: String,
    /// What the y axis measures, with its unit (written above it).
    pub y_label: String,
    /// How x values are written.
    pub x_format: XFormat,
    /// The lines, coloured in order.
    pub series: Vec<Series>,
    /// A dashed horizontal line at a value, with its name (for example
    /// `("daily budget", 5.0)`); ignored when not finite.
    pub reference: Option<(String, f64)>,
    /// The y values are places (1 is best: a finishing or grid position),
    /// so 1 is drawn at the top and the axis starts at 1, not 0: a driver
    /// moving up the order is a line going up, as fans read it.
    pub y_inverted: bool,
}

impl LineChart {
    /// Renders the chart as a standalone SVG document, 640 px wide.
    pub fn to_svg(&self) -> String {
        self.to_svg_width(WIDTH)
    }

    /// Renders the chart laid out for `width` pixels (clamped to
    /// [`crate::MIN_WIDTH`]..=[`crate::MAX_WIDTH`]; NaN reads as the
    /// default), so text stays at its size on a narrow screen instead of
    /// being scaled down with the whole picture.
    pub fn to_svg_width(&self, width: f64) -> String {
        let width = crate::clamp_width(width, WIDTH);
        let series: Vec<Vec<(f64, f64)>> = self.series.iter().map(|s| finite(&s.points)).collect();
        let all: Vec<(f64, f64)> = series.iter().flatten().copied().collect();
        if all.is_empty() {
            return svg::empty(&self.title, width);
        }
        let reference = self.reference.as_ref().filter(|(_, v)| v.is_finite());
        let (x_ticks, x_lo, x_hi) = self.x_axis(&all, tick_count(width));
        let mut ys: Vec<f64> = all.iter().map(|p| p.1).collect();
        ys.extend(reference.map(|r| r.1));
        let base = if self.y_inverted { 1.0 } else { 0.0 };
        ys.push(base);
        let mut y_ticks = nice_ticks(fold(&ys, f64::min), fold(&ys, f64::max), 5);
        if self.y_inverted && y_ticks[0] == 0.0 && y_ticks.len() > 1 && y_ticks[1] > 1.0 {
            // There is no place 0: the top of a places axis is P1.
            y_ticks[0] = 1.0;
        }
        let (y_lo, y_hi) = (y_ticks[0], y_ticks[y_ticks.len() - 1]);
        let y_labels: Vec<String> = y_ticks.iter().map(|v| format_number(*v)).collect();
        let widest = y_labels
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(1);
        let left = 18.0 + widest as f64 * CHAR_WIDTH;
        let right = width - 20.0;
        let bottom = TOP + PLOT_HEIGHT;
        let sx = |x: f64| left + (x - x_lo) / (x_hi - x_lo) * (right - left);
        let inverted = self.y_inverted;
        let sy = |y: f64| {
            let share = (y - y_lo) / (y_hi - y_lo) * PLOT_HEIGHT;
            if inverted {
                TOP + share
            } else {
                bottom - share
            }
        };

        let mut legend_items: Vec<LegendItem> = self
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendItem {
                name: s.name.clone(),
                colour: PALETTE[i % PALETTE.len()],
                dashed: false,
            })
            .collect();
        if let Some((name, value)) = reference {
            legend_items.push(LegendItem {
                name: format!("{name} ({})", format_number(*value)),
                colour: REFERENCE_COLOUR,
                dashed: true,
            });
        }
        let (legend, legend_height) = svg::legend(&legend_items, left, bottom + 44.0, right - left);
        let height = bottom + 44.0 + legend_height + 8.0;
        let mut s = svg::open(
            width,
            height,
            &self.title,
            &self.describe(&series, reference),
        );

        // Axis label, grid lines and ticks.
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"#5b6470\">{}</text>",
            px(left),
            px(TOP - 10.0),
            escape(&self.y_label)
        );
        for (v, label) in y_ticks.iter().zip(&y_labels) {
            let y = px(sy(*v));
            let _ = write!(
                s,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#dde1e6\"/>\
                 <text x=\"{}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\">{label}</text>",
                px(left),
                px(right),
                px(left - 6.0),
            );
        }
        for v in &x_ticks {
            let x = px(sx(*v));
            let _ = write!(
                s,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#5b6470\"/>\
                 <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                px(bottom),
                px(bottom + 4.0),
                px(bottom + 17.0),
                escape(&self.x_tick_label(*v, &x_ticks)),
            );
        }
        let _ = write!(
            s,
            "<line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#5b6470\"/>\
             <text x=\"{m}\" y=\"{}\" text-anchor=\"middle\" fill=\"#5b6470\">{}</text>",
            px(bottom + 34.0),
            escape(&self.x_label),
            l = px(left),
            r = px(right),
            b = px(bottom),
            m = px((left + right) / 2.0),
        );

        if let Some((name, value)) = reference {
            let y = px(sy(*value));
            let _ = write!(
                s,
                "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{REFERENCE_COLOUR}\" \
                 stroke-width=\"2\" stroke-dasharray=\"6 4\"><title>{}</title></line>",
                px(left),
                px(right),
                escape(&format!("{name}: {}", format_number(*value))),
            );
        }
        for (i, points) in series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let name = escape(&self.series[i].name);
            let _ = write!(s, "<g class=\"series\" data-name=\"{name}\">");
            if points.len() > 1 {
                let coords: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{},{}", px(sx(*x)), px(sy(*y))))
                    .collect();
                let _ = write!(
                    s,
                    "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
                    coords.join(" ")
                );
            }
            if points.len() <= MARKERS_UP_TO {
                for (x, y) in points {
                    let _ = write!(
                        s,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{colour}\"/>",
                        px(sx(*x)),
                        px(sy(*y)),
                    );
                }
            }
            s.push_str("</g>");
        }
        s.push_str(&legend);
        svg::close(s)
    }

    /// The x ticks and the domain they span.
    fn x_axis(&self, all: &[(f64, f64)], count: usize) -> (Vec<f64>, f64, f64) {
        let xs: Vec<f64> = all.iter().map(|p| p.0).collect();
        let (mut lo, mut hi) = (fold(&xs, f64::min), fold(&xs, f64::max));
        let min_step = match self.x_format {
            XFormat::Number => 0.0,
            XFormat::Time => 60.0,
            XFormat::Date => 86400.0,
        };
        if hi - lo <= 0.0 {
            let pad = if min_step > 0.0 { min_step } else { 1.0 };
            lo -= pad;
            hi += pad;
        }
        match self.x_format {
            // Numbers: the axis runs from tick to tick.
            XFormat::Number => {
                let ticks = nice_ticks(lo, hi, count);
                let (first, last) = (ticks[0], ticks[ticks.len() - 1]);
                (ticks, first, last)
            }
            // Times: the axis runs over the data; whole minutes, hours or
            // days inside it get a tick.
            XFormat::Time | XFormat::Date => {
                let ticks = ticks::time_ticks(lo, hi, count, min_step)
                    .into_iter()
                    .filter(|t| (lo..=hi).contains(t))
                    .collect();
                (ticks, lo, hi)
            }
        }
    }

    fn x_tick_label(&self, v: f64, all: &[f64]) -> String {
        let step = match all {
            [first, second, ..] => second - first,
            _ => 0.0,
        };
        match self.x_format {
            XFormat::Number => format_number(v),
            XFormat::Time if step < 86400.0 => ticks::clock(v),
            XFormat::Time | XFormat::Date => ticks::month_day(v),
        }
    }

    /// The text description: each series' extent, latest and largest value.
    fn describe(&self, series: &[Vec<(f64, f64)>], reference: Option<&(String, f64)>) -> String {
        let mut parts: Vec<String> = self
            .series
            .iter()
            .zip(series)
            .map(|(s, points)| match points.last() {
                None => format!("{}: no data", s.name),
                Some((_, last)) => {
                    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
                    // For places the best is the lowest number.
                    let (word, best) = if self.y_inverted {
                        ("best", fold(&ys, f64::min))
                    } else {
                        ("highest", fold(&ys, f64::max))
                    };
                    format!(
                        "{}: {} points, latest {}, {word} {}",
                        s.name,
                        points.len(),
                        format_number(*last),
                        format_number(best),
                    )
                }
            })
            .collect();
        if let Some((name, value)) = reference {
            parts.push(format!("{name}: {}", format_number(*value)));
        }
        parts.join("; ")
    }
}

/// How many x ticks fit: six at the default width, fewer when narrow.
fn tick_count(width: f64) -> usize {
    if width < 480.0 {
        4
    } else {
        6
    }
}

/// The finite points, sorted by x.
fn finite(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut kept: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    kept.sort_by(|a, b| a.0.total_cmp(&b.0));
    kept
}

/// Folds non-empty `values` with `f` (0 when empty).
fn fold(values: &[f64], f: fn(f64, f64) -> f64) -> f64 {
    values.iter().copied().reduce(f).unwrap_or(0.0)
}
