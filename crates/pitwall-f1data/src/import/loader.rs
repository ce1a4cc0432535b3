//! Loads one CSV file into its table: header mapping, value conversion,
//! row validation and the insert itself.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::Null;
use rusqlite::{ffi, CachedStatement, Connection, ErrorCode};

use super::summary::{ImportProgress, TableSummary};
use crate::csv_reader::{CsvReader, Next, Record};
use crate::error::ImportError;

/// Rows between two progress events.
const PROGRESS_EVERY: u64 = 5_000;

/// A callback receiving progress events.
pub(crate) type ProgressFn<'a> = Option<&'a (dyn Fn(&ImportProgress) + Send + Sync)>;

/// How a schema column's values are parsed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Affinity {
    Integer,
    Real,
    Text,
}

/// A column of the target table, as SQLite describes it.
#[derive(Debug)]
struct Column {
    name: String,
    affinity: Affinity,
    /// NOT NULL or part of the primary key: an empty value rejects the row.
    required: bool,
    primary_key: bool,
}

/// One table's load in progress; also where problems are recorded.
pub(crate) struct TableLoad<'a> {
    pub conn: &'a Connection,
    pub table: &'a str,
    pub table_index: usize,
    pub table_count: usize,
    pub strict: bool,
    pub progress: ProgressFn<'a>,
}

/// What loading one table produced.
pub(crate) struct LoadedTable {
    pub summary: TableSummary,
    /// rowid -> CSV line, so foreign-key orphans can be reported by line.
    pub row_lines: HashMap<i64, usize>,
}

