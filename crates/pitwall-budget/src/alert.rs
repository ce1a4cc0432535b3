//! Alerts and where they are stored.

use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::BudgetError;
use crate::period::BudgetScope;
use crate::store::ThresholdCrossing;

/// `Alert::kind` of a budget threshold crossing.
pub const KIND_BUDGET_THRESHOLD: &str = "budget_threshold";
/// `Alert::kind` of the provider refusing calls for lack of credit (billing exhausted).
pub const KIND_BILLING_EXHAUSTED: &str = "billing_exhausted";

/// Something an operator should know about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// What happened, e.g. `budget_threshold` or `billing_exhausted`.
    pub kind: String,
    /// A human-readable sentence, sent as the webhook text.
    pub message: String,
    /// The budget scope concerned, when there is one.
    pub scope: Option<BudgetScope>,
    /// The threshold percent, for threshold alerts.
    pub percent: Option<u8>,
    /// When it was raised.
    pub at: DateTime<Utc>,
}

impl Alert {
    /// The alert for a budget threshold crossing.
    pub fn from_crossing(crossing: &ThresholdCrossing, at: DateTime<Utc>) -> Alert {
        Alert {
            kind: KIND_BUDGET_THRESHOLD.to_owned(),
            message: format!(
                "LLM budget {} for {} reached {}%: spent {} of {}",
                crossing.scope, crossing.period, crossing.percent, crossing.spent, crossing.cap
            ),
            scope: Some(crossing.scope.clone()),
            percent: Some(crossing.percent),
            at,
        }
    }

    /// The Slack-compatible webhook body: `{"text": "..."}`.
    pub fn slack_payload(&self) -> serde_json::Value {
        serde_json::json!({ "text": format!("[pitwall] {}: {}", self.kind, self.message) })
    }
}

/// Where alerts are kept (the app persists them to its database).
#[async_trait]
pub trait AlertSink: Send + Sync {
    /// Stores one alert. Errors are logged by the dispatcher, which carries on.
    async fn store(&self, alert: &Alert) -> Result<(), BudgetError>;
}

/// A sink that keeps nothing: the dispatcher's log line is the only record.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogOnlySink;

#[async_trait]
impl AlertSink for LogOnlySink {
    async fn store(&self, _alert: &Alert) -> Result<(), BudgetError> {
        Ok(())
    }
}

/// A sink keeping alerts in memory, for tests and for a process without a database.
#[derive(Debug, Default)]
pub struct MemoryAlertSink {
    alerts: Mutex<Vec<Alert>>,
}

impl MemoryAlertSink {
    /// An empty sink.
    pub fn new() -> MemoryAlertSink {
        MemoryAlertSink::default()
    }

    /// A copy of every alert stored so far, oldest first.
    pub fn alerts(&self) -> Vec<Alert> {
        self.alerts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

#[async_trait]
impl AlertSink for MemoryAlertSink {
    async fn store(&self, alert: &Alert) -> Result<(), BudgetError> {
        self.alerts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(alert.clone());
        Ok(())
    }
}
