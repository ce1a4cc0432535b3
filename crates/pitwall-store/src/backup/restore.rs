//! Restore: replaces the app database with a verified backup, keeping the
//! current files aside, and only while no server uses the data directory.
//!
//! Servers hold a shared advisory lock on `data_dir/serve.lock` for their
//! whole life (shared, so that several servers on one directory still
//! start); a restore takes it exclusively and holds it until the swap is
//! done, so a server neither runs during a restore nor starts in the middle
//! of one. The lock is released by the kernel when the process ends, so a
//! crashed server leaves no stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{io_error, sync_dir, sync_file, verify};
use crate::StoreError;

/// The lock file's name in the data directory.
const LOCK_FILE: &str = "serve.lock";

/// A held lock on the data directory (released when dropped).
#[derive(Debug)]
pub struct ServeLock {
    _file: File,
}

impl ServeLock {
    fn open(data_dir: &Path) -> Result<File, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| io_error(data_dir, "creating", &e))?;
        let path = data_dir.join(LOCK_FILE);
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error(&path, "opening", &e))
    }

    /// A server's lock: shared, so a restore cannot take it. Fails when a
    /// restore holds it.
    pub fn serving(data_dir: &Path) -> Result<ServeLock, StoreError> {
        let file = Self::open(data_dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(ServeLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::Backup(format!(
                "a restore is running on {}",
                data_dir.display()
            ))),
            Err(TryLockError::Error(e)) => Err(io_error(data_dir, "locking", &e)),
        }
    }

    /// An exclusive lock for a restore; `None` when a server holds the
    /// directory.
    pub fn exclusive(data_dir: &Path) -> Result<Option<ServeLock>, StoreError> {
        let file = Self::open(data_dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ServeLock { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(io_error(data_dir, "locking", &e)),
        }
    }
}

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// The backup restored.
    pub file: PathBuf,
    /// The database it replaced.
    pub database: PathBuf,
    /// Where the replaced files went (the database, and its `-wal` and
    /// `-shm` if there were any); empty when there was no database.
    pub kept_aside: Vec<PathBuf>,
}

/// Restores `file` as the app database `db`: verifies it, refuses while a
/// server holds `db`'s directory, copies it in beside `db`, moves the
/// current database and its `-wal`/`-shm` aside as
/// `pitwall.pre-restore-<time>.sqlite[-wal|-shm]` (a set that opens as the
/// old database), and renames the copy into place.
pub fn restore(file: &Path, db: &Path, now: DateTime<Utc>) -> Result<RestoreReport, StoreError> {
    let data_dir = db.parent().unwrap_or(Path::new("."));
    let Some(_lock) = ServeLock::exclusive(data_dir)? else {
        return Err(StoreError::Backup(format!(
            "a pitwall server is running on {} (it holds {LOCK_FILE}); stop it before restoring",
            data_dir.display()
        )));
    };
    let report = verify(file)?;
    if !report.ok() {
        return Err(StoreError::Backup(format!(
            "{} failed verification, not restored: {}",
            file.display(),
            report.problems.join("; ")
        )));
    }
    let incoming = data_dir.join(".restore-incoming.sqlite");
    std::fs::copy(file, &incoming).map_err(|e| io_error(&incoming, "copying to", &e))?;
    sync_file(&incoming)?;
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pitwall".into());
    let aside_db = data_dir.join(format!(
        "{stem}.pre-restore-{}.sqlite",
        now.format("%Y%m%dT%H%M%SZ")
    ));
    let mut kept_aside = Vec::new();
    // The -wal and -shm go with the database: left behind, the restored
    // file would be opened with the old database's log replayed over it.
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        let to = PathBuf::from(format!("{}{suffix}", aside_db.display()));
        match std::fs::rename(&from, &to) {
            Ok(()) => kept_aside.push(to),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let _ = std::fs::remove_file(&incoming);
                return Err(io_error(&from, "moving aside", &e));
            }
        }
    }
    std::fs::rename(&incoming, db).map_err(|e| io_error(db, "renaming into", &e))?;
    sync_dir(data_dir);
    Ok(RestoreReport {
        file: file.to_path_buf(),
        database: db.to_path_buf(),
        kept_aside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_serving_lock_blocks_a_restore_lock_and_not_another_server() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = ServeLock::serving(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let second = ServeLock::serving(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(ServeLock::exclusive(dir.path()), Ok(None)));
        drop(first);
        drop(second);
        let held = ServeLock::exclusive(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(held.is_some());
        assert!(ServeLock::serving(dir.path()).is_err());
    }
}
