//! Alerts are persisted in the app database (besides the log and webhook).

use std::sync::Arc;

use pitwall_budget::{async_trait, Alert, AlertSink, BudgetError};
use pitwall_store::{AlertRow, AppStore};

use crate::alerts::Severity;

/// Stores alerts through the app store.
pub(crate) struct StoreAlertSink(pub Arc<dyn AppStore>);

#[async_trait]
impl AlertSink for StoreAlertSink {
    async fn store(&self, alert: &Alert) -> Result<(), BudgetError> {
        let row = AlertRow {
            kind: alert.kind.clone(),
            message: alert.message.clone(),
            scope: alert.scope.as_ref().map(|s| s.key()),
            percent: alert.percent.map(i64::from),
            at: alert.at,
            // A spent budget or an empty account stops the LLM: critical.
            severity: if alert.percent.is_none_or(|p| p >= 100) {
                Severity::Critical
            } else {
                Severity::Warning
            }
            .as_str()
            .into(),
            detail: String::new(),
            resolved_at: None,
        };
        self.0
            .insert_alert(&row)
            .await
            .map_err(|e| BudgetError::AlertSink(e.to_string()))
    }
}
