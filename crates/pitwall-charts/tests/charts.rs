//! The charts as documents: escaped text, no active content, empty and
//! one-point data, monotone axes, non-finite values ignored.

use pitwall_charts::{Bar, BarChart, LineChart, Series, XFormat, EMPTY_TEXT};

fn line(series: Vec<Series>, reference: Option<(String, f64)>) -> LineChart {
    LineChart {
        title: "Requests per minute".into(),
        x_label: "minute (UTC)".into(),
        y_label: "requests".into(),
        x_format: XFormat::Time,
        series,
        reference,
        y_inverted: false,
    }
}

fn series(name: &str, points: &[(f64, f64)]) -> Series {
    Series {
        name: name.into(),
        points: points.to_vec(),
    }
}

/// The numbers written as tick labels (`text-anchor="end"` texts) of a line chart.
fn y_tick_values(svg: &str) -> Vec<f64> {
    svg.split("text-anchor=\"end\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .map(|label| {
            label
                .parse::<f64>()
                .unwrap_or_else(|_| panic!("tick {label:?}"))
        })
        .collect()
}

/// Every attribute name of every tag (text never holds a raw `<`, `>` or
/// `"`, so tags and quoted values split cleanly).
fn attribute_names(svg: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in svg.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
        while let Some((name, after)) = rest.split_once("=\"") {
            names.push(name.trim().to_string());
            rest = after.split_once('"').map_or("", |(_, r)| r);
        }
    }
    names
}

/// No script, no handlers, no references to anything outside the document.
fn assert_inert(svg: &str) {
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.ends_with("</svg>"));
    let lower = svg.to_lowercase();
    for banned in [
        "<script",
        "href",
        "url(",
        "javascript:",
        "<foreignobject",
        "<image",
        "<style",
    ] {
        assert!(!lower.contains(banned), "{banned} in {svg}");
    }
    let names = attribute_names(&lower);
    assert!(names.iter().any(|n| n == "role"), "{names:?}");
    for name in names {
        assert!(
            !name.starts_with("on"),
            "an event handler ({name}) in {svg}"
        );
    }
    assert!(
        svg.contains("role=\"img\"") && svg.contains("aria-label=\"") && svg.contains("<title>")
    );
    assert_eq!(svg.matches('<').count(), svg.matches('>').count(), "{svg}");
}

