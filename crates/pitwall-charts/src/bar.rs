//! Horizontal bar charts: one bar per label, largest first as given.

use std::fmt::Write as _;

use crate::svg::{self, escape, px, truncate, LegendItem, CHAR_WIDTH, PALETTE};
use crate::ticks::{format_number, nice_ticks};

/// Default width of a bar chart, in pixels.
const WIDTH: f64 = 640.0;
/// Space above the bars: the title and the value-axis label.
const TOP: f64 = 46.0;
/// Height of one bar's row.
const ROW: f64 = 24.0;
/// Labels longer than this are cut (the whole label is in the bar's tooltip).
const LABEL_CHARS: usize = 28;

/// One bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    /// What it counts (drawn left of the bar).
    pub label: String,
    /// Its length; a NaN or infinite value leaves the bar out.
    pub value: f64,
}

/// A horizontal bar chart, bars drawn top to bottom in the order given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    /// The title, also the chart's accessible name.
    pub title: String,
    /// What the values measure, with the unit (the axis label and legend).
    pub value_label: String,
    /// The bars.
    pub bars: Vec<Bar>,
}

impl BarChart {
    /// Renders the chart as a standalone SVG document, 640 px wide.
    pub fn to_svg(&self) -> String {
        self.to_svg_width(WIDTH)
    }

    /// Renders the chart laid out for `width` pixels (clamped as
    /// [`crate::LineChart::to_svg_width`] does).
    pub fn to_svg_width(&self, width: f64) -> String {
        let width = crate::clamp_width(width, WIDTH);
        let bars: Vec<&Bar> = self.bars.iter().filter(|b| b.value.is_finite()).collect();
        if bars.is_empty() {
            return svg::empty(&self.title, width);
        }
        let lo = bars.iter().map(|b| b.value).fold(0.0, f64::min);
        let hi = bars.iter().map(|b| b.value).fold(0.0, f64::max);
        let ticks = nice_ticks(lo, hi, 5);
        let (v_lo, v_hi) = (ticks[0], ticks[ticks.len() - 1]);
        let labels: Vec<String> = bars
            .iter()
            .map(|b| truncate(&b.label, LABEL_CHARS))
            .collect();
        let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
        let left = 16.0 + widest as f64 * CHAR_WIDTH;
        let right = width - 64.0;
        let sx = |v: f64| left + (v - v_lo) / (v_hi - v_lo) * (right - left);
        let bottom = TOP + bars.len() as f64 * ROW;
        let legend_item = LegendItem {
            name: self.value_label.clone(),
            colour: PALETTE[0],
            dashed: false,
        };
        let (legend, legend_height) =
            svg::legend(&[legend_item], left, bottom + 30.0, right - left);
        let height = bottom + 30.0 + legend_height + 8.0;
        let mut s = svg::open(width, height, &self.title, &describe(&bars));
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"#5b6470\">{}</text>",
            px(left),
            px(TOP - 10.0),
            escape(&self.value_label)
        );
        for v in &ticks {
            let x = px(sx(*v));
            let _ = write!(
                s,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#dde1e6\"/>\
                 <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                px(TOP - 4.0),
                px(bottom),
                px(bottom + 16.0),
                format_number(*v),
            );
        }
        for (i, (bar, label)) in bars.iter().zip(&labels).enumerate() {
            let y = TOP + i as f64 * ROW;
            let (x0, x1) = (sx(0.0_f64.max(v_lo)), sx(bar.value));
            let (x, w) = (x0.min(x1), (x1 - x0).abs().max(1.0));
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
                 <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\">\
                 <title>{}</title></rect>\
                 <text x=\"{}\" y=\"{}\">{}</text>",
                px(left - 6.0),
                px(y + 13.0),
                escape(label),
                px(x),
                px(y + 2.0),
                px(w),
                PALETTE[0],
                escape(&format!("{}: {}", bar.label, format_number(bar.value))),
                px(x + w + 4.0),
                px(y + 13.0),
                format_number(bar.value),
            );
        }
        s.push_str(&legend);
        svg::close(s)
    }
}

/// The text description: every bar and its value.
fn describe(bars: &[&Bar]) -> String {
    bars.iter()
        .map(|b| format!("{}: {}", b.label, format_number(b.value)))
        .collect::<Vec<_>>()
        .join("; ")
}
