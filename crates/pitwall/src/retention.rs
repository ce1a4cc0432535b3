//! `pitwall retention run [--dry-run] [--json]`: one retention run on the
//! server's database, the same work `serve` does hourly.

use std::process::ExitCode;
use std::sync::Arc;

use pitwall_app::{App, RetentionRun};

use crate::cli::RetentionAction;
use crate::commands::write_stdout;

/// Runs the retention subcommand.
pub async fn run(app: Arc<App>, action: RetentionAction) -> anyhow::Result<ExitCode> {
    let RetentionAction::Run { dry_run, json } = action;
    let result = app.run_retention(dry_run).await;
    app.store().close().await;
    let done = result?;
    if json {
        write_stdout(&format!("{}\n", serde_json::to_string_pretty(&done)?))?;
    } else {
        write_stdout(&text(&done))?;
    }
    // A table that failed is reported above with the others' work; the
    // exit status tells a cron job or runbook that something needs a look.
    if done.failed().next().is_some() {
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per table, then the roll-ups and the free pages.
fn text(run: &RetentionRun) -> String {
    let verb = if run.dry_run { "would go" } else { "deleted" };
    let mut out = String::new();
    for t in &run.tables {
        out.push_str(&format!(
            "{:<16} {:>10} {verb}  {:>10} archived  {:>6} batches (largest {})\n",
            t.table, t.rows, t.archived, t.batches, t.largest_batch
        ));
        if let Some(error) = &t.error {
            out.push_str(&format!("{:<16} FAILED: {error}\n", ""));
        }
    }
    let compacted = if run.dry_run { "to fold" } else { "folded" };
    out.push_str(&format!(
        "{:<16} {:>10} minute rows {compacted} into hours, {} pruned\n",
        "rollup_minutes", run.rollups_compacted, run.rollups_pruned
    ));
    if !run.dry_run {
        out.push_str(&format!("free pages left  {:>10}\n", run.free_pages));
    }
    out
}
