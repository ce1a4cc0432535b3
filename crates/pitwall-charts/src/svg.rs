//! The pieces every chart shares: escaping, the `<svg>` frame with its
//! accessible name, the legend and the empty state.

use std::fmt::Write as _;

/// Series colours, in order (a series past the last one reuses the list).
pub(crate) const PALETTE: [&str; 8] = [
    "#d0021b", "#1f6feb", "#2da44e", "#bf8700", "#8250df", "#0a7f86", "#cf222e", "#57606a",
];
/// The colour of a reference line (a budget cap, a target).
pub(crate) const REFERENCE_COLOUR: &str = "#8a0010";
/// Font settings on the root element (generic families only: no external font).
const FONT: &str = "font-family=\"system-ui, sans-serif\" font-size=\"12\" fill=\"#15171a\"";
/// Average glyph width used to lay text out, in pixels at 12 px.
pub(crate) const CHAR_WIDTH: f64 = 7.2;

/// Escapes text for XML element content and attribute values, and drops the
/// characters XML 1.0 cannot hold (control characters other than tab,
/// newline and carriage return), which would make the document unreadable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A coordinate with one decimal, the precision a chart needs.
pub(crate) fn px(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded == 0.0 || !rounded.is_finite() {
        "0".to_string()
    } else if rounded == rounded.trunc() {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// The opening of a chart: root element with its accessible name, title,
/// description, background and the chart's title line.
pub(crate) fn open(width: f64, height: f64, title: &str, desc: &str) -> String {
    let title = escape(title);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{title}\" {FONT}>\
         <title>{title}</title><desc>{desc}</desc>\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\
         <text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"600\">{title}</text>",
        w = px(width),
        h = px(height),
        desc = escape(desc),
    );
    s
}

/// The closing tag.
pub(crate) fn close(mut s: String) -> String {
    s.push_str("</svg>");
    s
}

/// A whole chart that has no finite value to show.
pub(crate) fn empty(title: &str, width: f64) -> String {
    let height = 120.0;
    let mut s = open(width, height, title, crate::EMPTY_TEXT);
    let _ = write!(
        s,
        "<text x=\"{x}\" y=\"70\" text-anchor=\"middle\" fill=\"#5b6470\">{}</text>",
        crate::EMPTY_TEXT,
        x = px(width / 2.0),
    );
    close(s)
}

/// One legend entry: a swatch (solid, or dashed for a reference line) and a name.
pub(crate) struct LegendItem {
    /// The name shown.
    pub name: String,
    /// The swatch colour.
    pub colour: &'static str,
    /// Drawn dashed (a reference line).
    pub dashed: bool,
}

/// Lays the legend out in rows from `top`, wrapping at `width`; returns the
/// markup and the height used.
pub(crate) fn legend(items: &[LegendItem], left: f64, top: f64, width: f64) -> (String, f64) {
    let mut s = String::from("<g class=\"legend\">");
    let (mut x, mut y) = (left, top);
    let row = 18.0;
    for item in items {
        let name = truncate(&item.name, 40);
        let w = 22.0 + name.chars().count() as f64 * CHAR_WIDTH + 14.0;
        if x > left && x + w > left + width {
            x = left;
            y += row;
        }
        let dash = if item.dashed {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"3\"{dash}/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            px(x),
            px(y + 6.0),
            px(x + 16.0),
            px(y + 6.0),
            item.colour,
            px(x + 22.0),
            px(y + 10.0),
            escape(&name),
        );
        x += w;
    }
    s.push_str("</g>");
    (s, y - top + row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape("<script>alert('x')&\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\nd"), "abc d");
        assert_eq!(escape("Räikkönen 🏎"), "Räikkönen 🏎");
    }

    #[test]
    fn truncates_on_characters() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("ééé", 3), "ééé");
    }

    #[test]
    fn coordinates_have_one_decimal_at_most() {
        assert_eq!(px(1.0), "1");
        assert_eq!(px(1.25), "1.3");
        assert_eq!(px(-0.04), "0");
    }
}
