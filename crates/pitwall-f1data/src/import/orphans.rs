//! After loading: rows whose foreign key points at no parent row, reported
//! by CSV line like malformed rows.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::loader::LoadedTable;
use crate::error::ImportError;

/// One declared foreign key: child column -> parent table and column.
struct ForeignKey {
    from: String,
    parent: String,
    to: String,
}

/// Runs `PRAGMA foreign_key_check` and records each orphan in its table's
/// summary; in `strict` mode the first orphan is an error.
pub(crate) fn check_orphans(
    conn: &Connection,
    tables: &mut [LoadedTable],
    strict: bool,
) -> Result<(), ImportError> {
    let context = "checking foreign keys";
    let mut stmt = conn
        .prepare("PRAGMA foreign_key_check")
        .map_err(|e| ImportError::sqlite(context, e))?;
    let violations = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, i64>(3)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| ImportError::sqlite(context, e))?;

    let mut keys: HashMap<String, HashMap<i64, ForeignKey>> = HashMap::new();
    for (table, rowid, fk_id) in violations {
        if !keys.contains_key(&table) {
            keys.insert(table.clone(), foreign_keys(conn, &table)?);
        }
        let fk = keys.get(&table).and_then(|k| k.get(&fk_id));
        let loaded = tables.iter_mut().find(|t| t.summary.table == table);
        let line = match (&loaded, rowid) {
            (Some(t), Some(rowid)) => t.row_lines.get(&rowid).map(usize::to_string),
            _ => None,
        };
        let what = match (fk, rowid) {
            (Some(fk), Some(rowid)) => {
                let value = child_value(conn, &table, &fk.from, rowid)?;
                format!(
                    "orphan: {}={} has no row in {}({})",
                    fk.from, value, fk.parent, fk.to
                )
            }
            _ => "orphan: a foreign key has no parent row".to_string(),
        };
        let message = format!("{table}.csv:{}: {what}", line.as_deref().unwrap_or("?"));
        if strict {
            return Err(ImportError::Malformed(message));
        }
        if let Some(t) = loaded {
            t.summary.orphans += 1;
            t.summary.note(message);
        }
    }
    Ok(())
}

fn foreign_keys(conn: &Connection, table: &str) -> Result<HashMap<i64, ForeignKey>, ImportError> {
    let context = || format!("reading foreign keys of {table}");
    let mut stmt = conn
        .prepare("SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)")
        .map_err(|e| ImportError::sqlite(context(), e))?;
    let keys = stmt
        .query_map([table], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                ForeignKey {
                    from: row.get(1)?,
                    parent: row.get(2)?,
                    to: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                },
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<HashMap<_, _>>>())
        .map_err(|e| ImportError::sqlite(context(), e))?;
    Ok(keys)
}

/// The offending value, for the message.
fn child_value(
    conn: &Connection,
    table: &str,
    column: &str,
    rowid: i64,
) -> Result<String, ImportError> {
    let sql = format!("SELECT \"{column}\" FROM \"{table}\" WHERE rowid = ?1");
    let value: Value = conn
        .query_row(&sql, [rowid], |row| row.get(0))
        .map_err(|e| ImportError::sqlite(format!("reading an orphan of {table}"), e))?;
    Ok(match value {
        Value::Null => "NULL".to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => format!("<{} bytes>", b.len()),
    })
}
