//! `GET /v1/admin/security`: failed authentications, blocked users' keys and
//! limit refusals, counted per kind, principal, IP group and key.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;
use pitwall_app::App;
use pitwall_store::SecurityCount;
use serde::Deserialize;

use crate::error::ApiError;
use crate::routes::admin::Admin;
use crate::routes::admin_accounts::Items;

/// `GET /v1/admin/security` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityQuery {
    /// Look-back: `7d` (default), `24h`, `30m`.
    pub since: Option<String>,
}

/// Security events since the look-back, most first.
pub async fn security(
    _: Admin,
    State(app): State<Arc<App>>,
    query: Result<Query<SecurityQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Items<SecurityCount>>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let raw = q.since.as_deref().unwrap_or("7d");
    let since = pitwall_app::parse_since(raw).ok_or_else(|| {
        ApiError::InvalidParameter(format!("since must look like 7d, 24h or 30m, got {raw:?}"))
    })?;
    Ok(Json(Items {
        items: app.security_summary(since).await?,
    }))
}
