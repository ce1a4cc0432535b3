//! Bad data in a small dump (`tests/fixtures/malformed`, the consistent
//! `tests/fixtures/tiny` dump plus one bad row per kind of problem).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use std::path::Path;

use common::{csv_data_lines, fixture};
use pitwall_f1data::{import_dir, F1DataError, ImportOptions, TABLES};

/// Every problem planted in the fixture, in the order the import meets them.
const EXPECTED: [&str; 15] = [
    "seasons.csv:4: unterminated quoted field",
    "status.csv:3: duplicate primary key statusId=1",
    "circuits.csv:5: unexpected character after a closing quote",
    "circuits.csv:7: duplicate unique key (UNIQUE constraint failed: circuits.circuitRef)",
    "constructors.csv:10: column name: invalid UTF-8",
    "drivers.csv:17: column forename: missing value for a NOT NULL column",
    "drivers.csv:18: column forename: missing value for a NOT NULL column",
    "races.csv:5: 19 fields, the header has 18",
    "races.csv:6: column year: \"abc\" is not an integer",
    "results.csv:10: column points: \"ten\" is not a number",
    "results.csv:11: column grid: \"P3\" is not an integer",
    "pit_stops.csv:5: duplicate primary key raceId=1146, driverId=864, stop=1",
    "driver_standings.csv:8: column wins: missing value for a NOT NULL column (the row has only 4 fields)",
    "races.csv:7: orphan: year=2026 has no row in seasons(year)",
    "qualifying.csv:8: orphan: driverId=9999 has no row in drivers(driverId)",
];

fn count(db: &Path, table: &str) -> u64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn each_bad_row_is_skipped_and_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f1.sqlite");
    let src = fixture("malformed");
    let summary = import_dir(&src, &db, &ImportOptions::default()).unwrap();

    let mut messages: Vec<&str> = summary.messages().collect();
    let mut expected = EXPECTED.to_vec();
    messages.sort_unstable();
    expected.sort_unstable();
    assert_eq!(messages, expected);
    assert_eq!(summary.total_skipped(), 13);
    assert_eq!(summary.total_orphans(), 2);

    for table in TABLES {
        let t = summary.table(table).unwrap();
        let lines = csv_data_lines(&src.join(format!("{table}.csv")));
        assert_eq!(t.loaded, lines - t.skipped, "{table}");
        assert_eq!(count(&db, table), t.loaded, "{table}");
    }
    // Orphans are kept (counted, not deleted); the good rows around the bad
    // ones are loaded, including a short row and a quoted integer.
    assert_eq!(summary.table("races").unwrap().orphans, 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let alt: i64 = conn
        .query_row(
            "SELECT alt FROM circuits WHERE circuitRef = 'badref2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(alt, 3);
    let (deployed, retreated): (Option<i64>, Option<f64>) = conn
        .query_row(
            "SELECT Deployed, Retreated FROM safety_cars WHERE Race = '1999 Test Grand Prix'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((deployed, retreated), (None, None));
    // Rejected rows left no partial writes behind (the build runs without a
    // journal, so this guards the duplicate-key path).
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");

    let shown = summary.to_string();
    assert!(
        shown.contains("13 malformed rows skipped, 2 orphan rows"),
        "{shown}"
    );
    assert!(shown.contains(EXPECTED[0]), "{shown}");
}

#[test]
fn strict_mode_fails_on_the_first_problem_and_keeps_the_old_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f1.sqlite");
    import_dir(&fixture("tiny"), &db, &ImportOptions::default()).unwrap();
    let before = std::fs::read(&db).unwrap();

    let strict = ImportOptions {
        strict: true,
        ..Default::default()
    };
    let err = import_dir(&fixture("malformed"), &db, &strict).unwrap_err();
    assert!(matches!(err, F1DataError::Malformed(_)), "{err:?}");
    assert_eq!(err.to_string(), EXPECTED[0]);

    assert_eq!(std::fs::read(&db).unwrap(), before, "old database changed");
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, vec![std::ffi::OsString::from("f1.sqlite")]);
}

#[test]
fn strict_mode_accepts_a_clean_dump() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f1.sqlite");
    let strict = ImportOptions {
        strict: true,
        ..Default::default()
    };
    let summary = import_dir(&fixture("tiny"), &db, &strict).unwrap();
    assert_eq!(summary.total_skipped() + summary.total_orphans(), 0);
    assert_eq!(count(&db, "races"), 3);
}

/// Copies the tiny dump into a temporary directory to break it.
fn tiny_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("tiny")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

#[test]
fn a_missing_file_or_header_column_names_the_file() {
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("f1.sqlite");

    let src = tiny_copy();
    std::fs::remove_file(src.path().join("pit_stops.csv")).unwrap();
    let err = import_dir(src.path(), &db, &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(&err, F1DataError::MissingFiles { files, .. } if files == &["pit_stops.csv"]),
        "{err:?}"
    );
    assert!(err.to_string().contains("pit_stops.csv"), "{err}");

    let src = tiny_copy();
    let results = src.path().join("results.csv");
    let text = std::fs::read_to_string(&results).unwrap();
    std::fs::write(&results, text.replacen(",grid,", ",gird,", 1)).unwrap();
    let err = import_dir(src.path(), &db, &ImportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("results.csv") && msg.contains("\"grid\""),
        "{msg}"
    );
    assert!(!db.exists(), "a failed import must not create the database");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn columns_are_mapped_by_header_name_not_position() {
    let src = tiny_copy();
    // Swap two columns of status.csv: the values must follow their header.
    std::fs::write(
        src.path().join("status.csv"),
        "status,statusId\n\"Finished\",1\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let db = out.path().join("f1.sqlite");
    import_dir(src.path(), &db, &ImportOptions::default()).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let status: String = conn
        .query_row("SELECT status FROM status WHERE statusId = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "Finished");
}

#[test]
fn progress_reports_every_table() {
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = events.clone();
    let opts = ImportOptions {
        strict: false,
        progress: Some(Box::new(move |p| sink.lock().unwrap().push(p.clone()))),
    };
    let out = tempfile::tempdir().unwrap();
    import_dir(&fixture("tiny"), &out.path().join("f1.sqlite"), &opts).unwrap();
    let events = events.lock().unwrap();
    let finished: Vec<(&str, u64)> = events
        .iter()
        .filter(|p| p.finished)
        .map(|p| (p.table.as_str(), p.rows))
        .collect();
    assert_eq!(finished.len(), TABLES.len());
    assert_eq!(finished[5], ("races", 3));
    assert!(events.iter().all(|p| p.table_count == TABLES.len()));
}
