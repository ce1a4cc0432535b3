//! `GET /healthz` (the process is alive) and `GET /readyz` (it can answer).
//! Neither ever calls a paid upstream: a probe every few seconds must cost $0.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use pitwall_app::{App, Readiness};
use serde_json::{json, Value};

/// Liveness: answers as long as the process serves requests.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: the F1 data is loaded and the app database is reachable.
#[utoipa::path(
    get,
    path = "/readyz",
    responses((status = 200, body = Readiness), (status = 503, description = "Not ready", body = Readiness))
)]
pub async fn readyz(State(app): State<Arc<App>>) -> (StatusCode, Json<Readiness>) {
    let readiness = app.readiness().await;
    let status = if readiness.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(readiness))
}
