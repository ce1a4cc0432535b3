//! Online backups of the embedded app database: a consistent snapshot taken
//! with `VACUUM INTO` on a connection of its own while the server keeps
//! writing (WAL lets a reader see one committed state however long it
//! reads), a manifest beside it, verification, rotation and restore.
//!
//! A backup is two files named by the UTC time it was taken:
//! `pitwall-20261130T194500Z.sqlite` and
//! `pitwall-20261130T194500Z.manifest.json`. The snapshot is written under a
//! temporary name, fsynced and renamed, then the manifest the same way, so a
//! file with a manifest is always complete. The manifest is written last:
//! a crash between the two leaves a snapshot without one, which `verify`
//! refuses and rotation ignores.
//!
//! Blocking code (rusqlite and file I/O): async callers run it on a
//! blocking thread.

mod restore;
mod rotation;
mod verify;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::StoreError;
pub use restore::{restore, RestoreReport, ServeLock};
pub use rotation::{keep_set, rotate, RotationReport};
pub use verify::{latest, list_with_manifest, verify, VerifyReport};

/// What the manifest records about a backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The snapshot's file name (in the same directory as the manifest).
    pub file: String,
    /// When the snapshot was taken (UTC).
    pub created_at: DateTime<Utc>,
    /// Lowercase hex sha256 of the snapshot file.
    pub sha256: String,
    /// Size of the snapshot file in bytes.
    pub bytes: u64,
    /// Rows per table in the snapshot (every table but SQLite's own).
    pub rows: BTreeMap<String, i64>,
    /// The newest migration applied in the snapshot.
    pub schema_version: i64,
    /// The pitwall version that took it.
    pub pitwall_version: String,
    /// What identifies the F1 data served when it was taken (it is not in
    /// the backup: it can be re-imported). Opaque to this module.
    pub f1_data: Option<serde_json::Value>,
}

/// File name prefix and extensions of backups.
const PREFIX: &str = "pitwall-";
const DB_EXT: &str = ".sqlite";
const MANIFEST_EXT: &str = ".manifest.json";
/// The UTC time in a backup's name.
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// The manifest path of a snapshot file: `x.sqlite` → `x.manifest.json`.
pub fn manifest_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(DB_EXT).unwrap_or(&name);
    file.with_file_name(format!("{stem}{MANIFEST_EXT}"))
}

/// The time in a backup file's name (`pitwall-<stamp>[-n].sqlite`), if it
/// is one.
pub fn stamp_of(name: &str) -> Option<DateTime<Utc>> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(DB_EXT)?;
    let stamp = rest.get(..16)?;
    let tail = &rest[16..];
    if !(tail.is_empty() || tail.strip_prefix('-').is_some_and(is_number)) {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Takes a consistent snapshot of the database at `db` into `dir` (created
/// if missing), named by `now`, with its manifest. Safe while a server
/// writes to `db`: the snapshot is one committed state.
pub fn snapshot(
    db: &Path,
    dir: &Path,
    now: DateTime<Utc>,
    f1_data: Option<serde_json::Value>,
) -> Result<(PathBuf, Manifest), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "creating", &e))?;
    let final_path = free_name(dir, now);
    let file = final_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file}.tmp"));
    remove_if_present(&temp)?;
    let result = write_snapshot(db, &temp);
    let (rows, schema_version) = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    sync_file(&temp)?;
    let (sha256, bytes) = sha256_of(&temp)?;
    std::fs::rename(&temp, &final_path).map_err(|e| io_error(&final_path, "renaming to", &e))?;
    let manifest = Manifest {
        file,
        created_at: now,
        sha256,
        bytes,
        rows,
        schema_version,
        pitwall_version: env!("CARGO_PKG_VERSION").to_string(),
        f1_data,
    };
    write_manifest(&final_path, &manifest)?;
    sync_dir(dir);
    Ok((final_path, manifest))
}

/// `VACUUM INTO` the temp file, switched to a self-contained rollback
/// journal (a restored file must not need a `-wal` beside it); returns its
/// row counts and schema version.
fn write_snapshot(db: &Path, temp: &Path) -> Result<(BTreeMap<String, i64>, i64), StoreError> {
    if !db.is_file() {
        return Err(StoreError::Backup(format!(
            "no app database at {}",
            db.display()
        )));
    }
    // Read-write without create: a read-only connection cannot open a WAL
    // database whose `-shm` is missing (no server running), and nothing is
    // written through this one.
    let source = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| sqlite_error("opening the app database", &e))?;
    source
        .busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| sqlite_error("setting a busy timeout", &e))?;
    let target = temp.to_string_lossy().into_owned();
    source
        .execute("VACUUM INTO ?1", [&target])
        .map_err(|e| sqlite_error("VACUUM INTO", &e))?;
    drop(source);
    let copy = Connection::open(temp).map_err(|e| sqlite_error("opening the snapshot", &e))?;
    let mode: String = copy
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .map_err(|e| sqlite_error("setting the snapshot's journal mode", &e))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::Backup(format!(
            "the snapshot stayed in journal mode {mode}"
        )));
    }
    let counts = table_rows(&copy)?;
    let version = schema_version(&copy)?;
    Ok((counts, version))
}

