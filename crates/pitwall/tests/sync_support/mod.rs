//! What the `pitwall sync` process tests share: the data, the command
//! against a stand-in, and a count over the served file. A module of each
//! test file (the kill test and the serve test are separate binaries, so
//! cargo runs them one after the other rather than competing for the CPU:
//! the stand-in's own timing of arrivals is what they assert on).

#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `../shared/f1data`: the CSV dump and the replay files.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data")
}

/// `pitwall sync --until 2026/11` on `data_dir` against the stand-in at `base_url`.
pub fn sync_cmd(data_dir: &Path, base_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pitwall"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", data_dir)
        .env("PITWALL_F1_DATA", shared().join("ergast-csv"))
        .env("PITWALL_F1_API_URL", base_url)
        .env("PITWALL_F1_SYNC_NOW", "2026-08-01T00:00:00Z")
        .env("PITWALL_F1_API_TIMEOUT_SECS", "5")
        .args(["sync", "--until", "2026/11"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// The one integer `sql` selects from the database at `db`.
pub fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}
