//! `stat_sql` and `finals_cte` read the derived aggregate tables; these
//! tests hold them to the per-result scans they replaced (kept below as the
//! reference, as they were before the derived tables): the same rows in the
//! same order for every statistic, entity kind and filter.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};

use super::{stat_sql, StatQuery};
use crate::compile::finals_cte;
use crate::intents::{Stat, DRIVER_NAME};

/// ids, year, per season.
type Case = (Vec<i64>, Option<i64>, bool);

/// The last complete season of the real data.
const LAST_COMPLETE: i64 = 2024;

fn scan_finals_cte(standings: &str) -> String {
    format!(
        "WITH finals AS (SELECT ra.raceId FROM races ra JOIN (SELECT year, MAX(round) AS round FROM races \
         WHERE raceId IN (SELECT raceId FROM {standings}) AND year <= ? GROUP BY year) f \
         ON f.year = ra.year AND f.round = ra.round) "
    )
}

/// The scan `stat_sql` was before the derived tables.
fn scan_stat_sql(stat: Stat, q: &StatQuery) -> String {
    let label = stat.label();
    let (name, key, join) = if q.teams {
        (
            "c.name AS constructor",
            "constructorId",
            "JOIN constructors c ON c.constructorId = x.constructorId",
        )
    } else {
        ("", "driverId", "JOIN drivers d ON d.driverId = x.driverId")
    };
    let name = if q.teams {
        name.to_string()
    } else {
        format!("{DRIVER_NAME} AS driver")
    };
    let mut filters: Vec<String> = Vec::new();
    if q.ids > 0 {
        let marks = vec!["?"; q.ids].join(", ");
        filters.push(format!("x.{key} IN ({marks})"));
    }
    if q.year {
        filters.push("ra.year = ?".into());
    }
    let source = match stat {
        Stat::Titles => {
            let standings = if q.teams {
                "constructor_standings"
            } else {
                "driver_standings"
            };
            filters.insert(0, "x.position = 1".into());
            filters.insert(0, "x.raceId IN (SELECT raceId FROM finals)".into());
            return format!(
                "{}SELECT {name}, COUNT(*) AS {label} FROM {standings} x {join} JOIN races ra ON ra.raceId = x.raceId \
                 WHERE {} GROUP BY x.{key} ORDER BY {label} DESC",
                scan_finals_cte(standings),
                filters.join(" AND ")
            );
        }
        Stat::Points => "(SELECT raceId, driverId, constructorId, points FROM results UNION ALL \
             SELECT raceId, driverId, constructorId, points FROM sprint_results)"
            .to_string(),
        _ => "results".to_string(),
    };
    // Counting over every row: filter first and group without the
    // entity index (`+x.key`), a table scan plus a sort is several times
    // faster than index-ordered row lookups.
    let all_rows = q.ids == 0;
    let value = match (stat, q.teams) {
        (Stat::Points, _) => "SUM(x.points)".to_string(),
        (_, true) if all_rows && stat != Stat::Podiums => "COUNT(DISTINCT x.raceId)".to_string(),
        (_, false) | (Stat::Podiums, true) if all_rows => "COUNT(*)".to_string(),
        (Stat::Wins | Stat::Poles | Stat::FastestLaps, true) => {
            format!("COUNT(DISTINCT CASE WHEN {} THEN x.raceId END)", cond(stat))
        }
        _ => format!("SUM(CASE WHEN {} THEN 1 ELSE 0 END)", cond(stat)),
    };
    if all_rows && stat != Stat::Points {
        filters.insert(0, cond(stat));
    }
    let races = if q.year || q.per_season {
        " JOIN races ra ON ra.raceId = x.raceId"
    } else {
        ""
    };
    let (season_col, group) = match (q.per_season, all_rows) {
        (true, _) => (" ra.year,", format!("+x.{key}, ra.year")),
        (false, true) => ("", format!("+x.{key}")),
        (false, false) => ("", format!("x.{key}")),
    };
    let where_clause = if filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", filters.join(" AND "))
    };
    format!(
        "SELECT {name},{season_col} {value} AS {label} FROM {source} x {join}{races} \
         {where_clause} GROUP BY {group} ORDER BY {label} DESC"
    )
}

fn cond(stat: Stat) -> String {
    stat.cond().unwrap_or("1 = 1").replace("r.", "x.")
}

