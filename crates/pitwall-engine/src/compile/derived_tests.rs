//! Every typed query the derived tables answer gives the same table (columns,
//! rows and their order) as the per-result scan it replaces, over the real
//! data: a matrix of subjects, measures, qualifiers and shapes.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use rusqlite::{Connection, OpenFlags};

use crate::intents::Stat;
use crate::pick::Loc;
use crate::query::{Filters, Measure, Query, Seasons, Shape, Sprints, Subject};

/// The real dump imported once for this test binary (or `PITWALL_TEST_F1_DB`).
fn conn() -> Connection {
    static DB: OnceLock<(PathBuf, Option<tempfile::TempDir>)> = OnceLock::new();
    let (path, _) = DB.get_or_init(|| {
        if let Ok(p) = std::env::var("PITWALL_TEST_F1_DB") {
            return (PathBuf::from(p), None);
        }
        let src =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv");
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("f1.sqlite");
        pitwall_f1data::import_dir(&src, &dest, &pitwall_f1data::ImportOptions::default()).unwrap();
        (dest, Some(dir))
    });
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn run(conn: &Connection, sql: &str, params: &[serde_json::Value]) -> pitwall_f1data::Table {
    let values: Vec<rusqlite::types::Value> = params
        .iter()
        .map(|v| match v {
            serde_json::Value::Number(n) => rusqlite::types::Value::Integer(n.as_i64().unwrap()),
            serde_json::Value::String(s) => rusqlite::types::Value::Text(s.clone()),
            other => panic!("unexpected parameter {other}"),
        })
        .collect();
    pitwall_f1data::query_table(conn, sql, &values, 10_000).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn id(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn derived_answers_equal_the_per_result_scan() {
    let conn = conn();
    let driver = |r: &str| {
        id(
            &conn,
            &format!("SELECT driverId FROM drivers WHERE driverRef = '{r}'"),
        )
    };
    let team = |r: &str| {
        id(
            &conn,
            &format!("SELECT constructorId FROM constructors WHERE constructorRef = '{r}'"),
        )
    };
    let monaco = id(
        &conn,
        "SELECT circuitId FROM circuits WHERE circuitRef = 'monaco'",
    );
    let circuit_ref = |cid: i64| -> String {
        conn.query_row(
            "SELECT circuitRef FROM circuits WHERE circuitId = ?1",
            [cid],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (ham, msc, farina, gonzalez) = (
        driver("hamilton"),
        driver("michael_schumacher"),
        driver("farina"),
        driver("gonzalez"),
    );
    let (ferrari, mclaren, alfa) = (team("ferrari"), team("mclaren"), team("alfa"));
    let subjects = [
        Subject::Drivers,
        Subject::Constructors,
        Subject::Driver(ham),
        Subject::Driver(gonzalez), // 1950s shared drives and fractional points
        Subject::Constructor(ferrari),
        Subject::Constructor(alfa),
        Subject::Pair(ham, msc),
        Subject::Pair(farina, gonzalez),
        Subject::TeamPair(ferrari, mclaren),
    ];
    let stats = [
        Stat::Wins,
        Stat::Poles,
        Stat::Podiums,
        Stat::FastestLaps,
        Stat::Starts,
        Stat::Points,
        Stat::Dnfs,
    ];
    let seasons = |from, to| Some(Seasons { from, to });
    let filters: Vec<Filters> = vec![
        Filters::default(),
        Filters {
            seasons: seasons(2014, 2014),
            ..Filters::default()
        },
        Filters {
            seasons: seasons(2000, 2009),
            ..Filters::default()
        },
        Filters {
            seasons: seasons(1950, 1959),
            ..Filters::default()
        },
        Filters {
            seasons: seasons(2021, 2025),
            sprints: Sprints::Excluded,
            ..Filters::default()
        },
        Filters {
            sprints: Sprints::Excluded,
            ..Filters::default()
        },
        Filters {
            place: Some(Loc::Circuit(monaco)),
            ..Filters::default()
        },
        Filters {
            place: Some(Loc::Country("Italy".into())),
            ..Filters::default()
        },
        Filters {
            place: Some(Loc::Country("UK".into())),
            ..Filters::default()
        },
        Filters {
            driver_nationality: Some("British".into()),
            ..Filters::default()
        },
        Filters {
            driver_nationality: Some("Brazilian".into()),
            seasons: seasons(1980, 1995),
            ..Filters::default()
        },
        Filters {
            team_nationality: Some("Japanese".into()),
            ..Filters::default()
        },
        Filters {
            team_nationality: Some("British".into()),
            seasons: seasons(1960, 1970),
            ..Filters::default()
        },
        Filters {
            never: Some(Stat::Wins),
            ..Filters::default()
        },
        Filters {
            never: Some(Stat::Podiums),
            seasons: seasons(1980, 1999),
            ..Filters::default()
        },
        Filters {
            never: Some(Stat::Titles),
            ..Filters::default()
        },
        Filters {
            never: Some(Stat::Points),
            place: Some(Loc::Circuit(monaco)),
            ..Filters::default()
        },
        Filters {
            never: Some(Stat::Poles),
            driver_nationality: Some("British".into()),
            ..Filters::default()
        },
    ];
    let shapes = [
        Shape::Count,
        Shape::Leaders(1),
        Shape::Leaders(10),
        Shape::Years,
        Shape::BestSeason,
    ];
    let (mut compared, mut rows) = (0, 0);
    for subject in &subjects {
        for stat in stats {
            for f in &filters {
                for shape in shapes {
                    let q = Query {
                        subject: subject.clone(),
                        measure: Measure::Stat(stat),
                        filters: f.clone(),
                        shape,
                        age: false,
                        team_title: false,
                        with_team: false,
                        implicit: false,
                        also: Vec::new(),
                    };
                    let Some(fast) = super::compile(&q, &circuit_ref) else {
                        continue;
                    };
                    let scan = crate::compile::compile_rows(
                        &q,
                        crate::compile::stat_cond(stat),
                        circuit_ref,
                    );
                    let want = run(&conn, &scan.sql, &scan.params);
                    let got = run(&conn, &fast.sql, &fast.params);
                    assert_eq!(
                        got, want,
                        "{q:?}\nderived: {}\nscan: {}",
                        fast.sql, scan.sql
                    );
                    compared += 1;
                    rows += want.rows.len();
                }
            }
        }
    }
    assert!(
        compared > 500 && rows > 5_000,
        "{compared} queries, {rows} rows"
    );
}

#[test]
fn what_the_tables_do_not_hold_falls_back_to_the_scan() {
    let q = |filters: Filters, measure: Measure, shape: Shape| Query {
        subject: Subject::Drivers,
        measure,
        filters,
        shape,
        age: false,
        team_title: false,
        with_team: false,
        implicit: false,
        also: Vec::new(),
    };
    let wins = Measure::Stat(Stat::Wins);
    let leaders = Shape::Leaders(3);
    let never = |f: Filters, m: Measure, s: Shape| {
        super::compile(&q(f, m, s), &|_| String::new()).is_none()
    };
    assert!(never(
        Filters {
            month: Some(9),
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            from_pole: true,
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            rookie: true,
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            sprints: Sprints::Included,
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            team: Some((6, "Ferrari".into())),
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            place: Some(Loc::RaceName("Monaco Grand Prix".into())),
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            place: Some(Loc::Country("Italy".into())),
            seasons: Some(Seasons {
                from: 2000,
                to: 2009
            }),
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters {
            team_nationality: Some("Japanese".into()),
            ..Filters::default()
        },
        wins,
        leaders
    ));
    assert!(never(
        Filters::default(),
        Measure::Stat(Stat::Titles),
        leaders
    ));
    assert!(never(Filters::default(), Measure::OneTwo, leaders));
    assert!(never(Filters::default(), wins, Shape::First));
    assert!(!never(Filters::default(), wins, leaders));
}

/// All drivers, one stat, no qualifier.
fn query(stat: Stat) -> Query {
    Query {
        subject: Subject::Drivers,
        measure: Measure::Stat(stat),
        filters: Filters::default(),
        shape: Shape::Count,
        age: false,
        with_team: false,
        team_title: false,
        also: Vec::new(),
        implicit: false,
    }
}

#[test]
fn age_and_streak_records_from_the_derived_tables_equal_the_scan() {
    use crate::compile::{dates_measure, runs, stat_cond};
    let conn = conn();
    let no_circuit = |_: i64| -> String { unreachable!("no circuit filter") };
    for stat in [
        Stat::Wins,
        Stat::Poles,
        Stat::Podiums,
        Stat::FastestLaps,
        Stat::Dnfs,
        Stat::Points,
        Stat::Starts,
    ] {
        let cond = if stat == Stat::Points {
            "x.points > 0"
        } else {
            stat_cond(stat)
        };
        for shape in [Shape::Youngest, Shape::Oldest] {
            let q = Query {
                shape,
                ..query(stat)
            };
            let fast = runs::age_from_dates(&q, cond, dates_measure(stat));
            let scan = runs::age_scan(&q, cond, no_circuit);
            let (a, b) = (
                run(&conn, &fast.sql, &fast.params),
                run(&conn, &scan.sql, &scan.params),
            );
            assert_eq!(a.rows.len(), 1, "{stat:?} {shape:?}");
            assert_eq!(a, b, "{stat:?} {shape:?}");
        }
        let q = Query {
            shape: Shape::Streak,
            ..query(stat)
        };
        let fast = runs::streak_from_runs(dates_measure(stat));
        let scan = runs::streak_scan(&q, cond, no_circuit);
        let (a, b) = (
            run(&conn, &fast.sql, &fast.params),
            run(&conn, &scan.sql, &scan.params),
        );
        assert_eq!(a.rows.len(), 10, "{stat:?} streak");
        assert_eq!(a, b, "{stat:?} streak");
    }
}
