//! The next generation of an existing F1 database, for writers other than
//! the CSV import (the Jolpica sync): a copy of the current file in a
//! temporary file beside it, changed and checked there, then renamed over
//! the current file exactly as an import does, so servers switch to it
//! without a restart and a failure leaves the served file as it was.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::error::F1DataError;
use crate::import::TempDb;
use crate::{DERIVED_SQL, DERIVED_TABLES, FORMAT_VERSION};

/// A copy of the served database being prepared as its successor; removed
/// on drop unless [`commit`](Self::commit)ted.
pub struct NextGeneration {
    temp: TempDb,
    conn: Connection,
}

impl std::fmt::Debug for NextGeneration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NextGeneration")
            .field("path", &self.temp.path)
            .finish()
    }
}

impl NextGeneration {
    /// Copies the database at `current` into a temporary file beside it and
    /// opens it read-write. The served file is never written: imports and
    /// syncs replace it whole, so copying it is consistent.
    pub fn begin(current: &Path) -> Result<Self, F1DataError> {
        remove_stale_temps(current);
        let temp = TempDb::new(current)?;
        std::fs::copy(current, &temp.path).map_err(|e| F1DataError::io(&temp.path, e))?;
        let conn = Connection::open(&temp.path)
            .map_err(|e| F1DataError::sqlite("opening the next generation", e))?;
        // As in the import: a crash leaves only the temp file, never renamed
        // into place, so the copy needs no journal of its own.
        conn.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
        )
        .map_err(|e| F1DataError::sqlite("configuring the next generation", e))?;
        Ok(NextGeneration { temp, conn })
    }

    /// The temporary file being built.
    pub fn path(&self) -> &Path {
        &self.temp.path
    }

    /// The read-write connection to the copy.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Drops and rebuilds the derived aggregate tables ([`DERIVED_SQL`]) from
    /// the rows now in the copy, and stamps the format version, so they
    /// summarise exactly the rows they ship with.
    pub fn rebuild_derived(&self) -> Result<(), F1DataError> {
        let mut sql = String::from("BEGIN;");
        for table in DERIVED_TABLES {
            sql.push_str(&format!("DROP TABLE IF EXISTS {table};"));
        }
        sql.push_str(
            "DROP TABLE IF EXISTS temp.agg_source; DROP TABLE IF EXISTS temp.agg_last_complete;",
        );
        sql.push_str(DERIVED_SQL);
        sql.push_str(&format!(
            "\nPRAGMA user_version = {FORMAT_VERSION}; ANALYZE; COMMIT;"
        ));
        self.conn
            .execute_batch(&sql)
            .map_err(|e| F1DataError::sqlite("rebuilding the derived tables", e))
    }

    /// Closes the copy and renames it over `current` (fsynced, like an
    /// import). Returns how long the rename itself took: the only moment a
    /// reader could notice, and it sees either the old or the new file.
    pub fn commit(self, current: &Path) -> Result<Duration, F1DataError> {
        let NextGeneration { temp, conn } = self;
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))
            .map_err(|e| F1DataError::sqlite("setting journal_mode", e))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(F1DataError::sqlite(
                format!("journal_mode stayed {mode}"),
                rusqlite::Error::InvalidQuery,
            ));
        }
        conn.close()
            .map_err(|(_, e)| F1DataError::sqlite("closing the next generation", e))?;
        let started = Instant::now();
        temp.replace(current)?;
        Ok(started.elapsed())
    }
}

/// Removes temporary databases a killed process left beside `current`
/// (`<name>.tmp-<pid>-<n>` whose process is gone), so a crash mid-build
/// costs no disk for longer than until the next build.
fn remove_stale_temps(current: &Path) {
    let (Some(dir), Some(name)) = (current.parent(), current.file_name()) else {
        return;
    };
    let dir: PathBuf = if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    };
    let prefix = format!("{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or_default();
        let alive = pid == std::process::id().to_string()
            || Path::new("/proc").join(pid).exists()
            || !Path::new("/proc/self").exists();
        if !alive {
            if let Err(e) = std::fs::remove_file(entry.path()) {
                tracing::warn!(error = %e, file, "could not remove a stale temporary F1 database");
            }
        }
    }
}