#[test]
fn markup_in_any_text_stays_text() {
    let evil = "<script>alert(1)</script>";
    let chart = LineChart {
        title: evil.into(),
        x_label: evil.into(),
        y_label: "\" onload=\"alert(1)".into(),
        x_format: XFormat::Number,
        series: vec![series(evil, &[(1.0, 2.0), (2.0, 3.0)])],
        reference: Some((evil.into(), 2.5)),
        y_inverted: false,
    }
    .to_svg();
    assert_inert(&chart);
    assert!(chart.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(chart.contains("&quot; onload=&quot;alert(1)"));
    let bars = BarChart {
        title: evil.into(),
        value_label: evil.into(),
        bars: vec![Bar {
            label: "user:<b>&x".into(),
            value: 2.0,
        }],
    }
    .to_svg();
    assert_inert(&bars);
    assert!(bars.contains("user:&lt;b&gt;&amp;x"));
    assert!(!bars.contains("<b>"));
}

#[test]
fn no_data_says_so() {
    for chart in [
        line(vec![], None).to_svg(),
        line(vec![series("local", &[])], Some(("cap".into(), 5.0))).to_svg(),
        line(
            vec![series("local", &[(f64::NAN, 1.0), (1.0, f64::INFINITY)])],
            None,
        )
        .to_svg(),
        BarChart {
            title: "Fallback reasons".into(),
            value_label: "answers".into(),
            bars: vec![],
        }
        .to_svg(),
        BarChart {
            title: "t".into(),
            value_label: "v".into(),
            bars: vec![Bar {
                label: "x".into(),
                value: f64::NAN,
            }],
        }
        .to_svg(),
    ] {
        assert_inert(&chart);
        assert!(chart.contains(EMPTY_TEXT), "{chart}");
        assert!(
            !chart.contains("<polyline") && !chart.contains("<rect x"),
            "{chart}"
        );
    }
}

#[test]
fn one_point_is_a_dot_inside_the_plot() {
    let svg = line(vec![series("llm", &[(1_764_500_040.0, 4.0)])], None).to_svg();
    assert_inert(&svg);
    assert!(!svg.contains("<polyline"));
    let dot = svg.split("<circle ").nth(1).expect("a dot");
    let attr = |name: &str| -> f64 {
        dot.split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!((40.0..620.0).contains(&attr("cx")), "{dot}");
    assert!((46.0..226.0).contains(&attr("cy")), "{dot}");
    let bars = BarChart {
        title: "Top principals".into(),
        value_label: "USD".into(),
        bars: vec![Bar {
            label: "user:1".into(),
            value: 0.25,
        }],
    }
    .to_svg();
    assert_inert(&bars);
    assert!(bars.contains(">0.25<"));
}

#[test]
fn the_value_axis_is_monotone_and_covers_the_data_and_the_reference() {
    let svg = line(
        vec![
            series("local", &[(0.0, 3.0), (60.0, 17.0), (120.0, 9.0)]),
            series("cache", &[(0.0, 1.0), (60.0, 0.0), (120.0, 2.0)]),
        ],
        Some(("daily budget".into(), 25.0)),
    )
    .to_svg();
    assert_inert(&svg);
    let ticks = y_tick_values(&svg);
    assert!(ticks.len() >= 3, "{ticks:?}");
    assert!(ticks.windows(2).all(|w| w[0] < w[1]), "{ticks:?}");
    assert_eq!(ticks[0], 0.0);
    assert!(*ticks.last().unwrap() >= 25.0, "{ticks:?}");
    assert!(
        svg.contains("stroke-dasharray=\"6 4\""),
        "the reference line"
    );
    assert!(svg.contains("daily budget (25)"), "in the legend");
    assert!(
        svg.contains(">local<") && svg.contains(">cache<"),
        "the legend names the series"
    );
    assert!(
        svg.contains(">00:00<") || svg.contains(">00:01<"),
        "clock ticks"
    );
}

#[test]
fn non_finite_values_are_ignored_not_drawn() {
    let svg = line(
        vec![series(
            "p95",
            &[
                (0.0, 1.0),
                (60.0, f64::NAN),
                (120.0, f64::INFINITY),
                (f64::NEG_INFINITY, 2.0),
                (180.0, 3.0),
            ],
        )],
        Some(("slo".into(), f64::NAN)),
    )
    .to_svg();
    assert_inert(&svg);
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    assert_eq!(svg.matches("<circle").count(), 2);
    assert!(!svg.contains("slo"), "a NaN reference is left out");
    let ticks = y_tick_values(&svg);
    assert!(
        *ticks.last().unwrap() < 10.0,
        "infinity did not stretch the axis: {ticks:?}"
    );
    let bars = BarChart {
        title: "t".into(),
        value_label: "v".into(),
        bars: vec![
            Bar {
                label: "a".into(),
                value: 3.0,
            },
            Bar {
                label: "b".into(),
                value: f64::INFINITY,
            },
        ],
    }
    .to_svg();
    assert!(!bars.contains(">b<") && bars.contains(">a<"));
}

#[test]
fn dates_and_many_points() {
    let day = 86_400.0;
    let start = 20_415.0 * day;
    let points: Vec<(f64, f64)> = (0..7)
        .map(|i| (start + i as f64 * day, i as f64 * 0.1))
        .collect();
    let svg = LineChart {
        title: "Spend per day".into(),
        x_label: "day (UTC)".into(),
        y_label: "USD".into(),
        x_format: XFormat::Date,
        series: vec![series("spend", &points)],
        reference: Some(("daily cap".into(), 1.0)),
        y_inverted: false,
    }
    .to_svg();
    assert_inert(&svg);
    assert!(svg.contains(">11-23<") && svg.contains(">11-29<"), "{svg}");
    let many: Vec<(f64, f64)> = (0..500).map(|i| (i as f64, (i % 7) as f64)).collect();
    let svg = line(vec![series("busy", &many)], None).to_svg();
    assert!(svg.contains("<polyline") && !svg.contains("<circle"));
}

/// The root element's `width` attribute.
fn root_width(svg: &str) -> f64 {
    svg.split("width=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no width in {svg}"))
}

#[test]
fn charts_lay_out_for_a_width_within_bounds() {
    let chart = line(
        vec![
            series("a", &[(0.0, 1.0), (60.0, 2.0)]),
            series("b", &[(0.0, 2.0), (60.0, 1.0)]),
        ],
        None,
    );
    let narrow = chart.to_svg_width(390.0);
    assert_inert(&narrow);
    assert_eq!(root_width(&narrow), 390.0);
    assert!(narrow.contains("viewBox=\"0 0 390 "), "{narrow}");
    assert_eq!(narrow.matches("<g class=\"series\"").count(), 2);
    // Every drawn x coordinate stays inside the narrow frame.
    for part in narrow.split(" x=\"").skip(1) {
        let x: f64 = part.split('"').next().unwrap().parse().unwrap();
        assert!((0.0..=390.0).contains(&x), "x {x} in {narrow}");
    }
    assert_eq!(
        root_width(&chart.to_svg_width(10.0)),
        pitwall_charts::MIN_WIDTH
    );
    assert_eq!(
        root_width(&chart.to_svg_width(1e9)),
        pitwall_charts::MAX_WIDTH
    );
    assert_eq!(root_width(&chart.to_svg_width(f64::NAN)), 640.0);
    assert_eq!(chart.to_svg_width(640.0), chart.to_svg());
    let bars = BarChart {
        title: "Wins".into(),
        value_label: "wins".into(),
        bars: vec![Bar {
            label: "2019".into(),
            value: 3.0,
        }],
    };
    let narrow_bars = bars.to_svg_width(320.0);
    assert_inert(&narrow_bars);
    assert_eq!(root_width(&narrow_bars), 320.0);
    assert_eq!(bars.to_svg_width(640.0), bars.to_svg());
}

/// The `cy` of every point marker, in drawing order.
fn marker_ys(svg: &str) -> Vec<f64> {
    svg.split("<circle ")
        .skip(1)
        .filter_map(|c| c.split("cy=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect()
}

#[test]
fn places_are_drawn_with_first_place_at_the_top() {
    // P5, then a win, then P20.
    let mut chart = line(
        vec![series("finish", &[(1.0, 5.0), (2.0, 1.0), (3.0, 20.0)])],
        None,
    );
    chart.y_inverted = true;
    let svg = chart.to_svg();
    assert_inert(&svg);
    let ys = marker_ys(&svg);
    assert_eq!(ys.len(), 3, "{svg}");
    assert!(
        ys[1] < ys[0] && ys[0] < ys[2],
        "P1 highest, P20 lowest: {ys:?}"
    );
    assert!(
        svg.contains("dy=\"4\" text-anchor=\"end\">1<"),
        "the axis starts at P1: {svg}"
    );
    assert!(!svg.contains("text-anchor=\"end\">0<"), "no place 0: {svg}");
    assert!(svg.contains("latest 20, best 1"), "{svg}");
    // The same values as amounts: larger is higher.
    chart.y_inverted = false;
    let ys = marker_ys(&chart.to_svg());
    assert!(ys[2] < ys[0] && ys[0] < ys[1], "{ys:?}");
}
