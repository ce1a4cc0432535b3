//! Making sure the F1 database exists before serving: a fresh checkout
//! imports it on first start, so `pitwall serve` needs no set-up step.

use std::path::Path;

use pitwall_f1data::{find_source, import_dir, F1Db, ImportOptions, ImportProgress, ImportSummary};

use crate::AppError;

/// Imports the F1 data into `db_path` unless it is already there in this
/// version's format (an older file is replaced by a fresh import).
/// Returns the import summary when an import ran.
pub fn ensure_f1_data(
    db_path: &Path,
    source: Option<&Path>,
) -> Result<Option<ImportSummary>, AppError> {
    if F1Db::is_current(db_path) {
        return Ok(None);
    }
    if F1Db::exists(db_path) {
        // Built by an older version: it lacks tables the engine reads.
        tracing::info!(dest = %db_path.display(), "F1 database in an older format; re-importing");
    }
    if let Some(dir) = db_path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| AppError::Io {
            context: format!("creating data directory {}", dir.display()),
            source,
        })?;
    }
    let src = find_source(source)?;
    tracing::info!(source = %src.display(), dest = %db_path.display(), "F1 data missing; importing");
    let summary = import(&src, db_path, false)?;
    Ok(Some(summary))
}

/// Imports `src` into `dest` (atomically replacing it), printing progress to stderr.
pub fn import(src: &Path, dest: &Path, strict: bool) -> Result<ImportSummary, AppError> {
    // One line per finished table: enough to see progress without flooding the log.
    let progress = |p: &ImportProgress| {
        if p.finished {
            tracing::info!(table = %p.table, rows = p.rows, "imported {}/{}", p.table_index + 1, p.table_count);
        }
    };
    let opts = ImportOptions {
        strict,
        progress: Some(Box::new(progress)),
    };
    Ok(import_dir(src, dest, &opts)?)
}
