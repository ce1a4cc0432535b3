//! The hint for model tables and the rendering of a stored answer.

use chrono::Utc;
use serde_json::{json, Value};

use super::*;
use crate::AskResponse;

fn cols(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn rows(v: Value) -> Vec<Vec<Value>> {
    serde_json::from_value(v).unwrap()
}

fn answer(columns: &[&str], table: Value) -> AskResponse {
    let columns = cols(columns);
    let rows = rows(table);
    AskResponse {
        id: uuid::Uuid::nil(),
        question: "q".into(),
        answer: "a".into(),
        column_labels: generic_labels(&columns),
        chart: infer(&columns, &rows),
        columns,
        rows,
        sql: None,
        params: vec![],
        source: "llm".into(),
        status: "answered".into(),
        reason: None,
        intent: None,
        interpretation: String::new(),
        unparsed: vec![],
        confidence: None,
        suggestions: vec![],
        truncated: false,
        elapsed_ms: 0,
        created_at: Utc::now(),
    }
}

#[test]
fn series_shapes_get_a_hint() {
    let wide = infer(
        &cols(&["season", "wins"]),
        &rows(json!([[2020, 13], [2021, 11]])),
    )
    .unwrap();
    assert_eq!(wide.kind, ChartKind::Bar);
    assert_eq!(
        (wide.x.as_str(), wide.y.clone()),
        ("season", cols(&["wins"]))
    );
    let long = infer(
        &cols(&["round", "driver", "points"]),
        &rows(json!([
            [1, "A", 25],
            [1, "B", 18],
            [2, "A", 43],
            [2, "B", 44]
        ])),
    )
    .unwrap();
    assert_eq!(long.series_column.as_deref(), Some("driver"));
    assert_eq!(long.series, cols(&["A", "B"]));
    let json = serde_json::to_value(&long).unwrap();
    assert_eq!(json["kind"], "line");
    let wide_json = serde_json::to_value(&wide).unwrap();
    assert!(wide_json.get("series_column").is_none(), "{wide_json}");
}

#[test]
fn other_shapes_get_none() {
    assert!(infer(
        &cols(&["driver", "wins"]),
        &rows(json!([["A", 3], ["B", 2]]))
    )
    .is_none());
    assert!(infer(&cols(&["year", "wins"]), &rows(json!([[2020, 13]]))).is_none());
    assert!(infer(
        &cols(&["year", "champion"]),
        &rows(json!([[2020, "A"], [2021, "B"]]))
    )
    .is_none());
    assert!(infer(
        &cols(&["year", "wins"]),
        &rows(json!([[2020, "x"], [2021, 3]]))
    )
    .is_none());
}

#[test]
fn generic_labels_are_sentence_case() {
    assert_eq!(
        generic_labels(&cols(&["fastest_pit_stop", "year", "avgLapTime"])),
        cols(&["Fastest pit stop", "Season", "Avg lap time"])
    );
}

#[test]
fn renders_one_group_per_series_with_escaped_labels() {
    let a = answer(
        &["round", "driver", "points"],
        json!([
            [1, "<img src=x onerror=alert(1)>", 25],
            [1, "B & \"C\"", 18],
            [2, "<img src=x onerror=alert(1)>", 43],
            [2, "B & \"C\"", 44]
        ]),
    );
    let chart = render(&a, 390.0).unwrap();
    assert_eq!(chart.svg.matches("<g class=\"series\"").count(), 2);
    assert!(!chart.svg.contains("<img"), "{}", chart.svg);
    assert!(chart.svg.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(chart.svg.contains("B &amp; &quot;C&quot;"));
    assert!(
        chart.svg.contains("width=\"390\""),
        "laid out for the width"
    );
    assert_eq!(chart.title, "Points by round");
    assert!(chart.svg.contains("role=\"img\"") && chart.svg.contains("<desc>"));
}

#[test]
fn renders_bars_and_dates() {
    let bars = answer(&["year", "wins"], json!([[2020, 13], [2021, 11]]));
    let svg = render(&bars, 640.0).unwrap().svg;
    assert_eq!(
        svg.matches("<rect").count(),
        3,
        "background and two bars: {svg}"
    );
    let dates = answer(
        &["date", "position"],
        json!([["2021-03-28", 2], ["2021-04-18", 1]]),
    );
    let svg = render(&dates, 640.0).unwrap().svg;
    assert!(svg.contains("<polyline"), "{svg}");
    assert!(
        svg.contains(">03-28<") || svg.contains(">04-"),
        "date ticks: {svg}"
    );
}

/// The y pixel of each vertex of every drawn line, line by line.
fn line_ys(svg: &str) -> Vec<Vec<f64>> {
    svg.split("<polyline ")
        .skip(1)
        .filter_map(|l| l.split("points=\"").nth(1)?.split('"').next())
        .map(|points| {
            points
                .split(' ')
                .filter_map(|xy| xy.split(',').nth(1)?.parse().ok())
                .collect()
        })
        .collect()
}

#[test]
fn finishing_positions_are_drawn_with_p1_at_the_top_and_points_are_not() {
    // A head-to-head race by race: places, so a win is the highest point.
    let places = answer(
        &["round", "first_position", "second_position"],
        json!([[1, 1, 2], [2, 2, 1], [3, 10, 4]]),
    );
    let lines = line_ys(&render(&places, 640.0).unwrap().svg);
    assert_eq!(lines.len(), 2, "{lines:?}");
    // The first driver's P1, P2, P10: falling down the picture.
    let ys = &lines[0];
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "{ys:?}");
    // Points over rounds: more is higher.
    let points = answer(&["round", "points"], json!([[1, 25], [2, 43], [3, 44]]));
    let ys = &line_ys(&render(&points, 640.0).unwrap().svg)[0];
    assert!(ys[0] > ys[1] && ys[1] > ys[2], "{ys:?}");
}

#[test]
fn no_hint_or_a_hint_that_does_not_fit_renders_nothing() {
    let plain = answer(&["driver", "wins"], json!([["A", 3], ["B", 2]]));
    assert!(render(&plain, 640.0).is_none());
    let mut broken = answer(&["year", "wins"], json!([[2020, 13], [2021, 11]]));
    broken.columns = cols(&["year", "poles"]);
    assert!(render(&broken, 640.0).is_none(), "a y column is missing");
}

#[test]
fn a_history_row_stored_before_labels_reads_generic_labels_and_no_chart() {
    let entry = pitwall_store::conformance::history_entry("ip:x", "q", Utc::now());
    let entry = pitwall_store::HistoryEntry {
        columns: cols(&["year", "wins"]),
        rows: rows(json!([[2020, 13], [2021, 11]])),
        ..entry
    };
    let read = AskResponse::from(entry.clone());
    assert_eq!(read.column_labels, cols(&["Season", "Wins"]));
    assert_eq!(read.chart, None, "an old answer is not re-judged");
    let hint = infer(&entry.columns, &entry.rows).unwrap();
    let stored = pitwall_store::HistoryEntry {
        column_labels: cols(&["Year", "Ferrari wins"]),
        chart: Some(serde_json::to_value(&hint).unwrap()),
        ..entry
    };
    let read = AskResponse::from(stored);
    assert_eq!(read.column_labels, cols(&["Year", "Ferrari wins"]));
    assert_eq!(read.chart, Some(hint));
}
