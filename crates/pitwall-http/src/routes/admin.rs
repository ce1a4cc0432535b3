//! Operator endpoints. `PITWALL_ADMIN_TOKEN` (bearer) guards them; without a
//! token configured they answer only to loopback clients, so a default
//! install never exposes them to the network.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};
use pitwall_app::llm::LlmStatus;
use pitwall_app::App;
use pitwall_config::ExposeSecret;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::json::StrictJson;

/// The body of `PUT /v1/admin/llm`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LlmSwitch {
    /// `false` puts the service in fallback-only mode (no LLM calls) at once.
    pub enabled: bool,
}

fn authorize(app: &App, headers: &HeaderMap, peer: Option<SocketAddr>) -> Result<(), ApiError> {
    match &app.config.admin_token {
        Some(token) => {
            let presented = headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            match presented {
                Some(p) if constant_time_eq(p.as_bytes(), token.expose_secret().as_bytes()) => {
                    Ok(())
                }
                _ => Err(ApiError::Unauthorized),
            }
        }
        None if peer.is_some_and(|p| p.ip().is_loopback()) => Ok(()),
        None => Err(ApiError::Forbidden(
            "admin endpoints need PITWALL_ADMIN_TOKEN to be used off-host".into(),
        )),
    }
}

/// Compares without an early exit, so response time does not leak the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The LLM path's state: configured, switched on, breaker, budgets. Never calls the LLM.
#[utoipa::path(get, path = "/v1/admin/llm", responses((status = 200, body = LlmStatus), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn llm_status(
    State(app): State<Arc<App>>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> Result<Json<LlmStatus>, ApiError> {
    authorize(&app, &headers, peer.map(|Extension(c)| c.0))?;
    Ok(Json(app.llm().status().await))
}

/// Switches the LLM on or off without a restart.
#[utoipa::path(put, path = "/v1/admin/llm", request_body = LlmSwitch, responses((status = 200, body = LlmStatus), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_llm(
    State(app): State<Arc<App>>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    StrictJson(body): StrictJson<LlmSwitch>,
) -> Result<Json<LlmStatus>, ApiError> {
    authorize(&app, &headers, peer.map(|Extension(c)| c.0))?;
    app.llm().set_enabled(body.enabled);
    Ok(Json(app.llm().status().await))
}
