//! Re-importing while a reader is serving: the reader only ever sees a
//! complete database, and the handle notices each swap.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{csv_data_lines, dump_dir};
use pitwall_f1data::{import_dir, F1Db, ImportOptions};

#[test]
fn readers_see_only_complete_databases_across_reimports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f1.sqlite");
    let src = dump_dir();
    import_dir(&src, &path, &ImportOptions::default()).unwrap();
    let full = csv_data_lines(&src.join("results.csv")) as i64;

    let db = Arc::new(F1Db::open(&path, 2).unwrap());
    let gen0 = db.generation();
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut reads = 0u64;
            // Bounded in count and time whatever the importer does.
            while !stop.load(Ordering::Relaxed)
                && reads < 200_000
                && started.elapsed() < Duration::from_secs(120)
            {
                let count: i64 = db
                    .with_conn(|c| c.query_row("SELECT count(*) FROM results", [], |r| r.get(0)))
                    .expect("checkout failed")
                    .expect("query failed");
                assert_eq!(count, full, "reader saw a partial database");
                reads += 1;
            }
            reads
        })
    };

    for round in 1..=2u64 {
        import_dir(&src, &path, &ImportOptions::default()).unwrap();
        assert_eq!(db.generation(), gen0 + round, "swap {round} not detected");
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(reads > 0);

    // New checkouts read the new file, and no temp files are left behind.
    let status = db.check().unwrap();
    assert_eq!(status.results, full);
    assert_eq!(status.generation, gen0 + 2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_replaced_database_stays_readable_until_retired() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f1.sqlite");
    let tiny = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    import_dir(&tiny, &path, &ImportOptions::default()).unwrap();
    let db = F1Db::open(&path, 2).unwrap();
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM results", [], |r| r.get(0))
            .unwrap()
    };
    let old = db.with_conn(count).unwrap();
    let gen0 = db.generation();

    import_dir(&dump_dir(), &path, &ImportOptions::default()).unwrap();
    let gen1 = db.generation();
    assert_eq!(gen1, gen0 + 1);
    let full = csv_data_lines(&dump_dir().join("results.csv")) as i64;
    assert_eq!(db.with_conn(count).unwrap(), full);
    assert_eq!(db.with_conn_at(gen1, count).unwrap(), Some(full));
    // The replaced file, through the connection kept open on it.
    assert_eq!(db.with_conn_at(gen0, count).unwrap(), Some(old));
    assert_eq!(
        db.with_conn_at(gen0, count).unwrap(),
        Some(old),
        "given back"
    );
    assert_eq!(db.with_conn_at(gen0 + 7, count).unwrap(), None);

    db.retire_before(gen1);
    assert_eq!(db.with_conn_at(gen0, count).unwrap(), None);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
