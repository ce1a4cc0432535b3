//! `pitwall migrate status|run`: the app database's schema, inspected or
//! migrated as a step of its own (docs/migrations.md). Works on the app
//! database alone: no F1 data, no server.

use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use pitwall_config::Config;
use pitwall_store::sqlite::migrate::{prepare, status};
use pitwall_store::sqlite::schema::version_list;
use pitwall_store::{Migrations, SchemaState, SchemaStatus, StoreError};

use crate::commands::write_stdout;

/// `pitwall migrate …`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: MigrateAction,
}

/// The migrate subcommands.
#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Print the database's schema version, this binary's, the pending
    /// migrations and the compatibility level. Exit 1 when this binary
    /// must not run on the database.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Apply the pending migrations (exit 0; running it again changes nothing).
    Run,
}

/// Whether opening the app database from this process may migrate it
/// (`PITWALL_MIGRATE`).
pub(crate) fn policy(config: &Config) -> Migrations {
    if config.migrate.on_open {
        Migrations::Apply
    } else {
        Migrations::Require
    }
}

/// Runs `pitwall migrate …`.
pub(crate) async fn run(config: &Config, args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let path = config.server.app_db_path();
    match args.action {
        MigrateAction::Status { json } => {
            let now = status(&path).await?;
            if json {
                let mut value = serde_json::to_value(&now)?;
                value["database"] = path.display().to_string().into();
                value["state"] = serde_json::to_value(now.state())?;
                write_stdout(&serde_json::to_string_pretty(&value)?)?;
            } else {
                write_stdout(&format!("database: {}\n{}", path.display(), describe(&now)))?;
            }
            // Refused states exit non-zero with the store's own message.
            match now.refusal(true) {
                Some(refusal) => Err(StoreError::Schema(refusal).into()),
                None => Ok(ExitCode::SUCCESS),
            }
        }
        MigrateAction::Run => {
            std::fs::create_dir_all(&config.server.data_dir)
                .with_context(|| format!("cannot create {}", config.server.data_dir.display()))?;
            let (before, after) = prepare(&path, Migrations::Apply).await?;
            let done = if before.pending.is_empty() {
                "nothing to apply".to_string()
            } else {
                format!("applied migrations {}", version_list(&before.pending))
            };
            write_stdout(&format!(
                "{done}; the app database is at schema version {}\n{}",
                after.schema_version,
                describe(&after)
            ))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The status as lines of text.
fn describe(s: &SchemaStatus) -> String {
    let state = match s.state() {
        SchemaState::UpToDate => "up to date".to_string(),
        SchemaState::Pending => "migrations pending: run `pitwall migrate run`".to_string(),
        SchemaState::AheadCompatible => {
            "migrated by a newer release; this binary can run on it".to_string()
        }
        SchemaState::TooNew => "too new for this binary (see docs/migrations.md#rollback)".into(),
        SchemaState::Failed => "a migration failed part-way".to_string(),
    };
    let level = match s.min_reader_schema {
        Some(v) => format!("binaries knowing schema {v} or newer can run on it"),
        None => "not recorded".to_string(),
    };
    format!(
        "schema version: {}\nthis binary knows: {}\npending: {}\nunknown (newer): {}\n\
         compatibility: {level}\nstate: {state}",
        s.schema_version,
        s.known_schema_version,
        version_list(&s.pending),
        version_list(&s.unknown),
    )
}
