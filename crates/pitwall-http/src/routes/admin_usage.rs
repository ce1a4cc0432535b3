//! `/v1/admin/usage/*`: who asks and spends, across principals (`top`) and
//! for one principal per UTC day (`daily`), from the stored history and
//! usage ledger.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Json;
use pitwall_app::{App, PrincipalId};
use pitwall_store::{UsageDay, UsageOrder, UsageTotal};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::routes::admin::Admin;
use crate::routes::admin_accounts::Items;

/// Days `usage/daily` reports when the query does not say.
const DEFAULT_DAYS: u32 = 7;

/// `GET /v1/admin/usage/top` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageQuery {
    /// `cost` (default), `requests` or `llm`.
    pub by: Option<String>,
    /// Look-back: `24h` (default), `7d`, `30m`.
    pub since: Option<String>,
    /// Rows, 1 to 100 (default 20).
    pub limit: Option<u32>,
}

/// Who asked and spent most: questions, LLM calls and cost per principal.
pub async fn usage_top(
    _: Admin,
    State(app): State<Arc<App>>,
    query: Result<Query<UsageQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Items<UsageTotal>>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let by = match q.by.as_deref().unwrap_or("cost") {
        "cost" => UsageOrder::Cost,
        "requests" => UsageOrder::Requests,
        "llm" => UsageOrder::Llm,
        other => {
            return Err(ApiError::InvalidParameter(format!(
                "by must be cost, requests or llm, got {other:?}"
            )))
        }
    };
    let raw = q.since.as_deref().unwrap_or("24h");
    let since = pitwall_app::parse_since(raw).ok_or_else(|| {
        ApiError::InvalidParameter(format!("since must look like 24h, 7d or 30m, got {raw:?}"))
    })?;
    Ok(Json(Items {
        items: app.usage_top(since, by, q.limit.unwrap_or(20)).await?,
    }))
}

/// `GET /v1/admin/usage/daily` query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyQuery {
    /// `user:<id>` (or the bare user id), `ip:<group>`, `admin:bootstrap`.
    pub principal: String,
    /// Days back, today included: 1 to 400 (default 7).
    pub days: Option<u32>,
}

/// One principal's usage per UTC day.
#[derive(Debug, Serialize)]
pub struct DailyUsage {
    /// Whose.
    pub principal: PrincipalId,
    /// Newest day first, idle days as zeros.
    pub items: Vec<UsageDay>,
}

/// Parses a principal as stored, or a bare user id, so an operator can
/// paste either.
pub fn principal_param(raw: &str) -> Result<PrincipalId, ApiError> {
    PrincipalId::from_operator(raw).ok_or_else(|| {
        ApiError::InvalidParameter(format!(
            "principal must be user:<id>, a user id, ip:<group> or admin:bootstrap, got {raw:?}"
        ))
    })
}

/// Questions asked, LLM calls and cost per UTC day for one principal.
pub async fn usage_daily(
    _: Admin,
    State(app): State<Arc<App>>,
    query: Result<Query<DailyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<DailyUsage>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let principal = principal_param(&q.principal)?;
    let items = app
        .usage_daily(&principal, q.days.unwrap_or(DEFAULT_DAYS))
        .await?;
    Ok(Json(DailyUsage { principal, items }))
}
