//! `GET /v1/history`, `GET|DELETE /v1/history/{id}`, `DELETE /v1/history`.
//!
//! History is private: each principal sees and erases only its own entries
//! (an anonymous client: its IP group's). Another principal's id answers 404,
//! exactly like an id that does not exist, so ids cannot be probed. Admins
//! see every entry and may filter the list by `principal`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use pitwall_app::{App, AskResponse, PrincipalId};
use pitwall_store::HistoryPage;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::caller::Caller;
use crate::error::{ApiError, Problem};

/// Query parameters of the history list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<String>,
    /// Cursor: the `next_before` of the previous page.
    pub before: Option<String>,
    /// Admins only: one principal's entries (`user:<id>`, `ip:<group>`);
    /// admins without it see everyone's.
    pub principal: Option<String>,
}

/// A page of history, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryPageResponse {
    /// The entries.
    pub items: Vec<AskResponse>,
    /// Pass as `before` to get the next page; absent on the last page.
    pub next_before: Option<Uuid>,
}

/// How many entries `DELETE /v1/history` erased.
#[derive(Debug, Serialize, ToSchema)]
pub struct Erased {
    /// Entries erased.
    pub deleted: u64,
}

/// Lists the caller's questions, newest first, with cursor pagination.
#[utoipa::path(
    get,
    path = "/v1/history",
    params(HistoryQuery),
    responses(
        (status = 200, body = HistoryPageResponse),
        (status = 400, description = "Bad limit, cursor or principal", body = Problem),
        (status = 401, body = Problem),
        (status = 403, body = Problem),
    )
)]
pub async fn list(
    State(app): State<Arc<App>>,
    Caller(caller): Caller,
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
    let whose =
        match (query.principal.as_deref(), caller.is_admin()) {
            (Some(_), false) => {
                return Err(ApiError::Forbidden(
                    "only admins may filter history by principal".into(),
                ))
            }
            (Some(raw), true) => Some(PrincipalId::parse(raw).ok_or_else(|| {
                ApiError::InvalidParameter(format!("not a principal id: {raw:?}"))
            })?),
            (None, true) => None,
            (None, false) => Some(caller.id.clone()),
        };
    let items = app
        .history(HistoryPage { limit, before }, whose.as_ref())
        .await?;
    let full_page = items.len() == limit as usize;
    let next_before = if full_page {
        items.last().map(|e| e.id)
    } else {
        None
    };
    Ok(Json(HistoryPageResponse { items, next_before }))
}

fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(id).map_err(|_| ApiError::InvalidParameter(format!("not a history id: {id:?}")))
}

/// One of the caller's entries, in the shape `POST /v1/ask` returned it.
#[utoipa::path(
    get,
    path = "/v1/history/{id}",
    params(("id" = String, Path, description = "History id")),
    responses(
        (status = 200, body = AskResponse),
        (status = 400, description = "Not a valid id", body = Problem),
        (status = 404, description = "No such entry, or someone else's", body = Problem),
    )
)]
pub async fn get(
    State(app): State<Arc<App>>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> Result<Json<AskResponse>, ApiError> {
    let id = parse_id(&id)?;
    let whose = (!caller.is_admin()).then_some(&caller.id);
    Ok(Json(app.history_entry(id, whose).await?))
}

/// Erases one of the caller's entries (204; 404 if it is not theirs).
#[utoipa::path(
    delete,
    path = "/v1/history/{id}",
    params(("id" = String, Path, description = "History id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 404, description = "No such entry, or someone else's", body = Problem),
    )
)]
pub async fn delete_one(
    State(app): State<Arc<App>>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = parse_id(&id)?;
    app.erase_history_entry(id, &caller.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Erases every entry of the caller.
#[utoipa::path(
    delete,
    path = "/v1/history",
    responses((status = 200, body = Erased))
)]
pub async fn delete_all(
    State(app): State<Arc<App>>,
    Caller(caller): Caller,
) -> Result<Json<Erased>, ApiError> {
    Ok(Json(Erased {
        deleted: app.erase_history(&caller.id).await?,
    }))
}
