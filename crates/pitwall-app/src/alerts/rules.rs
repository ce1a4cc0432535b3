//! The built-in rules: each reads live state and says whether its
//! condition holds now, with the figures behind it.

use std::time::{Duration, Instant};

use chrono::Utc;
use pitwall_budget::BudgetScope;
use pitwall_guards::breaker::BreakerState;

use super::Severity;
use crate::llm::LlmStatus;
use crate::App;

/// One rule's verdict at one evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    /// The rule's name (stored as the alert's kind).
    pub rule: &'static str,
    /// Whether the condition holds; `None` when it cannot be told now (a
    /// figure unreadable, a breaker half-open): the alert keeps its state.
    pub firing: Option<bool>,
    /// How bad it is when it does.
    pub severity: Severity,
    /// One line for people.
    pub summary: String,
    /// The measured figures.
    pub detail: String,
}

fn condition(
    rule: &'static str,
    firing: impl Into<Option<bool>>,
    severity: Severity,
    summary: &str,
    detail: String,
) -> Condition {
    Condition {
        rule,
        firing: firing.into(),
        severity,
        summary: summary.to_string(),
        detail,
    }
}

/// How far back the load-shedding rule looks (or the window, if shorter).
const SHED_SPAN: Duration = Duration::from_secs(60);

/// Hours in the (30-day) month the burn rate projects over.
const HOURS_PER_MONTH: i64 = 720;

impl App {
    /// Every rule's verdict now (budget thresholds are events, resolved in
    /// `super`; a backup-age rule arrives with backups).
    pub(super) async fn conditions(&self, status: &LlmStatus) -> Vec<Condition> {
        let t = &self.config.alerts;
        let recent = self.traffic.last(t.window);
        let window = format!("{} s", t.window.as_secs());
        let mut out = Vec::with_capacity(9);

        let share = |n: u64, of: u64| if of == 0 { 0.0 } else { n as f64 / of as f64 };
        let errors = share(recent.errors, recent.requests);
        out.push(condition(
            "error_rate",
            recent.requests >= t.min_requests && errors > t.error_rate,
            Severity::Critical,
            "5xx responses above their threshold",
            format!(
                "{:.2} % of {} requests over {window} were 5xx (threshold {:.2} %)",
                errors * 100.0,
                recent.requests,
                t.error_rate * 100.0
            ),
        ));

        let p95 = recent.ask_quantile(0.95);
        let slo = t.ask_p95.as_secs_f64();
        out.push(condition(
            "ask_latency",
            recent.asks() >= t.min_requests && p95.is_some_and(|p| p > slo),
            Severity::Warning,
            "p95 latency of /v1/ask above its SLO",
            format!(
                "p95 ≤ {} ms over {} asks in {window} (SLO {} ms)",
                p95.map_or_else(|| "-".into(), |p| format!("{:.1}", p * 1000.0)),
                recent.asks(),
                slo * 1000.0
            ),
        ));

        let fallbacks = share(recent.fallbacks, recent.answers);
        out.push(condition(
            "fallback_rate",
            recent.answers >= t.min_requests && fallbacks > t.fallback_rate,
            Severity::Warning,
            "fallback answers above their threshold",
            format!(
                "{:.1} % of {} answers over {window} were fallbacks (threshold {:.1} %)",
                fallbacks * 100.0,
                recent.answers,
                t.fallback_rate * 100.0
            ),
        ));

        let breaker = status.breaker.as_ref();
        // Half-open is a probe between open spells: it neither fires nor
        // resolves, or a still-down upstream would flap the alert.
        let open = match breaker.map(|b| b.state) {
            Some(BreakerState::Open) => Some(true),
            Some(BreakerState::HalfOpen) => None,
            Some(BreakerState::Closed) | None => Some(false),
        };
        out.push(condition(
            "breaker_open",
            open,
            Severity::Critical,
            "the LLM circuit breaker is open: questions fall back",
            breaker.map_or_else(|| "no LLM configured".into(), |b| format!("{b:?}")),
        ));

        let span = SHED_SPAN.min(t.window);
        let shed = self.traffic.last(span).shed;
        out.push(condition(
            "load_shedding",
            shed > 0,
            Severity::Warning,
            "requests are being refused to protect the server",
            format!("{shed} requests shed in the last {} s", span.as_secs()),
        ));

        out.push(self.cost_burn().await);
        out.extend(self.storage_conditions().await);
        out
    }

