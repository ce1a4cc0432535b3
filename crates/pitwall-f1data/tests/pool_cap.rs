//! The read pool's upper bound: at most `max_in_use` connections are out at
//! once, one more is refused at once (not opened), and every checkout is
//! counted back in, also when its query panicked.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use pitwall_f1data::{import_dir, F1DataError, F1Db, ImportOptions};

fn tiny_db(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("f1.sqlite");
    let tiny = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny");
    import_dir(&tiny, &path, &ImportOptions::default()).unwrap();
    path
}

fn races(c: &rusqlite::Connection) -> i64 {
    c.query_row("SELECT count(*) FROM races", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn one_checkout_over_the_cap_is_refused_and_all_are_counted_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = F1Db::open(&tiny_db(&dir), 1).unwrap().with_max_in_use(2);
    // Two nested checkouts hold two connections; a third is refused.
    let inner = db
        .with_conn(|a| {
            let n = races(a);
            db.with_conn(|b| {
                assert_eq!(db.in_use(), 2);
                assert_eq!(races(b), n);
                db.with_conn(races)
            })
            .unwrap()
        })
        .unwrap();
    assert!(
        matches!(inner, Err(F1DataError::Busy { max: 2 })),
        "{inner:?}"
    );
    assert_eq!(db.in_use(), 0);
    // Refused at the cap, served again once a connection is back.
    assert!(db.with_conn(races).unwrap() > 0);

    // A panicking query gives its slot back.
    for _ in 0..5 {
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            db.with_conn(|_| panic!("query blew up")).unwrap()
        }));
        assert!(caught.is_err());
    }
    assert_eq!(db.in_use(), 0);
    assert!(db.with_conn(races).unwrap() > 0);
}

#[test]
fn the_default_cap_allows_many_concurrent_readers_but_not_unbounded() {
    let dir = tempfile::tempdir().unwrap();
    let db = F1Db::open(&tiny_db(&dir), 2).unwrap();
    // Nest until refused: the count where it stops is the cap.
    fn depth(db: &F1Db, n: usize) -> usize {
        match db.with_conn(|_| depth(db, n + 1)) {
            Ok(d) => d,
            Err(F1DataError::Busy { max }) => {
                assert_eq!(max, n);
                n
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(depth(&db, 0), pitwall_f1data::DEFAULT_MAX_IN_USE);
    assert_eq!(db.in_use(), 0);
}

#[test]
fn a_refusal_at_the_cap_never_moves_an_old_files_connection_into_the_current_pool() {
    let dir = tempfile::tempdir().unwrap();
    let path = tiny_db(&dir);
    let db = F1Db::open(&path, 2).unwrap().with_max_in_use(1);
    let old_races = db.with_conn(races).unwrap();
    let gen0 = db.generation();
    // Re-import the full dump over it: gen0's idle connection is kept.
    let full =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv");
    let full = std::env::var_os("PITWALL_F1_DATA").map_or(full, Into::into);
    import_dir(&full, &path, &ImportOptions::default()).unwrap();
    let gen1 = db.generation();
    assert_eq!(gen1, gen0 + 1);
    // At the cap, asking for the old generation is refused...
    let refused = db.with_conn(|_| db.with_conn_at(gen0, races)).unwrap();
    assert!(
        matches!(refused, Err(F1DataError::Busy { .. })),
        "{refused:?}"
    );
    // ...and the current pool still only hands out the new file.
    let now = db.with_conn(races).unwrap();
    assert!(now > old_races, "current {now}, old {old_races}");
    assert_eq!(db.with_conn_at(gen0, races).unwrap(), Some(old_races));
    assert_eq!(db.in_use(), 0);
}

#[test]
fn the_readiness_check_works_when_every_connection_is_busy() {
    let dir = tempfile::tempdir().unwrap();
    let db = F1Db::open(&tiny_db(&dir), 1).unwrap().with_max_in_use(1);
    let status = db.with_conn(|_| db.check()).unwrap().unwrap();
    assert!(status.races > 0, "{status:?}");
}
