//! `GET /healthz` (the process is alive) and `GET /readyz` (it can answer).
//! Neither ever calls a paid upstream: a probe every few seconds must cost $0.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use pitwall_app::{App, PublicReadiness, Readiness};

use crate::routes::admin::Admin;
use serde_json::{json, Value};

/// Liveness: answers as long as the process serves requests.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: the F1 data is loaded and the app database is reachable.
/// Public, so it says only ready or not and which check failed.
#[utoipa::path(
    get,
    path = "/readyz",
    responses((status = 200, body = PublicReadiness), (status = 503, description = "Not ready", body = PublicReadiness))
)]
pub async fn readyz(State(app): State<Arc<App>>) -> (StatusCode, Json<PublicReadiness>) {
    let readiness = app.readiness().await;
    let status = if readiness.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(PublicReadiness::from(&readiness)))
}

/// The operators' view: every check with details, the LLM path (model,
/// breaker, global budgets and spend) and uptime. Never calls the LLM.
#[utoipa::path(get, path = "/v1/admin/status", responses((status = 200, body = Readiness), (status = 401), (status = 403)))]
pub async fn admin_status(_: Admin, State(app): State<Arc<App>>) -> Json<Readiness> {
    Json(app.readiness().await)
}
