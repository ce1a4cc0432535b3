//! `pitwall backup [--to DIR] [--json]`, `pitwall backup verify
//! [FILE|--latest]` and `pitwall restore FILE`: thin wrappers over
//! `pitwall_app::backup` and `pitwall_store::backup` (docs/backups.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use pitwall_config::Config;
use pitwall_store::backup as store_backup;

use crate::commands::write_stdout;

/// `pitwall backup`'s arguments.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// Check a backup instead of taking one.
    #[command(subcommand)]
    pub action: Option<BackupAction>,
    /// Where to write (default: PITWALL_BACKUP_DIR, else
    /// $PITWALL_DATA_DIR/backups).
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// Print {"file", "sha256", "rows", "schema_version"} instead of the path.
    #[arg(long)]
    pub json: bool,
}

/// What `pitwall backup` does besides taking one.
#[derive(Debug, clap::Subcommand)]
pub enum BackupAction {
    /// Restore a backup into a temporary directory and check it: integrity
    /// check, sha256, row counts and schema version against its manifest.
    /// Exit 1 on any mismatch.
    Verify {
        /// The backup's .sqlite file.
        #[arg(required_unless_present = "latest", conflicts_with = "latest")]
        file: Option<PathBuf>,
        /// Check the newest backup (in --dir).
        #[arg(long)]
        latest: bool,
        /// Where --latest looks (default: as `pitwall backup`).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `pitwall backup …`.
pub async fn run(config: Config, args: BackupArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        None => take(config, args.to, args.json).await,
        Some(BackupAction::Verify {
            file,
            latest,
            dir,
            json,
        }) => {
            let file = match (file, latest) {
                (Some(f), _) => f,
                (None, _) => {
                    let dir = dir.unwrap_or_else(|| default_dir(&config));
                    store_backup::latest(&dir)?.with_context(|| {
                        format!("no backup with a manifest in {}", dir.display())
                    })?
                }
            };
            verify(&file, json).await
        }
    }
}

fn default_dir(config: &Config) -> PathBuf {
    config.backup.dir_or_default(&config.server.data_dir)
}

async fn take(config: Config, to: Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    let dir = to.unwrap_or_else(|| default_dir(&config));
    let taken = tokio::task::spawn_blocking(move || {
        pitwall_app::backup::take_backup(&config, &dir, Utc::now())
    })
    .await??;
    let m = &taken.manifest;
    let rows: i64 = m.rows.values().sum();
    eprintln!(
        "backup written: sha256 {}, {} bytes, {rows} rows in {} tables, schema version {}; rotation kept {}, deleted {}",
        m.sha256,
        m.bytes,
        m.rows.len(),
        m.schema_version,
        taken.rotation.kept.len(),
        taken.rotation.deleted.len()
    );
    if json {
        let out = serde_json::json!({
            "file": taken.file,
            "sha256": m.sha256,
            "rows": m.rows,
            "schema_version": m.schema_version,
        });
        write_stdout(&serde_json::to_string(&out)?)?;
    } else {
        write_stdout(&taken.file.display().to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn verify(file: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let path = file.to_path_buf();
    let report = tokio::task::spawn_blocking(move || store_backup::verify(&path)).await??;
    if json {
        write_stdout(&serde_json::to_string_pretty(&report)?)?;
    }
    if report.ok() {
        if !json {
            let (tables, version) = report
                .manifest
                .as_ref()
                .map(|m| (m.rows.len(), m.schema_version))
                .unwrap_or_default();
            write_stdout(&format!(
                "ok: {} (integrity check ok, sha256 matches, row counts of {tables} tables match, schema version {version})",
                file.display()
            ))?;
        }
        Ok(ExitCode::SUCCESS)
    } else {
        for problem in &report.problems {
            eprintln!("{}: {problem}", file.display());
        }
        Ok(ExitCode::FAILURE)
    }
}

/// Runs `pitwall restore FILE`.
pub async fn restore(config: Config, file: PathBuf) -> anyhow::Result<ExitCode> {
    let db = config.server.app_db_path();
    let report = tokio::task::spawn_blocking(move || store_backup::restore(&file, &db, Utc::now()))
        .await??;
    let aside: Vec<String> = report
        .kept_aside
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    eprintln!(
        "restored {} into {}; the previous database is kept as {}",
        report.file.display(),
        report.database.display(),
        if aside.is_empty() {
            "(there was none)".to_string()
        } else {
            aside.join(", ")
        }
    );
    write_stdout(&report.database.display().to_string())?;
    Ok(ExitCode::SUCCESS)
}