/// The real dump imported once for this test binary (or `PITWALL_TEST_F1_DB`).
fn conn() -> rusqlite::Connection {
    use std::path::PathBuf;
    static DB: std::sync::OnceLock<(PathBuf, Option<tempfile::TempDir>)> =
        std::sync::OnceLock::new();
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
    rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn run(conn: &rusqlite::Connection, sql: &str, params: &[Value]) -> pitwall_f1data::Table {
    let values: Vec<rusqlite::types::Value> = params
        .iter()
        .map(|v| match v {
            Value::Number(n) => rusqlite::types::Value::Integer(n.as_i64().unwrap()),
            Value::String(s) => rusqlite::types::Value::Text(s.clone()),
            other => panic!("unexpected parameter {other}"),
        })
        .collect();
    pitwall_f1data::query_table(conn, sql, &values, 100_000)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn stat_sql_over_derived_tables_equals_the_scan() {
    let conn = conn();
    let stats = [
        Stat::Wins,
        Stat::Poles,
        Stat::Podiums,
        Stat::FastestLaps,
        Stat::Starts,
        Stat::Points,
        Stat::Dnfs,
        Stat::Titles,
    ];
    let id = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let drivers = [
        id("SELECT driverId FROM drivers WHERE driverRef = 'hamilton'"),
        id("SELECT driverId FROM drivers WHERE driverRef = 'michael_schumacher'"),
        id("SELECT driverId FROM drivers WHERE driverRef = 'gonzalez'"),
        id("SELECT driverId FROM drivers WHERE driverRef = 'brundle'"),
    ];
    let teams = [
        id("SELECT constructorId FROM constructors WHERE constructorRef = 'ferrari'"),
        id("SELECT constructorId FROM constructors WHERE constructorRef = 'alfa'"),
        id("SELECT constructorId FROM constructors WHERE constructorRef = 'minardi'"),
    ];
    let (mut compared, mut rows) = (0, 0);
    for stat in stats {
        for teams_kind in [false, true] {
            let ids: &[i64] = if teams_kind { &teams } else { &drivers };
            let mut cases: Vec<Case> = vec![
                (vec![], None, false),
                (vec![ids[0]], None, false),
                (vec![ids[0], ids[1]], None, false),
                (vec![ids[2]], None, false),
                (vec![ids[ids.len() - 1]], None, false),
            ];
            if stat != Stat::Titles {
                for year in [1950, 1958, 1982, 2008, 2021, 2025] {
                    cases.push((vec![], Some(year), false));
                    cases.push((vec![ids[0]], Some(year), false));
                    cases.push((vec![ids[0], ids[1]], Some(year), false));
                }
                cases.push((vec![], None, true));
            }
            for (ids, year, per_season) in cases {
                let q = StatQuery {
                    teams: teams_kind,
                    ids: ids.len(),
                    year: year.is_some(),
                    per_season,
                };
                let mut params: Vec<Value> = Vec::new();
                if stat == Stat::Titles {
                    params.push(json!(LAST_COMPLETE));
                }
                params.extend(ids.iter().map(|i| json!(i)));
                params.extend(year.map(|y| json!(y)));
                // As the intents run them: whole, or cut (a sorter with a
                // limit orders ties its own way).
                for limit in ["", " LIMIT 5", " LIMIT 12"] {
                    let new = stat_sql(stat, &q) + limit;
                    let old = scan_stat_sql(stat, &q) + limit;
                    let want = run(&conn, &old, &params);
                    assert_eq!(
                        run(&conn, &new, &params),
                        want,
                        "{stat:?} {params:?}\nnew: {new}\nold: {old}"
                    );
                    compared += 1;
                    rows += want.rows.len();
                }
            }
        }
    }
    assert!(
        compared > 200 && rows > 10_000,
        "{compared} queries, {rows} rows"
    );
}

#[test]
fn final_rounds_from_the_champions_table_name_the_same_champions() {
    let conn = conn();
    for standings in ["driver_standings", "constructor_standings"] {
        let key = if standings == "driver_standings" {
            "driverId"
        } else {
            "constructorId"
        };
        let champions = |cte: String| {
            run(
                &conn,
                &format!(
                    "{cte}SELECT ra.year, s.{key} FROM {standings} s JOIN races ra ON ra.raceId = s.raceId \
                     WHERE s.raceId IN (SELECT raceId FROM finals) AND s.position = 1 ORDER BY 1, 2"
                ),
                &[json!(LAST_COMPLETE)],
            )
        };
        let want = champions(scan_finals_cte(standings));
        assert!(want.rows.len() > 60);
        assert_eq!(champions(finals_cte(standings)), want, "{standings}");
    }
}
