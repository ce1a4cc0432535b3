//! The full import of the real Ergast dump: counts, the quirks handled,
//! query plans and read-only access.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::{csv_data_lines, dump_dir, real_db};
use pitwall_f1data::{F1Db, TABLES};

#[test]
fn every_row_of_the_real_dump_loads() {
    let db = real_db();
    let summary = &db.summary;
    assert_eq!(summary.tables.len(), TABLES.len());
    // The dump is clean as far as the import is concerned: every quirk it
    // has (`\N`, short 2025 rows, BOMs, mixed quoting, empty numbers) is
    // handled, none is a malformed row and no foreign key dangles.
    assert_eq!(summary.total_skipped(), 0, "{summary}");
    assert_eq!(summary.total_orphans(), 0, "{summary}");
    assert_eq!(summary.messages().count(), 0);

    let conn = rusqlite::Connection::open(&db.path).unwrap();
    for table in TABLES {
        let t = summary.table(table).unwrap();
        let expected = csv_data_lines(&dump_dir().join(format!("{table}.csv"))) - t.skipped;
        let in_db: u64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(t.loaded, expected, "{table}: loaded count");
        assert_eq!(in_db, expected, "{table}: rows in the database");
    }
    assert!(summary.total_loaded() > 100_000);
    let shown = summary.to_string();
    assert!(shown.contains("0 malformed rows skipped"), "{shown}");
}

#[test]
fn quirks_become_the_right_values() {
    let conn = rusqlite::Connection::open(&real_db().path).unwrap();
    // 2025 races.csv rows have 8 of 18 fields: the session columns are NULL.
    let (short_2025, with_fp1): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(fp1_date) FROM races WHERE year = 2025",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(short_2025, 24);
    assert_eq!(with_fp1, 0);
    let name: String = conn
        .query_row(
            "SELECT name FROM races WHERE year = 2025 AND round = 21",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "São Paulo Grand Prix");

    // `\N` is NULL, not the text "\N"; quoted numbers are typed.
    let (number, kind): (Option<i64>, String) = conn
        .query_row(
            "SELECT number, typeof(driverId) FROM drivers WHERE driverRef = 'heidfeld'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(number, None);
    assert_eq!(kind, "integer");
    let backslash_n: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM results WHERE time = '\\N' OR milliseconds = '\\N') \
                  + (SELECT count(*) FROM races WHERE fp1_date = '\\N')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(backslash_n, 0);
    let (points, typ): (f64, String) = conn
        .query_row(
            "SELECT points, typeof(points) FROM results WHERE resultId = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((points, typ.as_str()), (10.0, "real"));

    // sprint_results has `rank` after statusId: mapped by header name.
    let (time, status, rank): (String, i64, Option<i64>) = conn
        .query_row(
            "SELECT fastestLapTime, statusId, rank FROM sprint_results WHERE resultId = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((time.as_str(), status, rank), ("1:30.013", 1, None));

    // The BOM files load, with "Date Of Accident" as Date_Of_Accident.
    let (driver, date): (String, String) = conn
        .query_row(
            "SELECT Driver, Date_Of_Accident FROM fatal_accidents_drivers ORDER BY rowid LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (driver.as_str(), date.as_str()),
        ("Cameron Earl", "6/18/52")
    );
    let marshal: String = conn
        .query_row(
            "SELECT Name FROM fatal_accidents_marshalls ORDER BY rowid LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(marshal, "Günther Schneider");
    // An empty numeric field is NULL (safety_cars.Retreated has 14).
    let empty_retreated: i64 = conn
        .query_row(
            "SELECT count(*) FROM safety_cars WHERE Retreated IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(empty_retreated, 14);
}

#[test]
fn readers_need_no_journal_files_and_see_the_data_status() {
    let db = real_db();
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);

    let f1 = F1Db::open(&db.path, 2).unwrap();
    let status = f1.check().unwrap();
    assert_eq!(status.races, 1149);
    assert_eq!(
        status.results,
        csv_data_lines(&dump_dir().join("results.csv")) as i64
    );
    assert_eq!(
        (status.last_season, status.last_round),
        (Some(2025), Some(21))
    );
    let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "f1.sqlite")
        .collect();
    assert!(leftovers.is_empty(), "unexpected files: {leftovers:?}");
}

#[test]
fn writes_through_the_read_only_handle_fail() {
    let f1 = F1Db::open(&real_db().path, 2).unwrap();
    for sql in [
        "INSERT INTO status (statusId, status) VALUES (9999, 'x')",
        "CREATE TABLE scratch (x INTEGER)",
        "DELETE FROM results",
    ] {
        let outcome = f1.with_conn(|conn| conn.execute(sql, [])).unwrap();
        assert!(outcome.is_err(), "{sql} succeeded");
    }
    let results: i64 = f1
        .with_conn(|conn| conn.query_row("SELECT count(*) FROM results", [], |r| r.get(0)))
        .unwrap()
        .unwrap();
    assert!(results > 27_000);
}

/// The engine's typical lookups must use an index, not scan the big tables.
#[test]
fn typical_engine_queries_use_indexes() {
    let queries = [
        (
            "results",
            "SELECT * FROM results WHERE raceId = 1100 AND position = 1",
        ),
        (
            "results",
            "SELECT * FROM results WHERE raceId = 1100 ORDER BY positionOrder",
        ),
        (
            "races",
            "SELECT * FROM races WHERE year = 2021 AND round = 22",
        ),
        (
            "races",
            "SELECT * FROM races WHERE year = 2021 ORDER BY round",
        ),
        ("races", "SELECT * FROM races WHERE circuitId = 14"),
        (
            "driver_standings",
            "SELECT * FROM driver_standings WHERE raceId = 1100 ORDER BY position",
        ),
        ("results", "SELECT * FROM results WHERE driverId = 1"),
        (
            "qualifying",
            "SELECT * FROM qualifying WHERE raceId = 1100 ORDER BY position",
        ),
        (
            // Plans name aliased tables by their alias.
            "r",
            "SELECT d.surname FROM results r JOIN drivers d ON d.driverId = r.driverId \
             JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2021 AND r.position = 1",
        ),
    ];
    let f1 = F1Db::open(&real_db().path, 1).unwrap();
    for (table, sql) in queries {
        let plan: Vec<String> = f1
            .with_conn(|conn| {
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
                rows.map(Result::unwrap).collect()
            })
            .unwrap();
        let text = plan.join(" | ");
        assert!(
            plan.iter()
                .any(|step| step.starts_with(&format!("SEARCH {table} "))),
            "{sql}: no index search on {table}: {text}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN ")),
            "{sql}: scans a table: {text}"
        );
    }
}
