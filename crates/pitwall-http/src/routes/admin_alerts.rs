//! `GET /v1/admin/alerts?state=firing|resolved&limit=N`: the alerts of every
//! rule (budget thresholds included), newest first.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;
use chrono::{DateTime, Utc};
use pitwall_app::App;
use pitwall_store::{AlertRow, AlertState};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::routes::admin::Admin;
use crate::routes::admin_accounts::Items;

/// `GET /v1/admin/alerts` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertsQuery {
    /// `firing`, `resolved`, or absent for both.
    pub state: Option<String>,
    /// At most this many (1–100; default 100).
    pub limit: Option<u32>,
}

/// One alert as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlertView {
    /// The rule: `error_rate`, `ask_latency`, `fallback_rate`, `breaker_open`,
    /// `cost_burn`, `load_shedding`, `db_size`, `db_growth`, `disk_free`,
    /// `budget_threshold`, `billing_exhausted`.
    pub rule: String,
    /// `warning` or `critical`.
    pub severity: String,
    /// One line.
    pub summary: String,
    /// The figures behind it.
    pub detail: String,
    /// The budget scope, for budget alerts.
    pub scope: Option<String>,
    /// The threshold percent, for budget alerts.
    pub percent: Option<i64>,
    /// When it fired.
    pub fired_at: DateTime<Utc>,
    /// When it cleared; `null` while firing.
    pub resolved_at: Option<DateTime<Utc>>,
}

impl From<AlertRow> for AlertView {
    fn from(a: AlertRow) -> Self {
        AlertView {
            rule: a.kind,
            severity: a.severity,
            summary: a.message,
            detail: a.detail,
            scope: a.scope,
            percent: a.percent,
            fired_at: a.at,
            resolved_at: a.resolved_at,
        }
    }
}

/// Alerts, newest first.
#[utoipa::path(get, path = "/v1/admin/alerts", params(("state" = Option<String>, Query, description = "firing or resolved"), ("limit" = Option<u32>, Query)), responses((status = 200, body = Vec<AlertView>), (status = 400), (status = 401), (status = 403)))]
pub async fn alerts(
    _: Admin,
    State(app): State<Arc<App>>,
    query: Result<Query<AlertsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Items<AlertView>>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let state = match q.state.as_deref() {
        None => AlertState::All,
        Some("firing") => AlertState::Firing,
        Some("resolved") => AlertState::Resolved,
        Some(other) => {
            return Err(ApiError::InvalidParameter(format!(
                "state must be firing or resolved, got {other:?}"
            )))
        }
    };
    let limit = q.limit.unwrap_or(100);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::InvalidParameter(format!(
            "limit must be 1 to 100, got {limit}"
        )));
    }
    let rows = app.alerts(state, limit).await?;
    Ok(Json(Items {
        items: rows.into_iter().map(AlertView::from).collect(),
    }))
}
