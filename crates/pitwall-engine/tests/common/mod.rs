//! Shared test fixture: one F1 database and one engine per test binary.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use pitwall_engine::Engine;
use rusqlite::{Connection, OpenFlags};

struct Fixture {
    path: PathBuf,
    // Keeps the imported copy alive for the whole test binary.
    _dir: Option<tempfile::TempDir>,
}

fn fixture() -> &'static Fixture {
    static DB: OnceLock<Fixture> = OnceLock::new();
    DB.get_or_init(|| {
        if let Ok(p) = std::env::var("PITWALL_TEST_F1_DB") {
            return Fixture {
                path: PathBuf::from(p),
                _dir: None,
            };
        }
        let src =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv");
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("f1.sqlite");
        pitwall_f1data::import_dir(&src, &dest, &pitwall_f1data::ImportOptions::default()).unwrap();
        Fixture {
            path: dest,
            _dir: Some(dir),
        }
    })
}

/// A read-only connection to the test F1 database.
pub fn conn() -> Connection {
    Connection::open_with_flags(&fixture().path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// The engine, loaded once.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::load(&conn()).unwrap())
}

/// Path of a file next to the crate root.
pub fn manifest_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The engine's outcome for one question.
pub fn ask(q: &str) -> pitwall_engine::Outcome {
    engine().answer(&conn(), q).unwrap()
}

/// Asserts `q` is answered with every value of `want` (as `pitwall eval`
/// judges an answer).
pub fn answers(q: &str, want: &[&str]) {
    let out = ask(q);
    let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    assert!(
        pitwall_engine::eval::judge(&out, &want),
        "{q}\nwanted {want:?}\ngot {out:#?}"
    );
}

/// The answer to `q`, which must be answered at 0.8 or more.
pub fn confident(q: &str) -> pitwall_engine::Answer {
    match ask(q) {
        pitwall_engine::Outcome::Answered(a) => {
            assert!(a.confidence >= 0.8, "{q}: {}", a.confidence);
            a
        }
        pitwall_engine::Outcome::Unanswered(u) => panic!("{q}: declined: {}", u.reason),
    }
}

/// The reason `q` was declined (it must be).
pub fn declined(q: &str) -> String {
    match ask(q) {
        pitwall_engine::Outcome::Unanswered(u) => u.reason,
        pitwall_engine::Outcome::Answered(a) => panic!("{q}: should decline, got {}", a.answer),
    }
}
