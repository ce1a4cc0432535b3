//! What an import reports: progress while it runs, a summary when done.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// How many problem messages are kept per file; all are counted.
pub const MAX_MESSAGES_PER_FILE: usize = 20;

/// A progress event: sent when a table starts, every few thousand rows, and
/// when it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProgress {
    /// The table being loaded.
    pub table: String,
    /// 0-based position of the table in the load order.
    pub table_index: usize,
    /// Number of tables to load.
    pub table_count: usize,
    /// Rows read so far in this table (loaded plus skipped).
    pub rows: u64,
    /// Whether this table is fully loaded.
    pub finished: bool,
}

/// The outcome for one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableSummary {
    /// Table name (the CSV file is `<table>.csv`).
    pub table: String,
    /// Rows inserted.
    pub loaded: u64,
    /// Malformed rows skipped.
    pub skipped: u64,
    /// Loaded rows whose foreign key points at no parent row. They are kept:
    /// the row itself is sound and deleting it could cascade.
    pub orphans: u64,
    /// The first [`MAX_MESSAGES_PER_FILE`] problems, as `file:line: reason`.
    pub messages: Vec<String>,
}

impl TableSummary {
    pub(crate) fn new(table: &str) -> Self {
        TableSummary {
            table: table.to_string(),
            ..Default::default()
        }
    }

    pub(crate) fn note(&mut self, message: String) {
        if self.messages.len() < MAX_MESSAGES_PER_FILE {
            self.messages.push(message);
        }
    }
}

/// The result of a successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportSummary {
    /// The database written.
    pub dest: PathBuf,
    /// Per table, in load order.
    pub tables: Vec<TableSummary>,
    /// Wall-clock time of the whole import.
    pub elapsed: Duration,
}

impl ImportSummary {
    /// The summary of `table`, if it was loaded.
    pub fn table(&self, table: &str) -> Option<&TableSummary> {
        self.tables.iter().find(|t| t.table == table)
    }

    /// Rows inserted over all tables.
    pub fn total_loaded(&self) -> u64 {
        self.tables.iter().map(|t| t.loaded).sum()
    }

    /// Malformed rows skipped over all tables.
    pub fn total_skipped(&self) -> u64 {
        self.tables.iter().map(|t| t.skipped).sum()
    }

    /// Orphan rows over all tables.
    pub fn total_orphans(&self) -> u64 {
        self.tables.iter().map(|t| t.orphans).sum()
    }

    /// All kept problem messages, table by table.
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        self.tables
            .iter()
            .flat_map(|t| t.messages.iter().map(String::as_str))
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} rows into {} tables of {} in {:.2} s ({} malformed rows skipped, {} orphan rows)",
            self.total_loaded(),
            self.tables.len(),
            self.dest.display(),
            self.elapsed.as_secs_f64(),
            self.total_skipped(),
            self.total_orphans(),
        )?;
        for t in self
            .tables
            .iter()
            .filter(|t| t.skipped > 0 || t.orphans > 0)
        {
            writeln!(
                f,
                "  {}: {} loaded, {} skipped, {} orphans",
                t.table, t.loaded, t.skipped, t.orphans
            )?;
            for m in &t.messages {
                writeln!(f, "    {m}")?;
            }
            let hidden = (t.skipped + t.orphans).saturating_sub(t.messages.len() as u64);
            if hidden > 0 {
                writeln!(f, "    ... and {hidden} more")?;
            }
        }
        Ok(())
    }
}
