//! `GET /v1/history` and `GET /v1/history/{id}`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::Json;
use pitwall_app::{App, AskResponse};
use pitwall_store::HistoryPage;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::error::{ApiError, Problem};

/// Query parameters of the history list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<String>,
    /// Cursor: the `next_before` of the previous page.
    pub before: Option<String>,
}

/// A page of history, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryPageResponse {
    /// The entries.
    pub items: Vec<AskResponse>,
    /// Pass as `before` to get the next page; absent on the last page.
    pub next_before: Option<Uuid>,
}

/// Lists asked questions, newest first, with cursor pagination.
#[utoipa::path(
    get,
    path = "/v1/history",
    params(HistoryQuery),
    responses(
        (status = 200, body = HistoryPageResponse),
        (status = 400, description = "Bad limit or cursor", body = Problem),
    )
)]
pub async fn list(
    State(app): State<Arc<App>>,
    query: Result<Query<HistoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<HistoryPageResponse>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let limit = match query.limit.as_deref() {
        None => 20,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n @ 1..=100) => n,
            _ => {
                return Err(ApiError::InvalidParameter(format!(
                    "limit must be 1 to 100, got {raw:?}"
                )))
            }
        },
    };
    let before = match query.before.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(Uuid::parse_str(raw).map_err(|_| {
            ApiError::InvalidParameter(format!("before is not a history id: {raw:?}"))
        })?),
    };
    let items = app.history(HistoryPage { limit, before }).await?;
    let full_page = items.len() == limit as usize;
    let next_before = if full_page {
        items.last().map(|e| e.id)
    } else {
        None
    };
    Ok(Json(HistoryPageResponse { items, next_before }))
}

/// One history entry, in the shape `POST /v1/ask` returned it.
#[utoipa::path(
    get,
    path = "/v1/history/{id}",
    params(("id" = String, Path, description = "History id")),
    responses(
        (status = 200, body = AskResponse),
        (status = 400, description = "Not a valid id", body = Problem),
        (status = 404, description = "No such entry", body = Problem),
    )
)]
pub async fn get(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<AskResponse>, ApiError> {
    let id = Uuid::parse_str(&id)
        .map_err(|_| ApiError::InvalidParameter(format!("not a history id: {id:?}")))?;
    Ok(Json(app.history_entry(id).await?))
}
