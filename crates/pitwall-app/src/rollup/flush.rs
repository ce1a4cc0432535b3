//! Getting the roll-ups into the app database: a flush about once a minute
//! (and at shutdown), each with a sample of the process's and the database's
//! resources; reading them back for reports and the dashboard.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use pitwall_store::{RollupRow, RollupSeries};

use crate::{App, AppError};

/// How often the roll-ups are flushed (and resources sampled).
pub const FLUSH_EVERY: Duration = Duration::from_secs(60);

/// What the process used, read from `/proc` (Linux only; elsewhere none).
#[derive(Debug, Clone, Copy)]
struct ProcessSample {
    rss_bytes: f64,
    peak_rss_bytes: f64,
    cpu_seconds: f64,
}

#[cfg(target_os = "linux")]
fn process_sample() -> Option<ProcessSample> {
    let me = procfs::process::Process::myself().ok()?;
    let status = me.status().ok()?;
    let stat = me.stat().ok()?;
    let ticks = procfs::ticks_per_second().max(1) as f64;
    Some(ProcessSample {
        rss_bytes: status.vmrss.unwrap_or(0) as f64 * 1024.0,
        peak_rss_bytes: status.vmhwm.unwrap_or(0) as f64 * 1024.0,
        cpu_seconds: (stat.utime + stat.stime) as f64 / ticks,
    })
}

#[cfg(not(target_os = "linux"))]
fn process_sample() -> Option<ProcessSample> {
    None
}

impl App {
    /// Stores everything summed since the last flush, in one commit. When
    /// the database refuses, the rows are kept in memory for the next
    /// flush (bounded; what must be dropped is logged).
    pub async fn flush_rollups(&self) {
        let rows = self.rollups.take();
        if rows.is_empty() {
            return;
        }
        if let Err(e) = self.store.add_rollups(&rows).await {
            let kept = rows.len();
            let dropped = self.rollups.put_back(rows);
            tracing::warn!(error = %e, kept, dropped, "could not store the roll-ups; will retry");
        }
    }

    /// Samples the resources the weekly report tracks into the current
    /// minute: RSS and peak RSS, CPU seconds used since the last sample,
    /// the app database's size and its growing tables' rows (also the
    /// metrics' gauges of those).
    pub async fn sample_resources(&self) {
        if let Some(p) = process_sample() {
            self.rollups.resource("rss_bytes", p.rss_bytes);
            self.rollups.resource("peak_rss_bytes", p.peak_rss_bytes);
            let used = self.rollups.cpu_since_last(p.cpu_seconds);
            self.rollups.resource("cpu_seconds", used);
        }
        self.sample_app_db().await;
    }

    /// Samples resources and flushes every [`FLUSH_EVERY`] until the task
    /// is aborted; the server aborts it at shutdown, where
    /// [`App::shutdown`] flushes the last partial minute.
    pub fn spawn_rollup_flusher(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let app = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FLUSH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                app.sample_resources().await;
                app.flush_rollups().await;
            }
        })
    }

    /// The stored roll-ups of minutes in `[from, to)`, every series, oldest
    /// first. Figures not yet flushed are not included.
    pub async fn rollups(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<RollupRow>, AppError> {
        Ok(self.store.rollups(from, to, None).await?)
    }

    /// [`App::rollups`] of one series.
    pub async fn rollups_of(
        &self,
        series: RollupSeries,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<RollupRow>, AppError> {
        Ok(self.store.rollups(from, to, Some(series)).await?)
    }
}
