//! Retention: how long each table's rows live, and where they are archived
//! before they go. On by default; see docs/retention.md.
//!
//! | variable | default | range | meaning |
//! |---|---|---|---|
//! | `PITWALL_LEDGER_RETENTION_DAYS` | `35` | 32 to 36500 | raw usage-ledger rows kept (longer than any budget period), then folded into daily aggregates |
//! | `PITWALL_LEDGER_DAILY_RETENTION_DAYS` | `730` | 1 to 36500 | daily usage aggregates kept |
//! | `PITWALL_ALERT_RETENTION_DAYS` | `365` | 1 to 36500 | resolved alerts kept (firing alerts are never pruned) |
//! | `PITWALL_SECURITY_RETENTION_DAYS` | `365` | 1 to 36500 | security events and the admin audit log kept |
//! | `PITWALL_ROLLUP_MINUTE_DAYS` | `30` | 1 to 36500 | per-minute roll-ups kept, then folded into hourly rows |
//! | `PITWALL_ROLLUP_RETENTION_DAYS` | `730` | 1 to 36500 | hourly roll-ups kept |
//! | `PITWALL_ARCHIVE_DIR` | unset | | archive expired rows here (`<table>/<YYYY-MM-DD>.jsonl.zst`) before deleting them |
//!
//! History is kept per plan (`history_retention_days`, capped by
//! `PITWALL_HISTORY_RETENTION_DAYS`, see the server settings).

use std::path::PathBuf;

use crate::env::Ranged;
use crate::{ConfigError, Env};

const fn days(var: &'static str, default: u32, min: u32) -> Ranged<u32> {
    Ranged {
        var,
        key: None,
        default,
        min,
        max: 36_500,
    }
}

/// Above 31: a monthly budget is rebuilt from raw rows at start-up.
const LEDGER: Ranged<u32> = days("PITWALL_LEDGER_RETENTION_DAYS", 35, 32);
const LEDGER_DAILY: Ranged<u32> = days("PITWALL_LEDGER_DAILY_RETENTION_DAYS", 730, 1);
const ALERTS: Ranged<u32> = days("PITWALL_ALERT_RETENTION_DAYS", 365, 1);
const SECURITY: Ranged<u32> = days("PITWALL_SECURITY_RETENTION_DAYS", 365, 1);
const ROLLUP_MINUTE: Ranged<u32> = days("PITWALL_ROLLUP_MINUTE_DAYS", 30, 1);
const ROLLUP: Ranged<u32> = days("PITWALL_ROLLUP_RETENTION_DAYS", 730, 1);

/// Retention settings, in days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionConfig {
    /// Raw usage-ledger rows.
    pub ledger_days: u32,
    /// Daily usage aggregates.
    pub ledger_daily_days: u32,
    /// Resolved alerts.
    pub alert_days: u32,
    /// Security events and the audit log.
    pub security_days: u32,
    /// Per-minute roll-ups before they are folded into hours.
    pub rollup_minute_days: u32,
    /// Hourly roll-ups.
    pub rollup_days: u32,
    /// Where expired rows are archived first; `None` deletes without archiving.
    pub archive_dir: Option<PathBuf>,
}

impl RetentionConfig {
    /// Resolves the retention settings (environment only).
    pub fn load(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            ledger_days: env.ranged(&LEDGER, None)?,
            ledger_daily_days: env.ranged(&LEDGER_DAILY, None)?,
            alert_days: env.ranged(&ALERTS, None)?,
            security_days: env.ranged(&SECURITY, None)?,
            rollup_minute_days: env.ranged(&ROLLUP_MINUTE, None)?,
            rollup_days: env.ranged(&ROLLUP, None)?,
            archive_dir: env
                .path("PITWALL_ARCHIVE_DIR")
                .filter(|p| !p.as_os_str().is_empty()),
        })
    }
}
