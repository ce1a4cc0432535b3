//! Backups from the app's side: what identifies the F1 data (recorded in
//! each manifest instead of backing it up: it can be re-imported), taking a
//! backup and rotating, the last attempt's outcome (a `last-run.json` in
//! the backup directory, so `serve`, `pitwall backup` and `pitwall report`
//! — separate processes — all see the same), and `serve`'s schedule.
//!
//! The snapshot, manifest, verification and rotation themselves live in
//! [`pitwall_store::backup`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use pitwall_config::Config;
use pitwall_store::backup::{self as store_backup, Manifest, RotationReport};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{App, AppError};

/// The last attempt's outcome, beside the backups.
const LAST_RUN_FILE: &str = "last-run.json";

/// One attempt, as stored in [`LAST_RUN_FILE`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct LastRun {
    at: DateTime<Utc>,
    ok: bool,
    file: Option<String>,
    error: Option<String>,
}

/// Backups as operators see them (`GET /v1/admin/status`, reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct BackupStatus {
    /// Whether `serve` takes scheduled backups (`PITWALL_BACKUP_DIR` set).
    pub configured: bool,
    /// Seconds between scheduled backups, when configured.
    pub interval_secs: Option<u64>,
    /// When the newest backup with a manifest was taken.
    pub last_success_at: Option<DateTime<Utc>>,
    /// Its age in seconds.
    pub age_secs: Option<i64>,
    /// The last attempt's outcome: `ok` or `failed`.
    pub last_result: Option<String>,
    /// When the last attempt ran.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Backups (with a manifest) in the directory.
    pub files: usize,
}

impl BackupStatus {
    /// Not configured: nothing to report.
    pub fn off() -> Self {
        Self {
            configured: false,
            interval_secs: None,
            last_success_at: None,
            age_secs: None,
            last_result: None,
            last_attempt_at: None,
            files: 0,
        }
    }
}

/// What `take_backup` did.
#[derive(Debug, Clone)]
pub struct Taken {
    /// The snapshot written.
    pub file: PathBuf,
    /// Its manifest.
    pub manifest: Manifest,
    /// What rotation kept and deleted.
    pub rotation: RotationReport,
}

/// What identifies the F1 data served: its file's sha256, size and time,
/// format, extent, and the CSV source it is imported from. Best effort: a
/// backup is still taken when the F1 file cannot be read (`None`).
pub fn f1_identity(config: &Config) -> Option<serde_json::Value> {
    let path = config.server.f1_db_path();
    let meta = std::fs::metadata(&path).ok()?;
    let (sha256, bytes) = store_backup::sha256_of(&path).ok()?;
    let db = pitwall_f1data::F1Db::open(&path, 1).ok()?;
    let status = db.check().ok()?;
    let format = db.format_version().ok();
    let source = pitwall_f1data::find_source(config.server.f1_source.as_deref()).ok();
    Some(serde_json::json!({
        "path": path,
        "sha256": sha256,
        "bytes": bytes,
        "modified_at": meta.modified().ok().map(DateTime::<Utc>::from),
        "format_version": format,
        "last_season": status.last_season,
        "last_round": status.last_round,
        "last_race_date": status.last_race_date,
        "races": status.races,
        "results": status.results,
        "csv_source": source,
    }))
}

/// Takes a backup of the app database into `dir`, rotates the directory
/// (the new one is never deleted) and records the outcome in
/// `last-run.json`. Blocking.
pub fn take_backup(config: &Config, dir: &Path, now: DateTime<Utc>) -> Result<Taken, AppError> {
    let result = snapshot_and_rotate(config, dir, now);
    let run = LastRun {
        at: now,
        ok: result.is_ok(),
        file: result.as_ref().ok().map(|t| t.manifest.file.clone()),
        error: result.as_ref().err().map(ToString::to_string),
    };
    if let Err(e) = write_last_run(dir, &run) {
        tracing::warn!(error = %e, "could not record the backup's outcome");
    }
    result
}

fn snapshot_and_rotate(config: &Config, dir: &Path, now: DateTime<Utc>) -> Result<Taken, AppError> {
    let f1 = f1_identity(config);
    let db = config.server.app_db_path();
    let (file, manifest) = store_backup::snapshot(&db, dir, now, f1)?;
    let rotation = store_backup::rotate(
        dir,
        config.backup.keep_daily,
        config.backup.keep_weekly,
        Some(&file),
    )?;
    Ok(Taken {
        file,
        manifest,
        rotation,
    })
}

fn write_last_run(dir: &Path, run: &LastRun) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(".last-run.json.tmp");
    std::fs::write(&temp, serde_json::to_vec_pretty(run)?)?;
    std::fs::rename(&temp, dir.join(LAST_RUN_FILE))
}

