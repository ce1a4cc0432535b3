//! Verification: a backup is restored into a temporary directory and
//! checked there, so a check never writes next to the backup (opening a
//! SQLite file can create journal files) and proves the file can be
//! restored, not just read.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use super::{read_manifest, schema_version, sha256_of, stamp_of, table_rows, Manifest};
use crate::{SqliteStore, StoreError};

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The snapshot checked.
    pub file: PathBuf,
    /// Its manifest, when it could be read.
    pub manifest: Option<Manifest>,
    /// Every mismatch found; empty means the backup is good.
    pub problems: Vec<String>,
}

impl VerifyReport {
    /// True when every check passed.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks a backup: its sha256 matches the manifest, a restored copy passes
/// `PRAGMA integrity_check`, its row counts match the manifest, and its
/// schema version is the manifest's and one this build knows.
pub fn verify(file: &Path) -> Result<VerifyReport, StoreError> {
    let mut problems = Vec::new();
    let manifest = match read_manifest(file) {
        Ok(m) => Some(m),
        Err(e) => {
            problems.push(format!("manifest unreadable: {e}"));
            None
        }
    };
    let (sha256, _) = sha256_of(file)?;
    if let Some(m) = &manifest {
        if m.sha256 != sha256 {
            problems.push(format!(
                "sha256 mismatch: manifest {}, file {sha256}",
                m.sha256
            ));
        }
    }
    let scratch = tempfile::tempdir()
        .map_err(|e| StoreError::Backup(format!("creating a temporary directory: {e}")))?;
    let restored = scratch.path().join("restored.sqlite");
    std::fs::copy(file, &restored).map_err(|e| super::io_error(&restored, "copying to", &e))?;
    match check_copy(&restored) {
        Ok((integrity, rows, version)) => {
            if integrity != "ok" {
                problems.push(format!("integrity check failed: {integrity}"));
            }
            if let Some(m) = &manifest {
                compare(m, &rows, version, &mut problems);
            }
        }
        Err(e) => problems.push(format!("cannot read the restored copy: {e}")),
    }
    Ok(VerifyReport {
        file: file.to_path_buf(),
        manifest,
        problems,
    })
}

type Counts = std::collections::BTreeMap<String, i64>;

fn check_copy(path: &Path) -> Result<(String, Counts, i64), StoreError> {
    let conn = Connection::open(path).map_err(|e| super::sqlite_error("opening", &e))?;
    // Every line of the check's answer: "ok", or the problems found.
    let mut stmt = conn
        .prepare("PRAGMA integrity_check")
        .map_err(|e| super::sqlite_error("integrity check", &e))?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| super::sqlite_error("integrity check", &e))?;
    let integrity = lines.join("; ");
    Ok((integrity, table_rows(&conn)?, schema_version(&conn)?))
}

fn compare(m: &Manifest, rows: &Counts, version: i64, problems: &mut Vec<String>) {
    for (table, want) in &m.rows {
        match rows.get(table) {
            Some(got) if got == want => {}
            Some(got) => problems.push(format!(
                "row count mismatch in {table}: manifest {want}, backup {got}"
            )),
            None => problems.push(format!("table {table} missing from the backup")),
        }
    }
    for table in rows.keys().filter(|t| !m.rows.contains_key(*t)) {
        problems.push(format!("table {table} not in the manifest"));
    }
    if version != m.schema_version {
        problems.push(format!(
            "schema version mismatch: manifest {}, backup {version}",
            m.schema_version
        ));
    }
    let known = SqliteStore::known_schema_version();
    if m.schema_version > known {
        problems.push(format!(
            "schema version {} is unknown to this build (newest known: {known})",
            m.schema_version
        ));
    }
}

/// The newest backup in `dir` that has a manifest (by the time in its
/// name), if any.
pub fn latest(dir: &Path) -> Result<Option<PathBuf>, StoreError> {
    Ok(list_with_manifest(dir)?.pop())
}

/// The backups in `dir` that have a manifest, oldest first.
pub fn list_with_manifest(dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    let mut found: Vec<_> = list(dir)?
        .into_iter()
        .filter(|(_, p)| super::manifest_path(p).is_file())
        .collect();
    found.sort();
    Ok(found.into_iter().map(|(_, p)| p).collect())
}

/// Every backup file in `dir` with the time in its name; none for a
/// missing directory.
pub(crate) fn list(
    dir: &Path,
) -> Result<Vec<(chrono::DateTime<chrono::Utc>, PathBuf)>, StoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(super::io_error(dir, "listing", &e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| super::io_error(dir, "listing", &e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(at) = stamp_of(&name) {
            found.push((at, entry.path()));
        }
    }
    Ok(found)
}
