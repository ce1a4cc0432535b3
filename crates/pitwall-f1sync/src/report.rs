//! What a sync did, for the CLI, the logs and the benchmark.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::round::RoundRef;

/// The outcome of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// The last round with results before the run.
    pub last_before: Option<RoundRef>,
    /// Rounds merged complete.
    pub merged: Vec<RoundRef>,
    /// Rounds merged without every part (completed by a later run).
    pub partial: Vec<RoundRef>,
    /// The first finished round whose results are not out yet.
    pub waiting_for: Option<RoundRef>,
    /// Set when the hourly request budget ran out: seconds until it allows more.
    pub paused_for_secs: Option<u64>,
    /// Requests sent to the API (cache hits not counted).
    pub requests: u64,
    /// Rows added per table.
    pub added: BTreeMap<String, i64>,
    /// The next scheduled session, when a schedule has one.
    pub next_session: Option<DateTime<Utc>>,
    /// Built and validated only.
    pub dry_run: bool,
    /// The next generation replaced the served file.
    pub swapped: bool,
    /// How long the rename took (what a reader could notice).
    pub swap_pause: Option<Duration>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

impl Serialize for RoundRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl SyncReport {
    pub(crate) fn new(last_before: Option<RoundRef>, dry_run: bool) -> Self {
        SyncReport {
            last_before,
            dry_run,
            ..SyncReport::default()
        }
    }
}

impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[RoundRef]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let last = self.last_before.map_or("none".into(), |r| r.to_string());
        writeln!(
            f,
            "F1 data ended at {last}; {} request(s) in {:.1} s",
            self.requests,
            self.elapsed.as_secs_f64()
        )?;
        writeln!(f, "merged: {}", list(&self.merged))?;
        if !self.partial.is_empty() {
            writeln!(
                f,
                "partial (standings or sprint not out yet): {}",
                list(&self.partial)
            )?;
        }
        if let Some(r) = self.waiting_for {
            writeln!(f, "waiting for results of {r}")?;
        }
        if let Some(s) = self.paused_for_secs {
            writeln!(f, "paused: hourly request budget spent, run again in {s} s")?;
        }
        let added: Vec<String> = self
            .added
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(t, n)| format!("{t} +{n}"))
            .collect();
        if !added.is_empty() {
            writeln!(f, "rows: {}", added.join(", "))?;
        }
        match (self.swapped, self.dry_run) {
            (true, _) => write!(
                f,
                "swapped in (rename took {:.2} ms)",
                self.swap_pause.unwrap_or_default().as_secs_f64() * 1000.0
            ),
            (false, true) => write!(f, "dry run: validated, served data unchanged"),
            (false, false) => write!(f, "nothing new: served data unchanged"),
        }
    }
}
