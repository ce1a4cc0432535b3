//! Labels and chart inference on hand-made tables.

use serde_json::{json, Value};

use super::*;

fn cols(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn rows(v: Value) -> Vec<Vec<Value>> {
    serde_json::from_value(v).unwrap()
}

#[test]
fn labels_come_from_the_dictionary_or_sentence_case() {
    assert_eq!(column_label("year"), "Season");
    assert_eq!(column_label("races_held"), "Races held");
    assert_eq!(column_label("positionOrder"), "Finish position");
    assert_eq!(column_label("fastest_pit_stop"), "Fastest pit stop");
    assert_eq!(column_label("lapTime"), "Lap time");
    assert_eq!(column_label("WINS"), "Wins");
    assert_eq!(column_label("__"), "__");
    assert_eq!(
        column_labels(&cols(&["driver", "first_ahead"])),
        vec!["Driver", "First driver ahead"]
    );
}

#[test]
fn one_count_per_season_is_a_bar_chart() {
    let c = infer_chart(
        &cols(&["year", "wins"]),
        &rows(json!([[2019, 11], [2020, 11], [2021, 8]])),
    )
    .unwrap();
    assert_eq!(c.kind, ChartKind::Bar);
    assert_eq!(c.x, "year");
    assert_eq!(c.y, vec!["wins"]);
    assert_eq!(c.series, vec!["Wins"]);
    assert_eq!(c.series_column, None);
    let poles = infer_chart(
        &cols(&["year", "pole_positions"]),
        &rows(json!([[2019, 5], [2020, 10]])),
    )
    .unwrap();
    assert_eq!(poles.kind, ChartKind::Bar, "a count of poles");
}

#[test]
fn points_per_season_and_several_measures_are_lines() {
    let points = infer_chart(
        &cols(&["year", "points"]),
        &rows(json!([[2019, 413], [2020, 347.5]])),
    )
    .unwrap();
    assert_eq!(points.kind, ChartKind::Line);
    let two = infer_chart(
        &cols(&["season", "wins", "poles"]),
        &rows(json!([[2019, 11, 5], [2020, 11, 10]])),
    )
    .unwrap();
    assert_eq!(two.kind, ChartKind::Line);
    assert_eq!(two.y, vec!["wins", "poles"]);
}

#[test]
fn long_tables_name_a_series_column() {
    let c = infer_chart(
        &cols(&["round", "driver", "points"]),
        &rows(json!([
            [1, "Max Verstappen", 18],
            [1, "Lewis Hamilton", 25],
            [2, "Max Verstappen", 43],
            [2, "Lewis Hamilton", 44]
        ])),
    )
    .unwrap();
    assert_eq!(c.kind, ChartKind::Line);
    assert_eq!(c.x, "round");
    assert_eq!(c.y, vec!["points"]);
    assert_eq!(c.series_column.as_deref(), Some("driver"));
    assert_eq!(c.series, vec!["Max Verstappen", "Lewis Hamilton"]);
}

#[test]
fn dates_are_an_axis() {
    let c = infer_chart(
        &cols(&["date", "position"]),
        &rows(json!([["2021-03-28", 2], ["2021-04-18", 1]])),
    )
    .unwrap();
    assert_eq!(c.x, "date");
    assert_eq!(x_value("date", &json!("1970-01-02")), Some(1.0));
    assert_eq!(x_value("date", &json!("2021-13-01")), None);
}

#[test]
fn non_series_shapes_get_no_chart() {
    // One row.
    assert!(infer_chart(&cols(&["year", "wins"]), &rows(json!([[2019, 11]]))).is_none());
    // No axis column.
    assert!(infer_chart(
        &cols(&["driver", "wins"]),
        &rows(json!([["A", 1], ["B", 2]]))
    )
    .is_none());
    // Nothing numeric to measure: a calendar.
    assert!(infer_chart(
        &cols(&["round", "race", "date"]),
        &rows(json!([
            [1, "Bahrain", "2021-03-28"],
            [2, "Imola", "2021-04-18"]
        ]))
    )
    .is_none());
    // A list of races with a repeated row count.
    assert!(infer_chart(
        &cols(&["year", "race", "date", "total"]),
        &rows(json!([
            [2019, "A", "2019-03-01", 2],
            [2019, "B", "2019-04-01", 2]
        ]))
    )
    .is_none());
    // Axis values that are not seasons.
    assert!(infer_chart(
        &cols(&["year", "wins"]),
        &rows(json!([["last", 1], ["this", 2]]))
    )
    .is_none());
    // Repeated x with two text columns.
    assert!(infer_chart(
        &cols(&["year", "driver", "team", "wins"]),
        &rows(json!([[2019, "A", "X", 1], [2019, "B", "Y", 2]]))
    )
    .is_none());
    // Repeated (x, label) pairs.
    assert!(infer_chart(
        &cols(&["year", "driver", "wins"]),
        &rows(json!([[2019, "A", 1], [2019, "A", 2], [2020, "B", 1]]))
    )
    .is_none());
    // Ranked by value, not in season order.
    assert!(infer_chart(
        &cols(&["year", "wins"]),
        &rows(json!([[2020, 13], [2019, 11], [2021, 10]]))
    )
    .is_none());
    // Ragged rows.
    assert!(infer_chart(&cols(&["year", "wins"]), &rows(json!([[2019], [2020, 1]]))).is_none());
}

#[test]
fn relabel_names_the_driver_and_the_series() {
    let mut a = crate::Answer {
        answer: String::new(),
        table: pitwall_f1data::Table {
            columns: cols(&["year", "first_ahead"]),
            rows: rows(json!([[2015, 1], [2016, 2]])),
        },
        sql: String::new(),
        params: vec![],
        intent: "x".into(),
        interpretation: String::new(),
        confidence: 1.0,
        column_labels: vec![],
        chart: None,
    };
    dress(&mut a);
    let Outcome::Answered(a) = relabel(
        Outcome::Answered(a),
        &[("first_ahead", "Lewis Hamilton ahead".to_string())],
    ) else {
        panic!("still answered");
    };
    assert_eq!(a.column_labels, vec!["Season", "Lewis Hamilton ahead"]);
    assert_eq!(a.chart.unwrap().series, vec!["Lewis Hamilton ahead"]);
}