    /// Spend in the last hour, projected over a month, against the monthly cap.
    async fn cost_burn(&self) -> Condition {
        let now = Utc::now();
        let hour = self
            .store
            .spend_since(now - chrono::Duration::hours(1), None)
            .await;
        let cap = self
            .llm
            .budget_caps()
            .await
            .ok()
            .and_then(|c| c.cap_for(&BudgetScope::GlobalMonthly));
        let (firing, detail) = match (hour, cap) {
            (Ok(spent), Some(cap)) if cap.0 > 0 => (
                Some(spent.saturating_mul(HOURS_PER_MONTH) > cap.0),
                format!(
                    "{} µ$ in the last hour → {} µ$ a month at this rate (monthly cap {} µ$)",
                    spent,
                    spent.saturating_mul(HOURS_PER_MONTH),
                    cap.0
                ),
            ),
            (Ok(spent), _) => (
                Some(false),
                format!("{spent} µ$ in the last hour; no monthly cap"),
            ),
            // Unknown, not "fine": an unreadable ledger must not resolve it.
            (Err(e), _) => (None, format!("spend unreadable: {e}")),
        };
        condition(
            "cost_burn",
            firing,
            Severity::Critical,
            "LLM spend rate would exceed the monthly budget",
            detail,
        )
    }

    /// App database size and growth, and free disk on the data directory.
    /// The file system is asked on a blocking thread: when the disk is the
    /// problem, a `stat` can hang, and it must not hang a runtime worker.
    async fn storage_conditions(&self) -> Vec<Condition> {
        let t = &self.config.alerts;
        let (db, dir) = (
            self.config.server.app_db_path(),
            self.config.server.data_dir.clone(),
        );
        let read = tokio::task::spawn_blocking(move || {
            let size = std::fs::metadata(db).map(|m| m.len()).ok();
            let fs = rustix::fs::statvfs(&dir)
                .ok()
                .map(|fs| (fs.f_bavail, fs.f_blocks));
            (size, fs)
        })
        .await;
        let (size_known, disk) = read.unwrap_or((None, None));
        let growth = size_known.and_then(|s| self.db_growth_per_hour(s));
        let size = size_known.unwrap_or(0);
        let mut out = vec![
            condition(
                "db_size",
                size_known.map(|s| s > t.db_max_bytes),
                Severity::Warning,
                "the app database is larger than its limit",
                format!("{size} bytes (limit {})", t.db_max_bytes),
            ),
            condition(
                "db_growth",
                size_known.map(|_| growth.is_some_and(|g| g > t.db_growth_per_hour as f64)),
                Severity::Warning,
                "the app database is growing faster than its limit",
                format!(
                    "{} bytes/hour (limit {})",
                    growth.map_or_else(|| "-".into(), |g| format!("{g:.0}")),
                    t.db_growth_per_hour
                ),
            ),
        ];
        if let Some((available, blocks)) = disk {
            let total = blocks as f64;
            let free = if total > 0.0 {
                available as f64 / total
            } else {
                1.0
            };
            out.push(condition(
                "disk_free",
                free < t.disk_free,
                Severity::Critical,
                "free disk on the data directory is low",
                format!(
                    "{:.1} % free on the data directory's file system (floor {:.1} %)",
                    free * 100.0,
                    t.disk_free * 100.0
                ),
            ));
        }
        out
    }

    /// Bytes per hour the database grew, from the samples of the last hour
    /// (needs at least 5 minutes of them).
    fn db_growth_per_hour(&self, size: u64) -> Option<f64> {
        let now = Instant::now();
        let mut samples = self
            .alerts
            .db_sizes
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        samples.push_back((now, size));
        while samples
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) > Duration::from_secs(3600))
        {
            samples.pop_front();
        }
        let (first_at, first) = *samples.front()?;
        let span = now.duration_since(first_at);
        (span >= Duration::from_secs(300))
            .then(|| (size as f64 - first as f64) * 3600.0 / span.as_secs_f64())
    }
}
