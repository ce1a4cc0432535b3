//! Server-rendered SVG charts with no dependencies beyond std.
//!
//! Each chart renders to one standalone `<svg xmlns=…>` string: no script,
//! no event handlers, no external references (fonts, images, styles), so it
//! can be shown through an `<img>` under a strict CSP, inlined into a mailed
//! HTML report, or archived. Every piece of text (titles, series names, bar
//! labels) is XML-escaped and stripped of characters XML cannot hold, so a
//! label such as `<script>` stays text. Each chart carries `role="img"`, an
//! `aria-label`, a `<title>` and a `<desc>` summarising its data. Values
//! that are NaN or infinite are ignored; a chart without data says
//! "no data yet".
//!
//! ```
//! use pitwall_charts::{LineChart, Series, XFormat};
//! let svg = LineChart {
//!     title: "Requests per minute".into(),
//!     x_label: "time (UTC)".into(),
//!     y_label: "requests".into(),
//!     x_format: XFormat::Time,
//!     series: vec![Series { name: "local".into(), points: vec![(0.0, 3.0), (60.0, 5.0)] }],
//!     reference: None,
//!     y_inverted: false,
//! }
//! .to_svg();
//! assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
//! ```

mod bar;
mod line;
mod svg;
mod ticks;

pub use bar::{Bar, BarChart};
pub use line::{LineChart, Series, XFormat};
pub use svg::escape;
pub use ticks::{format_number, nice_ticks};

/// The narrowest layout a chart accepts, in pixels (a 320 px phone).
pub const MIN_WIDTH: f64 = 300.0;
/// The widest layout a chart accepts, in pixels.
pub const MAX_WIDTH: f64 = 1280.0;

/// `width` within [`MIN_WIDTH`]..=[`MAX_WIDTH`]; `default` when not finite.
fn clamp_width(width: f64, default: f64) -> f64 {
    if width.is_finite() {
        width.clamp(MIN_WIDTH, MAX_WIDTH)
    } else {
        default
    }
}

/// The text a chart without any finite value shows.
pub const EMPTY_TEXT: &str = "no data yet";
