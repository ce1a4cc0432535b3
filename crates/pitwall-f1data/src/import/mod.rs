//! Builds the F1 SQLite database from the Ergast CSV dump, atomically.
//!
//! The database is built in a temporary file beside the destination and
//! renamed over it, so a server reading the old file never sees a half-loaded
//! one and a failed import leaves the old database as it was.

mod loader;
mod orphans;
mod summary;

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rusqlite::Connection;

pub use summary::{ImportProgress, ImportSummary, TableSummary, MAX_MESSAGES_PER_FILE};

use crate::error::ImportError;
use crate::source::{required_files, TABLES};
use crate::{DERIVED_SQL, FORMAT_VERSION, INDEXES_SQL, SCHEMA_SQL};
use loader::{LoadedTable, TableLoad};

/// Receives [`ImportProgress`] events.
pub type ProgressCallback = Box<dyn Fn(&ImportProgress) + Send + Sync>;

/// How an import treats bad data and reports progress.
#[derive(Default)]
pub struct ImportOptions {
    /// Fail on the first malformed row or orphan instead of skipping it.
    pub strict: bool,
    /// Called per table as rows are loaded (for a CLI progress line).
    pub progress: Option<ProgressCallback>,
}

impl fmt::Debug for ImportOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportOptions")
            .field("strict", &self.strict)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Imports every CSV of the dump in `src` into a new SQLite database that
/// atomically replaces `dest`.
pub fn import_dir(
    src: &Path,
    dest: &Path,
    opts: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let started = Instant::now();
    check_required_files(src)?;
    let temp = TempDb::new(dest)?;
    let tables = build(&temp.path, src, opts)?;
    temp.replace(dest)?;
    let summary = ImportSummary {
        dest: dest.to_path_buf(),
        tables,
        elapsed: started.elapsed(),
    };
    tracing::info!(
        rows = summary.total_loaded(),
        skipped = summary.total_skipped(),
        orphans = summary.total_orphans(),
        secs = summary.elapsed.as_secs_f64(),
        dest = %dest.display(),
        "F1 data imported"
    );
    Ok(summary)
}

fn check_required_files(src: &Path) -> Result<(), ImportError> {
    if !src.is_dir() {
        return Err(ImportError::io(
            src,
            std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        ));
    }
    let missing: Vec<String> = required_files()
        .into_iter()
        .filter(|f| !src.join(f).is_file())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ImportError::MissingFiles {
            dir: src.to_path_buf(),
            files: missing,
        })
    }
}

/// Loads everything into the database at `path` and closes it.
fn build(path: &Path, src: &Path, opts: &ImportOptions) -> Result<Vec<TableSummary>, ImportError> {
    let sql_err = |context: &str| {
        let context = context.to_string();
        move |e| ImportError::sqlite(context, e)
    };
    let conn = Connection::open(path).map_err(sql_err("creating the database"))?;
    // Nothing here needs crash safety: a crash leaves only the temp file,
    // which is never renamed into place. So no journal and no syncs.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "OFF", |row| row.get(0))
        .map_err(sql_err("setting journal_mode"))?;
    tracing::debug!(journal_mode = %mode, "building F1 database");
    // Foreign keys are checked once after the load (bundled SQLite enforces
    // them per row by default, which would turn orphans into failed inserts
    // and need statement rollback, which journal_mode=OFF cannot do).
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; \
         PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;",
    )
    .map_err(sql_err("setting build pragmas"))?;
    conn.execute_batch(SCHEMA_SQL)
        .map_err(sql_err("creating the schema"))?;
    conn.execute_batch("BEGIN")
        .map_err(sql_err("starting the load"))?;

    let mut loaded: Vec<LoadedTable> = Vec::with_capacity(TABLES.len());
    for (table_index, table) in TABLES.iter().enumerate() {
        let load = TableLoad {
            conn: &conn,
            table,
            table_index,
            table_count: TABLES.len(),
            strict: opts.strict,
            progress: opts.progress.as_deref(),
        };
        loaded.push(load.run(src)?);
    }
    orphans::check_orphans(&conn, &mut loaded, opts.strict)?;

    // Indexes once after the load are cheaper than maintaining them per row;
    // ANALYZE lets the planner pick them for the engine's queries.
    conn.execute_batch(INDEXES_SQL)
        .map_err(sql_err("creating indexes"))?;
    // Derived aggregates in the same transaction and file: a re-import
    // replaces them together with the rows they summarise.
    conn.execute_batch(DERIVED_SQL)
        .map_err(sql_err("building the derived aggregate tables"))?;
    conn.pragma_update(None, "user_version", FORMAT_VERSION)
        .map_err(sql_err("stamping the format version"))?;
    conn.execute_batch("ANALYZE; COMMIT")
        .map_err(sql_err("committing the load"))?;
    // Readers open the file read-only: a rollback journal needs no -wal/-shm
    // files beside it, which a read-only process could not create.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))
        .map_err(sql_err("setting journal_mode"))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(ImportError::sqlite(
            format!("journal_mode stayed {mode}"),
            rusqlite::Error::InvalidQuery,
        ));
    }
    conn.close()
        .map_err(|(_, e)| ImportError::sqlite("closing the database", e))?;
    Ok(loaded.into_iter().map(|t| t.summary).collect())
}

/// The temporary database beside the destination; removed on drop unless it
/// replaced the destination.
pub(crate) struct TempDb {
    pub(crate) path: PathBuf,
    replaced: bool,
}

/// Distinguishes concurrent imports of one process to the same destination.
static TEMP_SEQUENCE: AtomicU64 = AtomicU64::new(0);

impl TempDb {
    pub(crate) fn new(dest: &Path) -> Result<Self, ImportError> {
        let file_name = dest.file_name().ok_or_else(|| {
            ImportError::io(
                dest,
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file path"),
            )
        })?;
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| ImportError::io(parent, e))?;
        }
        let mut name = file_name.to_os_string();
        name.push(format!(
            ".tmp-{}-{}",
            std::process::id(),
            TEMP_SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        let path = dest.with_file_name(name);
        remove_if_present(&path)?;
        Ok(TempDb {
            path,
            replaced: false,
        })
    }

    /// fsyncs the file, renames it over `dest` and fsyncs the directory so
    /// the rename survives a power loss.
    pub(crate) fn replace(mut self, dest: &Path) -> Result<(), ImportError> {
        File::open(&self.path)
            .and_then(|f| f.sync_all())
            .map_err(|e| ImportError::io(&self.path, e))?;
        std::fs::rename(&self.path, dest).map_err(|e| ImportError::io(dest, e))?;
        self.replaced = true;
        sync_parent_dir(dest)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if !self.replaced {
            for path in [self.path.clone(), journal_path(&self.path)] {
                if let Err(e) = remove_if_present(&path) {
                    tracing::warn!(error = %e, "could not remove a temporary F1 database");
                }
            }
        }
    }
}

fn journal_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-journal");
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> Result<(), ImportError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(ImportError::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn sync_parent_dir(dest: &Path) -> Result<(), ImportError> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| ImportError::io(dir, e))
}

#[cfg(not(unix))]
fn sync_parent_dir(_dest: &Path) -> Result<(), ImportError> {
    // Directories cannot be opened for syncing here; the rename is still atomic.
    Ok(())
}
