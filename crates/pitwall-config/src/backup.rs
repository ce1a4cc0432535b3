//! Backups of the app database: where `pitwall backup` writes, whether and
//! how often `serve` takes one itself, and how many rotation keeps.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PITWALL_BACKUP_DIR` | unset (`pitwall backup` writes to `$PITWALL_DATA_DIR/backups`; `serve` takes none) | where backups go; setting it turns on `serve`'s scheduled backups |
//! | `PITWALL_BACKUP_INTERVAL` | `24h` | time between `serve`'s scheduled backups: seconds, or a number with `s`, `m`, `h` or `d` (60 s to 30 d) |
//! | `PITWALL_BACKUP_KEEP_DAILY` | `7` | rotation keeps the newest backup of each of this many UTC days (0 to 3650) |
//! | `PITWALL_BACKUP_KEEP_WEEKLY` | `4` | … and the newest of each of this many ISO weeks (0 to 520) |
//!
//! Environment only (no TOML keys): deployments set them beside
//! `PITWALL_DATA_DIR`, which they describe.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::env::Ranged;
use crate::{ConfigError, Env};

/// Ten years of dailies: more is a mistake, not a policy.
const KEEP_DAILY: Ranged<u32> = Ranged {
    var: "PITWALL_BACKUP_KEEP_DAILY",
    key: None,
    default: 7,
    min: 0,
    max: 3_650,
};

/// Ten years of weeklies.
const KEEP_WEEKLY: Ranged<u32> = Ranged {
    var: "PITWALL_BACKUP_KEEP_WEEKLY",
    key: None,
    default: 4,
    min: 0,
    max: 520,
};

/// A minute at least (a snapshot of a large database takes seconds), 30
/// days at most (an older backup is no longer a safety net).
const INTERVAL_MIN_SECS: u64 = 60;
const INTERVAL_MAX_SECS: u64 = 30 * 86_400;
const INTERVAL_DEFAULT_SECS: u64 = 86_400;

/// Backup settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupConfig {
    /// `PITWALL_BACKUP_DIR`: set means scheduled backups are on.
    pub dir: Option<PathBuf>,
    /// Time between scheduled backups.
    pub interval: Duration,
    /// Newest backup of each of this many UTC days is kept.
    pub keep_daily: u32,
    /// Newest backup of each of this many ISO weeks is kept.
    pub keep_weekly: u32,
}

impl BackupConfig {
    /// Resolves the backup settings.
    pub fn load(env: &Env) -> Result<Self, ConfigError> {
        let interval = match env.get("PITWALL_BACKUP_INTERVAL") {
            None => Duration::from_secs(INTERVAL_DEFAULT_SECS),
            Some(raw) => parse_interval(raw).map_err(|reason| ConfigError::Invalid {
                name: "PITWALL_BACKUP_INTERVAL".into(),
                reason,
            })?,
        };
        Ok(Self {
            dir: env
                .path("PITWALL_BACKUP_DIR")
                .filter(|p| !p.as_os_str().is_empty()),
            interval,
            keep_daily: env.ranged(&KEEP_DAILY, None)?,
            keep_weekly: env.ranged(&KEEP_WEEKLY, None)?,
        })
    }

    /// Where backups go: `PITWALL_BACKUP_DIR`, else `data_dir/backups`.
    pub fn dir_or_default(&self, data_dir: &Path) -> PathBuf {
        self.dir.clone().unwrap_or_else(|| data_dir.join("backups"))
    }
}

/// `90`, `90s`, `15m`, `6h` or `1d`, within the allowed range.
fn parse_interval(raw: &str) -> Result<Duration, String> {
    let raw = raw.trim();
    let (digits, unit) = match raw.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => raw.split_at(i),
        None => (raw, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{raw:?}: expected seconds or a number with s, m, h or d"))?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("{raw:?}: unknown unit {unit:?} (s, m, h or d)")),
    };
    let secs = n.saturating_mul(scale);
    if !(INTERVAL_MIN_SECS..=INTERVAL_MAX_SECS).contains(&secs) {
        return Err(format!(
            "{raw:?}: must be between {INTERVAL_MIN_SECS} s and {} d",
            INTERVAL_MAX_SECS / 86_400
        ));
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_take_units_and_stay_in_range() {
        assert_eq!(parse_interval("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_interval("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_interval("6h"), Ok(Duration::from_secs(21_600)));
        assert_eq!(parse_interval("1d"), Ok(Duration::from_secs(86_400)));
        assert!(parse_interval("5s").is_err());
        assert!(parse_interval("31d").is_err());
        assert!(parse_interval("6 hours").is_err());
        assert!(parse_interval("").is_err());
    }

    #[test]
    fn defaults_and_the_directory() {
        let c = BackupConfig::load(&Env::from_pairs([("PITWALL_BACKUP_KEEP_DAILY", "3")]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.dir, None);
        assert_eq!(c.keep_daily, 3);
        assert_eq!(c.keep_weekly, 4);
        assert_eq!(c.interval, Duration::from_secs(86_400));
        assert_eq!(
            c.dir_or_default(Path::new("/d")),
            PathBuf::from("/d/backups")
        );
        let bad = BackupConfig::load(&Env::from_pairs([("PITWALL_BACKUP_KEEP_WEEKLY", "-1")]));
        assert!(bad.is_err());
    }
}
