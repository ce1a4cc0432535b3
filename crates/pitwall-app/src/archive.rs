//! The retention archive: expired rows are written to
//! `DIR/<table>/<YYYY-MM-DD>.jsonl.zst` (one JSON object per line, zstd)
//! before they are deleted. A file is written atomically (temporary file,
//! fsync, rename, fsync of the directory) and read back before the caller
//! deletes anything. Writing a day merges with the file already there, by
//! row key, in key order, at a fixed compression level: re-running a day
//! yields the same bytes, and rows deleted by an earlier run stay archived.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use pitwall_store::{ArchiveTable, ExpiredRow};

use crate::AppError;

/// Fixed, so the same rows always compress to the same bytes.
const LEVEL: i32 = 3;

/// The key of a row inside its archive line (the table's rowid).
const KEY_FIELD: &str = "_rowid";

/// The file holding `table`'s rows of `day`.
pub fn day_file(dir: &Path, table: ArchiveTable, day: NaiveDate) -> PathBuf {
    dir.join(table.name())
        .join(format!("{}.jsonl.zst", day.format("%Y-%m-%d")))
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> AppError {
    move |source| AppError::Io { context, source }
}

/// The lines of an archive file by key; an absent file has none.
fn read_lines(path: &Path) -> Result<BTreeMap<i64, String>, AppError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(io(format!("opening {}", path.display()))(e)),
    };
    let mut text = String::new();
    zstd::stream::read::Decoder::new(file)
        .and_then(|mut d| d.read_to_string(&mut text))
        .map_err(io(format!("reading {}", path.display())))?;
    let mut lines = BTreeMap::new();
    for line in text.lines() {
        let key = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get(KEY_FIELD).and_then(serde_json::Value::as_i64))
            .ok_or_else(|| AppError::Io {
                context: format!("reading {}", path.display()),
                source: std::io::Error::other("a line without a row key"),
            })?;
        lines.insert(key, line.to_string());
    }
    Ok(lines)
}

fn encode(lines: &BTreeMap<i64, String>) -> Result<Vec<u8>, std::io::Error> {
    let mut text = String::new();
    for line in lines.values() {
        text.push_str(line);
        text.push('\n');
    }
    zstd::stream::encode_all(text.as_bytes(), LEVEL)
}

/// Writes `bytes` to `path` atomically and durably.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(format!("creating {}", dir.display())))?;
    let tmp = path.with_extension("zst.tmp");
    let ctx = format!("writing {}", tmp.display());
    let mut file = File::create(&tmp).map_err(io(ctx.clone()))?;
    file.write_all(bytes).map_err(io(ctx.clone()))?;
    file.sync_all().map_err(io(ctx))?;
    std::fs::rename(&tmp, path).map_err(io(format!("renaming to {}", path.display())))?;
    // The rename itself must survive a power loss before rows are deleted.
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(format!("syncing {}", dir.display())))
}

/// Archives `rows` (all of `table`, any days) and verifies every file by
/// reading it back; only then may the caller delete them. Returns the
/// files written or confirmed.
pub fn archive_rows(
    dir: &Path,
    table: ArchiveTable,
    rows: &[ExpiredRow],
) -> Result<usize, AppError> {
    let mut by_day: BTreeMap<NaiveDate, Vec<&ExpiredRow>> = BTreeMap::new();
    for row in rows {
        by_day.entry(row.day).or_default().push(row);
    }
    for (day, rows) in &by_day {
        let path = day_file(dir, table, *day);
        let existing = read_lines(&path)?;
        let mut merged = existing.clone();
        for row in rows {
            let mut object = row.row.clone();
            object.insert(KEY_FIELD.into(), serde_json::Value::from(row.key));
            let line = serde_json::Value::Object(object).to_string();
            merged.insert(row.key, line);
        }
        if merged == existing {
            // Already archived (a re-run): the file stays byte for byte.
            continue;
        }
        let bytes = encode(&merged).map_err(io(format!("compressing {}", path.display())))?;
        write_atomic(&path, &bytes)?;
        if read_lines(&path)? != merged {
            return Err(AppError::Io {
                context: format!("verifying {}", path.display()),
                source: std::io::Error::other("the archive read back differs from the rows"),
            });
        }
    }
    Ok(by_day.len())
}