/// Rows per table, SQLite's own tables left out.
pub(crate) fn table_rows(conn: &Connection) -> Result<BTreeMap<String, i64>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .map_err(|e| sqlite_error("listing tables", &e))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| sqlite_error("listing tables", &e))?;
    let mut counts = BTreeMap::new();
    for name in names {
        let quoted = name.replace('"', "\"\"");
        // sql-format: a table name read from the database's own sqlite_schema, quoted as an identifier
        let sql = format!("SELECT count(*) FROM \"{quoted}\"");
        let n: i64 = conn
            .query_row(&sql, [], |r| r.get(0))
            .map_err(|e| sqlite_error("counting rows", &e))?;
        counts.insert(name, n);
    }
    Ok(counts)
}

/// The newest successful migration (0 without the migrations table).
pub(crate) fn schema_version(conn: &Connection) -> Result<i64, StoreError> {
    let has_table: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = '_sqlx_migrations'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| sqlite_error("reading the schema version", &e))?;
    if !has_table {
        return Ok(0);
    }
    conn.query_row(
        "SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success",
        [],
        |r| r.get(0),
    )
    .map_err(|e| sqlite_error("reading the schema version", &e))
}

/// `pitwall-<stamp>.sqlite`, or `-1`, `-2`, … when a backup of the same
/// second exists (two backups one second apart must not overwrite).
fn free_name(dir: &Path, now: DateTime<Utc>) -> PathBuf {
    let stamp = now.format(STAMP).to_string();
    let mut path = dir.join(format!("{PREFIX}{stamp}{DB_EXT}"));
    let mut n = 1;
    while path.exists() || manifest_path(&path).exists() {
        path = dir.join(format!("{PREFIX}{stamp}-{n}{DB_EXT}"));
        n += 1;
    }
    path
}

fn write_manifest(db_file: &Path, manifest: &Manifest) -> Result<(), StoreError> {
    let path = manifest_path(db_file);
    let temp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(manifest)
        .map_err(|e| StoreError::Backup(format!("encoding the manifest: {e}")))?;
    std::fs::write(&temp, text + "\n").map_err(|e| io_error(&temp, "writing", &e))?;
    sync_file(&temp)?;
    std::fs::rename(&temp, &path).map_err(|e| io_error(&path, "renaming to", &e))
}

/// Reads the manifest beside a snapshot file.
pub fn read_manifest(db_file: &Path) -> Result<Manifest, StoreError> {
    let path = manifest_path(db_file);
    let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, "reading", &e))?;
    serde_json::from_str(&text)
        .map_err(|e| StoreError::Backup(format!("manifest {}: {e}", path.display())))
}

/// Lowercase hex sha256 and size of a file, read in 1 MiB blocks.
pub fn sha256_of(path: &Path) -> Result<(String, u64), StoreError> {
    let mut file = std::fs::File::open(path).map_err(|e| io_error(path, "opening", &e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| io_error(path, "reading", &e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

pub(crate) fn sync_file(path: &Path) -> Result<(), StoreError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_error(path, "syncing", &e))
}

/// Makes a rename durable. Best effort: some file systems refuse to open a
/// directory, and the rename itself has happened either way.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(path, "removing", &e)),
        _ => Ok(()),
    }
}

pub(crate) fn io_error(path: &Path, what: &str, e: &std::io::Error) -> StoreError {
    StoreError::Backup(format!("{what} {}: {e}", path.display()))
}

pub(crate) fn sqlite_error(what: &str, e: &rusqlite::Error) -> StoreError {
    StoreError::Backup(format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_time() {
        let t = stamp_of("pitwall-20261130T194500Z.sqlite");
        assert_eq!(
            t.map(|t| t.to_rfc3339()),
            Some("2026-11-30T19:45:00+00:00".into())
        );
        assert!(stamp_of("pitwall-20261130T194500Z-2.sqlite").is_some());
        assert!(stamp_of("pitwall-20261130T194500Z-x.sqlite").is_none());
        assert!(stamp_of("pitwall-20261130T194500Z.manifest.json").is_none());
        assert!(stamp_of("pitwall.sqlite").is_none());
        assert_eq!(
            manifest_path(Path::new("/b/pitwall-20261130T194500Z.sqlite")),
            PathBuf::from("/b/pitwall-20261130T194500Z.manifest.json")
        );
    }
}