/// Reads the backups in `dir` and the last attempt. Blocking.
pub fn read_status(dir: &Path, interval: Duration, now: DateTime<Utc>) -> BackupStatus {
    let last_run: Option<LastRun> = std::fs::read(dir.join(LAST_RUN_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let backups = store_backup::list_with_manifest(dir).unwrap_or_default();
    let last_success_at = backups
        .iter()
        .filter_map(|p| store_backup::read_manifest(p).ok())
        .map(|m| m.created_at)
        .max();
    BackupStatus {
        configured: true,
        interval_secs: Some(interval.as_secs()),
        last_success_at,
        age_secs: last_success_at.map(|t| (now - t).num_seconds()),
        last_result: last_run
            .as_ref()
            .map(|r| if r.ok { "ok" } else { "failed" }.to_string()),
        last_attempt_at: last_run.map(|r| r.at),
        files: backups.len(),
    }
}

impl App {
    /// Backups' status; without a disk read when they are not configured.
    pub async fn backup_status(&self) -> BackupStatus {
        let Some(dir) = self.config.backup.dir.clone() else {
            return BackupStatus::off();
        };
        let interval = self.config.backup.interval;
        tokio::task::spawn_blocking(move || read_status(&dir, interval, Utc::now()))
            .await
            .unwrap_or_else(|_| BackupStatus::off())
    }

    /// Scheduled backups, when `PITWALL_BACKUP_DIR` is set: the first when
    /// the newest existing one is an interval old (at once if there is
    /// none), then one every interval. A failure is logged and counted in
    /// the metrics, and the next attempt comes an interval later.
    pub fn spawn_backups(self: &Arc<Self>) -> Option<tokio::task::JoinHandle<()>> {
        let dir = self.config.backup.dir.clone()?;
        let interval = self.config.backup.interval;
        pitwall_metrics::record::backup_interval(interval.as_secs());
        let app = Arc::clone(self);
        Some(tokio::spawn(async move {
            let status = app.backup_status().await;
            pitwall_metrics::record::backup_result(
                None,
                status.last_success_at.map(|t| t.timestamp()),
            );
            let mut wait = first_wait(status.age_secs, interval);
            loop {
                tokio::time::sleep(wait).await;
                wait = interval;
                let (app2, dir2) = (Arc::clone(&app), dir.clone());
                let outcome = tokio::task::spawn_blocking(move || {
                    take_backup(&app2.config, &dir2, Utc::now())
                })
                .await;
                match outcome {
                    Ok(Ok(taken)) => {
                        tracing::info!(
                            file = %taken.file.display(),
                            deleted = taken.rotation.deleted.len(),
                            "scheduled backup written"
                        );
                        pitwall_metrics::record::backup_result(
                            Some(true),
                            Some(taken.manifest.created_at.timestamp()),
                        );
                    }
                    Ok(Err(e)) => {
                        tracing::error!(error = %e, "scheduled backup failed");
                        pitwall_metrics::record::backup_result(Some(false), None);
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "scheduled backup task failed");
                        pitwall_metrics::record::backup_result(Some(false), None);
                    }
                }
            }
        }))
    }
}

/// The report's `backups` section at `at` (the end of its period).
pub fn report_section(status: &BackupStatus, at: DateTime<Utc>) -> crate::report::Backups {
    if !status.configured {
        return crate::report::Backups::not_configured();
    }
    let interval = status.interval_secs.unwrap_or(86_400);
    let age = status.last_success_at.map(|t| (at - t).num_seconds());
    let (state, detail) = match (status.last_success_at, status.last_result.as_deref(), age) {
        (_, Some("failed"), _) => (
            "failed",
            "the last backup attempt failed (details in the server log)".to_string(),
        ),
        (None, _, _) => ("none", "no backup has been taken yet".to_string()),
        (Some(_), _, Some(a)) if a > 2 * i64::try_from(interval).unwrap_or(i64::MAX / 2) => {
            ("stale", format!("the newest backup is {} h old", a / 3_600))
        }
        (Some(t), _, _) => ("ok", format!("newest backup taken {}", t.to_rfc3339())),
    };
    crate::report::Backups {
        status: state.into(),
        detail,
        last_backup_at: status.last_success_at,
        age_secs: age,
        last_result: status.last_result.clone(),
        files: status.files,
    }
}

impl App {
    /// The report's `backups` section, read from the backup directory.
    pub(crate) async fn backups_section(&self, at: DateTime<Utc>) -> crate::report::Backups {
        report_section(&self.backup_status().await, at)
    }
}

/// Time until the first scheduled backup: what is left of the interval
/// since the newest backup, nothing when there is none or it is older.
fn first_wait(age_secs: Option<i64>, interval: Duration) -> Duration {
    match age_secs.and_then(|a| u64::try_from(a).ok()) {
        Some(age) => interval.saturating_sub(Duration::from_secs(age)),
        None => Duration::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_says_how_backups_stand() {
        let now = Utc::now();
        let mut s = BackupStatus::off();
        assert_eq!(report_section(&s, now).status, "not_configured");
        s.configured = true;
        s.interval_secs = Some(3_600);
        assert_eq!(report_section(&s, now).status, "none");
        s.last_success_at = Some(now - chrono::Duration::minutes(30));
        s.last_result = Some("ok".into());
        s.files = 3;
        let ok = report_section(&s, now);
        assert_eq!(
            (ok.status.as_str(), ok.age_secs, ok.files),
            ("ok", Some(1_800), 3)
        );
        assert_eq!(
            report_section(&s, now + chrono::Duration::hours(3)).status,
            "stale"
        );
        s.last_result = Some("failed".into());
        assert_eq!(report_section(&s, now).status, "failed");
    }

    #[test]
    fn the_first_backup_waits_for_the_rest_of_the_interval() {
        let day = Duration::from_secs(86_400);
        assert_eq!(first_wait(None, day), Duration::ZERO);
        assert_eq!(first_wait(Some(3_600), day), Duration::from_secs(82_800));
        assert_eq!(first_wait(Some(90_000), day), Duration::ZERO);
        // A clock set back makes an age negative: back up now.
        assert_eq!(first_wait(Some(-5), day), Duration::ZERO);
    }
}