impl TableLoad<'_> {
    /// Reads `<src>/<table>.csv` and inserts its rows.
    pub fn run(&self, src: &Path) -> Result<LoadedTable, ImportError> {
        let file_name = format!("{}.csv", self.table);
        let path = src.join(&file_name);
        let data = std::fs::read(&path).map_err(|e| ImportError::io(&path, e))?;
        let columns = self.columns()?;
        let mut reader = CsvReader::new(&data);
        let mut rec = Record::default();
        let header = read_header(&mut reader, &mut rec, &file_name)?;
        let field_of = columns
            .iter()
            .map(|c| {
                header
                    .iter()
                    .position(|h| h.eq_ignore_ascii_case(&c.name))
                    .ok_or_else(|| ImportError::MissingColumn {
                        file: path.clone(),
                        column: c.name.clone(),
                        table: self.table.to_string(),
                    })
            })
            .collect::<Result<Vec<usize>, _>>()?;
        let names: Vec<String> = columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let sql = format!(
            "INSERT INTO \"{}\" ({}) VALUES ({})",
            self.table,
            names.join(", "),
            vec!["?"; columns.len()].join(", ")
        );
        let mut stmt = self
            .conn
            .prepare_cached(&sql)
            .map_err(|e| ImportError::sqlite(format!("preparing insert into {}", self.table), e))?;
        let track_lines = self.has_foreign_keys()?;

        let mut out = LoadedTable {
            summary: TableSummary::new(self.table),
            row_lines: HashMap::new(),
        };
        let mut rows: u64 = 0;
        self.report(0, false);
        loop {
            let problem = match reader.next_record(&mut rec) {
                Next::End => break,
                Next::Malformed { line, reason } => Some((line, reason.to_string())),
                Next::Record => self
                    .insert(&mut stmt, &columns, &field_of, header.len(), &rec)?
                    .map(|reason| (rec.line, reason)),
            };
            rows += 1;
            match problem {
                Some((line, reason)) => {
                    let message = format!("{file_name}:{line}: {reason}");
                    if self.strict {
                        return Err(ImportError::Malformed(message));
                    }
                    out.summary.skipped += 1;
                    out.summary.note(message);
                }
                None => {
                    out.summary.loaded += 1;
                    if track_lines {
                        out.row_lines
                            .insert(self.conn.last_insert_rowid(), rec.line);
                    }
                }
            }
            if rows.is_multiple_of(PROGRESS_EVERY) {
                self.report(rows, false);
            }
        }
        self.report(rows, true);
        Ok(out)
    }

    fn report(&self, rows: u64, finished: bool) {
        if let Some(progress) = self.progress {
            progress(&ImportProgress {
                table: self.table.to_string(),
                table_index: self.table_index,
                table_count: self.table_count,
                rows,
                finished,
            });
        }
    }

    /// Binds and inserts one record. `Ok(Some(reason))` rejects the row.
    fn insert(
        &self,
        stmt: &mut CachedStatement<'_>,
        columns: &[Column],
        field_of: &[usize],
        header_len: usize,
        rec: &Record,
    ) -> Result<Option<String>, ImportError> {
        if rec.len() > header_len {
            return Ok(Some(format!(
                "{} fields, the header has {header_len}",
                rec.len()
            )));
        }
        let bound = bind_row(stmt, columns, field_of, rec)
            .map_err(|e| ImportError::sqlite(format!("binding a {} row", self.table), e))?;
        if let Err(reason) = bound {
            return Ok(Some(reason));
        }
        match stmt.raw_execute() {
            Ok(_) => Ok(None),
            Err(e) => match constraint_reason(&e, columns, field_of, rec) {
                Some(reason) => Ok(Some(reason)),
                None => Err(ImportError::sqlite(
                    format!("inserting into {} (line {})", self.table, rec.line),
                    e,
                )),
            },
        }
    }

    fn columns(&self) -> Result<Vec<Column>, ImportError> {
        let context = || format!("reading the columns of {}", self.table);
        let mut stmt = self
            .conn
            .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)")
            .map_err(|e| ImportError::sqlite(context(), e))?;
        let columns = stmt
            .query_map([self.table], |row| {
                let declared: String = row.get(1)?;
                let not_null: bool = row.get(2)?;
                let pk: i64 = row.get(3)?;
                Ok(Column {
                    name: row.get(0)?,
                    affinity: match declared.to_ascii_uppercase().as_str() {
                        "INTEGER" => Affinity::Integer,
                        "REAL" => Affinity::Real,
                        _ => Affinity::Text,
                    },
                    required: not_null || pk > 0,
                    primary_key: pk > 0,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| ImportError::sqlite(context(), e))?;
        Ok(columns)
    }

    fn has_foreign_keys(&self) -> Result<bool, ImportError> {
        self.conn
            .query_row(
                "SELECT count(*) > 0 FROM pragma_foreign_key_list(?1)",
                [self.table],
                |row| row.get(0),
            )
            .map_err(|e| ImportError::sqlite(format!("reading foreign keys of {}", self.table), e))
    }
}

/// Reads the header: names trimmed, spaces turned into underscores
/// ("Date Of Accident" -> `Date_Of_Accident`) as in `schema.sql`.
fn read_header(
    reader: &mut CsvReader<'_>,
    rec: &mut Record,
    file_name: &str,
) -> Result<Vec<String>, ImportError> {
    match reader.next_record(rec) {
        Next::Record => {}
        Next::Malformed { line, reason } => {
            return Err(ImportError::Malformed(format!(
                "{file_name}:{line}: header: {reason}"
            )))
        }
        Next::End => {
            return Err(ImportError::Malformed(format!(
                "{file_name}:1: empty file, expected a header"
            )))
        }
    }
    (0..rec.len())
        .map(|i| {
            std::str::from_utf8(rec.field(i))
                .map(|name| name.trim().replace(' ', "_"))
                .map_err(|_| {
                    ImportError::Malformed(format!(
                        "{file_name}:{}: header: invalid UTF-8",
                        rec.line
                    ))
                })
        })
        .collect()
}

/// Converts each column's field and binds it. The inner `Err` is the reason
/// the row is rejected; the outer one a SQLite failure.
fn bind_row(
    stmt: &mut CachedStatement<'_>,
    columns: &[Column],
    field_of: &[usize],
    rec: &Record,
) -> rusqlite::Result<Result<(), String>> {
    for (i, (column, &field)) in columns.iter().zip(field_of).enumerate() {
        let index = i + 1;
        let raw = (field < rec.len()).then(|| (rec.field(field), rec.is_quoted(field)));
        let text = match raw {
            // A short row (2025 races have 8 of 18 fields) or `\N`: NULL.
            None => None,
            Some((b"\\N", _)) => None,
            // Empty numbers are missing; an unquoted empty text is too, but
            // a quoted `""` is an empty string.
            Some((b"", quoted)) if !(quoted && column.affinity == Affinity::Text) => None,
            Some((bytes, _)) => match std::str::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => return Ok(Err(format!("column {}: invalid UTF-8", column.name))),
            },
        };
        let Some(text) = text.filter(|t| !(column.required && t.is_empty())) else {
            if column.required {
                let detail = if field < rec.len() {
                    String::new()
                } else {
                    format!(" (the row has only {} fields)", rec.len())
                };
                return Ok(Err(format!(
                    "column {}: missing value for a NOT NULL column{detail}",
                    column.name
                )));
            }
            stmt.raw_bind_parameter(index, Null)?;
            continue;
        };
        match column.affinity {
            Affinity::Text => stmt.raw_bind_parameter(index, text)?,
            Affinity::Integer => match text.trim().parse::<i64>() {
                Ok(v) => stmt.raw_bind_parameter(index, v)?,
                Err(_) => {
                    return Ok(Err(format!(
                        "column {}: {text:?} is not an integer",
                        column.name
                    )))
                }
            },
            Affinity::Real => match text.trim().parse::<f64>() {
                Ok(v) if v.is_finite() => stmt.raw_bind_parameter(index, v)?,
                _ => {
                    return Ok(Err(format!(
                        "column {}: {text:?} is not a number",
                        column.name
                    )))
                }
            },
        }
    }
    Ok(Ok(()))
}

/// Explains a constraint violation (duplicate key) as a row problem; other
/// SQLite errors are not the row's fault and return `None`.
fn constraint_reason(
    err: &rusqlite::Error,
    columns: &[Column],
    field_of: &[usize],
    rec: &Record,
) -> Option<String> {
    let rusqlite::Error::SqliteFailure(failure, message) = err else {
        return None;
    };
    if failure.code != ErrorCode::ConstraintViolation {
        return None;
    }
    let detail = message.as_deref().unwrap_or("constraint failed");
    Some(match failure.extended_code {
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            let key: Vec<String> = columns
                .iter()
                .zip(field_of)
                .filter(|(c, _)| c.primary_key)
                .map(|(c, &f)| {
                    let value = if f < rec.len() { rec.field(f) } else { b"" };
                    format!("{}={}", c.name, String::from_utf8_lossy(value))
                })
                .collect();
            format!("duplicate primary key {}", key.join(", "))
        }
        ffi::SQLITE_CONSTRAINT_UNIQUE => format!("duplicate unique key ({detail})"),
        _ => format!("rejected by SQLite ({detail})"),
    })
}
