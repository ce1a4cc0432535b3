//! `pitwall report daily|weekly`: the operator's daily and weekly checks,
//! built from the per-minute roll-ups (never by scanning the raw history),
//! the alerts, the budgets in force and the security events. The JSON
//! schema is documented in `docs/reports.md`; text and HTML are renderings
//! of the same [`Report`].

mod daily;
pub mod figures;
mod html;
mod text;
mod weekly;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub use daily::{Alerts, Backups, Costs, Errors, Performance, Usage};
pub use weekly::{Growth, Patterns, Resources, Security};

use crate::{App, AppError};

/// Alerts listed per report (and counted as firing) at most.
const MAX_ALERTS: u32 = 500;

/// Which check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The last 24 hours.
    Daily,
    /// The last 7 days, with patterns, growth, resources, security and
    /// what the engine declined.
    Weekly,
}

impl ReportKind {
    /// How far back it looks from its end.
    pub fn span(self) -> Duration {
        match self {
            ReportKind::Daily => Duration::days(1),
            ReportKind::Weekly => Duration::days(7),
        }
    }
}

/// The period a report covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// `daily` or `weekly`.
    pub kind: ReportKind,
    /// Start (inclusive).
    pub from: DateTime<Utc>,
    /// End (exclusive).
    pub to: DateTime<Utc>,
    /// When the report was built.
    pub generated_at: DateTime<Utc>,
    /// Minutes of the period with anything recorded (traffic or a
    /// resource sample): 1,440 a day when the server ran all day.
    pub minutes_with_data: usize,
}

/// One report. Weekly-only sections are absent from a daily one.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What it covers.
    pub period: Period,
    /// Errors by class.
    pub errors: Errors,
    /// Requests by source and plan, unique principals.
    pub usage: Usage,
    /// Spend against every budget; the top spenders.
    pub costs: Costs,
    /// Latency percentiles by route and by source.
    pub performance: Performance,
    /// Alerts fired and resolved in the period.
    pub alerts: Alerts,
    /// Backup status.
    pub backups: Backups,
    /// Weekly: traffic by hour of day and weekday.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patterns: Option<Patterns>,
    /// Weekly: growth of the app database and its tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth: Option<Growth>,
    /// Weekly: peak memory and CPU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Resources>,
    /// Weekly: the security log summarised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Security>,
    /// Weekly: the questions the local engine most often did not
    /// understand, with the words it missed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declined: Option<Vec<weekly::Declined>>,
}

impl Report {
    /// The report as indented JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// The report as plain text for a terminal or an email.
    pub fn to_text(&self) -> String {
        text::render(self)
    }

    /// The report as one self-contained HTML file, charts inline as SVG.
    pub fn to_html(&self) -> String {
        html::render(self)
    }
}

impl App {
    /// Builds the `kind` report of the period ending at `to` (exclusive,
    /// rounded up to a whole minute).
    /// Roll-ups not yet flushed are flushed first, so a report run from
    /// the serving process sees its last minute.
    pub async fn report(&self, kind: ReportKind, to: DateTime<Utc>) -> Result<Report, AppError> {
        self.flush_rollups().await;
        // Roll-ups are whole minutes, so the period is too: its end is
        // rounded up, so the minute in progress (the last minute of a
        // server that just stopped) is in.
        let start_of = pitwall_store::rollup::minute_of(to);
        let to = if start_of == to {
            to
        } else {
            start_of + Duration::minutes(1)
        };
        let from = to - kind.span();
        let rows = self.rollups(from, to).await?;
        let alerts = self.store.alerts_between(from, to, MAX_ALERTS).await?;
        let firing_now = self
            .store
            .list_alerts(pitwall_store::AlertState::Firing, MAX_ALERTS)
            .await?
            .len();
        let budgets = self.budgets().await.map_err(|e| match e {
            crate::AdminError::Store(e) => AppError::Store(e),
            other => AppError::Llm(format!("reading the budgets: {other}")),
        })?;
        let mut minutes: Vec<DateTime<Utc>> = rows.iter().map(|r| r.minute).collect();
        minutes.dedup();
        let mut report = Report {
            period: Period {
                kind,
                from,
                to,
                generated_at: Utc::now(),
                minutes_with_data: minutes.len(),
            },
            errors: daily::errors(&rows),
            usage: daily::usage(&rows),
            costs: daily::costs(&rows, &budgets),
            performance: daily::performance(&rows),
            alerts: daily::alerts(&alerts, from, to, firing_now),
            backups: self.backups_section(to).await,
            patterns: None,
            growth: None,
            resources: None,
            security: None,
            declined: None,
        };
        if kind == ReportKind::Weekly {
            let events = self.store.security_summary(from, to).await?;
            report.patterns = Some(weekly::patterns(&rows));
            report.growth = Some(weekly::growth(&rows));
            report.resources = Some(weekly::resources(&rows));
            report.security = Some(weekly::security(&rows, events));
            report.declined = Some(weekly::declined(&rows));
        }
        Ok(report)
    }
}
