//! Built-in alerting: one model for every rule (budget thresholds
//! included), evaluated in process every `[alerts] evaluate_secs`.
//!
//! An alert fires once when its condition starts to hold (stored, logged,
//! posted to the webhook) and resolves once when it clears (the row gets
//! `resolved_at`, and a resolve notice is logged and posted). Which alerts
//! are firing is read back from the database at the first evaluation, so a
//! restart neither repeats a firing alert nor forgets to resolve it.

mod budget;
mod rules;
pub mod traffic;

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use pitwall_budget::{Alert, AlertDispatcher, AlertRetryPolicy, LogOnlySink};
use pitwall_config::ExposeSecret;
use pitwall_store::{AlertRow, AlertState};
use serde::Serialize;

pub use traffic::RecentTraffic;

use rules::Condition;

use crate::{App, AppError};

/// How bad an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Look at it today.
    Warning,
    /// Look at it now.
    Critical,
}

impl Severity {
    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// The stored row of a condition that started firing now.
fn row_of(c: &Condition) -> AlertRow {
    AlertRow {
        kind: c.rule.to_string(),
        message: c.summary.clone(),
        scope: None,
        percent: None,
        at: Utc::now(),
        severity: c.severity.as_str().to_string(),
        detail: c.detail.clone(),
        resolved_at: None,
    }
}

/// What one evaluation changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// The rule started firing.
    Fired(&'static str),
    /// The rule (with this budget scope, for budget alerts) cleared.
    Resolved(String),
}

/// `(rule, budget scope)` of the alerts firing now.
pub(crate) type FiringSet = HashSet<(String, Option<String>)>;

/// The alert engine's state.
pub(crate) struct AlertEngine {
    /// `(rule, scope)` of the alerts firing now; `None` until read back
    /// from the database at the first evaluation.
    firing: tokio::sync::Mutex<Option<FiringSet>>,
    /// App database sizes of the last hour, for the growth rule.
    pub(crate) db_sizes: std::sync::Mutex<VecDeque<(Instant, u64)>>,
    /// Logs and posts notices; the rows are written by the engine itself.
    notify: AlertDispatcher,
}

impl AlertEngine {
    /// An engine posting to the configured webhook, if any.
    pub(crate) fn new(config: &pitwall_config::Config) -> Self {
        let webhook = config
            .alert_webhook_url
            .as_ref()
            .map(|u| u.expose_secret().to_string());
        Self {
            firing: tokio::sync::Mutex::new(None),
            db_sizes: std::sync::Mutex::new(VecDeque::new()),
            notify: AlertDispatcher::spawn(
                webhook,
                Arc::new(LogOnlySink),
                AlertRetryPolicy::default(),
            ),
        }
    }

    /// Waits (bounded) for queued notices to reach the webhook.
    pub(crate) async fn shutdown(&self) {
        self.notify.shutdown(Duration::from_secs(3)).await;
    }

    fn post(&self, rule: &str, message: String) {
        self.notify.fire(Alert {
            kind: rule.to_string(),
            message,
            scope: None,
            percent: None,
            at: Utc::now(),
        });
    }
}

impl App {
    /// Recent traffic, as the alert rules see it.
    pub fn traffic(&self) -> &RecentTraffic {
        &self.traffic
    }

    /// Evaluates every rule once: fires what started to hold, resolves
    /// what cleared. The server runs it every `[alerts] evaluate_secs`.
    pub async fn evaluate_alerts(&self) -> Result<Vec<Transition>, AppError> {
        let mut guard = self.alerts.firing.lock().await;
        if guard.is_none() {
            let rows = self.store.list_alerts(AlertState::Firing, 1000).await?;
            *guard = Some(rows.into_iter().map(|r| (r.kind, r.scope)).collect());
        }
        let firing = guard.get_or_insert_with(HashSet::new);
        let mut changes = Vec::new();
        // Read once: both the rules and the budget resolutions use it.
        let status = self.llm.status().await;
        for c in self.conditions(&status).await {
            let key = (c.rule.to_string(), None);
            match (c.firing, firing.contains(&key)) {
                (Some(true), false) => {
                    // Told first, stored second: on a full disk the log line
                    // and the webhook still go out, and the set remembers it
                    // fired, so it is not raised again every tick.
                    self.announce(&c);
                    firing.insert(key);
                    if let Err(e) = self.store.insert_alert(&row_of(&c)).await {
                        tracing::error!(rule = c.rule, error = %e, "could not store an alert");
                    }
                    changes.push(Transition::Fired(c.rule));
                }
                (Some(false), true) => {
                    // Kept firing in the set until the row is resolved, so a
                    // failed write is retried next tick.
                    if let Err(e) = self
                        .store
                        .resolve_alerts(c.rule, None, None, Utc::now())
                        .await
                    {
                        tracing::error!(rule = c.rule, error = %e, "could not resolve an alert");
                        continue;
                    }
                    firing.remove(&key);
                    tracing::info!(rule = c.rule, detail = %c.detail, "alert resolved");
                    self.alerts
                        .post(c.rule, format!("RESOLVED {}: {}", c.summary, c.detail));
                    changes.push(Transition::Resolved(c.rule.to_string()));
                }
                _ => {}
            }
        }
        changes.extend(self.resolve_budget_alerts(firing, &status).await?);
        Ok(changes)
    }

    /// Logs an alert that started firing and posts it to the webhook.
    fn announce(&self, c: &Condition) {
        match c.severity {
            Severity::Critical => {
                tracing::error!(rule = c.rule, detail = %c.detail, "alert firing: {}", c.summary)
            }
            Severity::Warning => {
                tracing::warn!(rule = c.rule, detail = %c.detail, "alert firing: {}", c.summary)
            }
        }
        self.alerts.post(
            c.rule,
            format!(
                "FIRING [{}] {}: {}",
                c.severity.as_str(),
                c.summary,
                c.detail
            ),
        );
    }

    /// Alerts in `state`, newest first (at most `limit`).
    pub async fn alerts(&self, state: AlertState, limit: u32) -> Result<Vec<AlertRow>, AppError> {
        Ok(self.store.list_alerts(state, limit).await?)
    }

    /// Evaluates the rules every `[alerts] evaluate_secs` until the task
    /// is aborted. A failed evaluation is logged and retried next tick.
    pub fn spawn_alert_rules(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let app = Arc::clone(self);
        tokio::spawn(async move {
            let every = app
                .config
                .alerts
                .evaluate_every
                .max(Duration::from_millis(10));
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = app.evaluate_alerts().await {
                    tracing::warn!(error = %e, "alert rules could not be evaluated");
                }
            }
        })
    }
}
