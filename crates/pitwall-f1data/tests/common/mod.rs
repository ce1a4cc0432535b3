//! Shared by the integration tests: where the real dump is, and one full
//! import per test binary (the dump takes about a second to load).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pitwall_f1data::{import_dir, ImportOptions, ImportSummary};

/// The real Ergast dump: `$PITWALL_F1_DATA`, else beside the checkout.
pub fn dump_dir() -> PathBuf {
    let dir = std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        });
    assert!(
        dir.join("races.csv").is_file(),
        "the F1 CSV dump is needed at {} (or set PITWALL_F1_DATA)",
        dir.display()
    );
    dir
}

/// A fixture dump under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The real dump imported once into a temporary directory kept for the
/// whole test binary.
pub struct RealDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub summary: ImportSummary,
}

pub fn real_db() -> &'static RealDb {
    static DB: OnceLock<RealDb> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f1.sqlite");
        let summary = import_dir(&dump_dir(), &path, &ImportOptions::default()).unwrap();
        RealDb { dir, path, summary }
    })
}

/// Data records in a CSV file: its lines minus the header.
pub fn csv_data_lines(file: &Path) -> u64 {
    let bytes = std::fs::read(file).unwrap();
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    let unterminated_last = u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"));
    newlines + unterminated_last - 1
}
