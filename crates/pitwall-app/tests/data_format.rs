//! `ensure_f1_data` re-imports a database built by an older version (its
//! format stamp differs: it lacks the derived tables the engine reads) and
//! leaves a current one alone.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use pitwall_f1data::{F1Db, FORMAT_VERSION};

fn tiny_dump() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../pitwall-f1data/tests/fixtures/tiny")
}

fn version(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_older_database_is_reimported_and_a_current_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f1.sqlite");
    let src = tiny_dump();
    assert!(pitwall_app::ensure_f1_data(&db, Some(&src))
        .unwrap()
        .is_some());
    assert!(F1Db::is_current(&db));
    assert_eq!(version(&db), FORMAT_VERSION);
    assert!(pitwall_app::ensure_f1_data(&db, Some(&src))
        .unwrap()
        .is_none());

    // As an older import left it: no derived tables, format 0.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("DROP TABLE agg_driver_career; PRAGMA user_version = 0;")
            .unwrap();
    }
    assert!(!F1Db::is_current(&db));
    assert!(pitwall_app::ensure_f1_data(&db, Some(&src))
        .unwrap()
        .is_some());
    assert_eq!(version(&db), FORMAT_VERSION);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM agg_driver_career", [], |r| r.get(0))
        .unwrap();
    assert!(rows > 0);
}
