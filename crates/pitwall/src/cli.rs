//! Command-line syntax.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// pitwall answers Formula 1 questions in plain English.
#[derive(Debug, Parser)]
#[command(name = "pitwall", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web page and HTTP API (imports the F1 data first if it is missing).
    Serve,
    /// Import (or re-import, atomically) the Ergast CSV dump into the F1 database.
    Import {
        /// The dump directory (default: PITWALL_F1_DATA or ../shared/f1data/ergast-csv).
        dir: Option<PathBuf>,
        /// Fail on the first malformed row instead of skipping it.
        #[arg(long)]
        strict: bool,
    },
    /// Fetch the rounds raced since the F1 data ends from the Jolpica F1 API
    /// (PITWALL_F1_API_URL), validate them and swap them in atomically.
    /// Exit 0 done, 3 paused (hourly request budget spent: run again later).
    Sync {
        /// Fetch, merge and validate, but leave the served data unchanged.
        #[arg(long)]
        dry_run: bool,
        /// Stop after this round, e.g. 2026/11.
        #[arg(long, value_name = "SEASON/ROUND")]
        until: Option<String>,
    },
    /// Answer one question and print the answer.
    Ask {
        /// The question.
        question: String,
        /// Print the full JSON response instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Operate users, keys, plans, the LLM switch and the audit log on the
    /// server's database (the admin API's operations, without a server).
    Admin(crate::admin::AdminArgs),
    /// The operator's daily or weekly check (errors, usage, costs,
    /// performance, alerts, backups; weekly adds patterns, growth,
    /// resources, security and declined questions), from the stored
    /// per-minute roll-ups. Schema: docs/reports.md.
    Report {
        /// `daily` (the last 24 hours) or `weekly` (the last 7 days).
        kind: ReportKindArg,
        /// `text`, `json` or `html` (one self-contained file, charts inline).
        #[arg(long, default_value = "text")]
        format: ReportFormat,
        /// End of the period (exclusive): RFC 3339, or a UTC date meaning
        /// its midnight (`2026-11-30` ends the report at 2026-11-30T00:00Z).
        /// Default: now.
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
        /// Write the report to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Retention on the server's database: what `serve` runs hourly
    /// (archive to PITWALL_ARCHIVE_DIR, then delete expired rows in batches
    /// of at most 2,000, fold the ledger and roll-ups, reclaim space).
    /// Defaults and knobs: docs/retention.md.
    Retention {
        /// What to do.
        #[command(subcommand)]
        action: RetentionAction,
    },
    /// Show or apply the app database's schema migrations, as a step of its
    /// own before a rollout (docs/migrations.md). Needs no F1 data.
    Migrate(crate::migrate::MigrateArgs),
    /// Judge the local engine on a JSONL question file: coverage, precision,
    /// decline accuracy and confidently-wrong answers, overall, per kind and
    /// per category, and a reliability table.
    Eval {
        /// A file in the format of dev_questions.jsonl (or _hard.jsonl).
        file: PathBuf,
        /// Exit 1 when overall precision (correct / answered) is below this (0–1).
        #[arg(long, value_name = "P")]
        min_precision: Option<f64>,
        /// Exit 1 when overall coverage (correct / answerable) is below this (0–1).
        #[arg(long, value_name = "C")]
        min_coverage: Option<f64>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Take an online, consistent snapshot of the app database (also while
    /// `serve` runs), with a manifest, and rotate the backup directory. The
    /// last line printed is the backup's path. `verify` checks one.
    /// See docs/backups.md.
    Backup(crate::backup::BackupArgs),
    /// Replace the app database with a verified backup, keeping the current
    /// one aside. Refused while a server runs on the data directory.
    Restore {
        /// The backup's .sqlite file.
        file: PathBuf,
    },
}

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportKindArg {
    /// The last 24 hours.
    Daily,
    /// The last 7 days.
    Weekly,
}

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Plain text.
    Text,
    /// JSON (schema in docs/reports.md).
    Json,
    /// One self-contained HTML file.
    Html,
}

/// Retention subcommands.
#[derive(Debug, Clone, Copy, Subcommand)]
pub enum RetentionAction {
    /// Run retention once now and print what it did per table.
    Run {
        /// Count what would be archived, deleted and folded; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}
