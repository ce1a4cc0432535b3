//! The dashboard's panels: live state, read the way the other admin
//! routes read it.

use pitwall_app::llm::LlmStatus;
use pitwall_app::{App, F1Freshness};
use pitwall_guards::queue::GateGauges;
use pitwall_store::AlertState;
use serde::Serialize;

use crate::error::ApiError;
use crate::routes::admin_alerts::AlertView;

/// Firing alerts shown at most.
const ALERTS: u32 = 50;

/// Live state beside the charts.
#[derive(Debug, Serialize)]
pub struct Panels {
    /// Alerts firing now, newest first (as `GET /v1/admin/alerts?state=firing`).
    pub alerts: Vec<AlertView>,
    /// The LLM path: the kill switch, breaker, queue and global budgets.
    pub llm: LlmPanel,
    /// The F1 data's generation and last race; `null` when it cannot be
    /// read right now (the reason is in the server log).
    pub f1_data: Option<F1Freshness>,
}

/// The LLM path's state (as `GET /v1/admin/llm`) and its queue.
#[derive(Debug, Serialize)]
pub struct LlmPanel {
    /// Configured, switched on, model, breaker, global budgets.
    #[serde(flatten)]
    pub status: LlmStatus,
    /// Calls holding a slot and calls waiting for one.
    pub queue: GateGauges,
}

/// Reads every panel.
pub async fn read(app: &App) -> Result<Panels, ApiError> {
    let alerts = app.alerts(AlertState::Firing, ALERTS).await?;
    let f1_data = match app.f1_freshness().await {
        Ok(f) => Some(f),
        Err(e) => {
            tracing::warn!(error = %e, "dashboard: F1 data freshness unreadable");
            None
        }
    };
    Ok(Panels {
        alerts: alerts.into_iter().map(AlertView::from).collect(),
        llm: LlmPanel {
            status: app.llm().status().await,
            queue: app.llm().queue_gauges(),
        },
        f1_data,
    })
}
