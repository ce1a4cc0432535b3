//! `GET /v1/history/{id}/chart.svg`: a stored answer's chart, drawn on the
//! server by `pitwall-charts` from the answer's own rows and hint.
//!
//! Same rules as `GET /v1/history/{id}` (it sits behind the same plan
//! limits): the caller's own entry, or any for an admin; someone else's
//! id and an answer without a chart are both 404. The SVG is inert (no
//! script, no external reference, every label escaped) and is served with
//! the strict CSP of every response; the page shows it through an `<img>`
//! with a `data:` URL, which the CSP allows (`img-src 'self' data:`).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use pitwall_app::App;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caller::Caller;
use crate::error::{ApiError, Problem};

/// Query parameters of the chart route.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ChartQuery {
    /// Layout width in pixels, 300 to 1280 (default 640; values outside
    /// are clamped). The page sends its chart box's width, so text keeps
    /// its size on a phone instead of being scaled down.
    pub width: Option<String>,
}

/// A stored answer's chart as a standalone SVG image.
#[utoipa::path(
    get,
    path = "/v1/history/{id}/chart.svg",
    params(("id" = String, Path, description = "History id"), ChartQuery),
    responses(
        (status = 200, description = "The chart (image/svg+xml): axes, units, a legend, \
         and a title and description as its text alternative", content_type = "image/svg+xml", body = String),
        (status = 400, description = "Not a valid id or width", body = Problem),
        (status = 404, description = "No such entry, someone else's, or an answer without a chart", body = Problem),
    )
)]
pub async fn chart_svg(
    State(app): State<Arc<App>>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    query: Result<Query<ChartQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let width = match query.width.as_deref() {
        None | Some("") => 640.0,
        Some(raw) => match raw.parse::<u32>() {
            Ok(w) => f64::from(w),
            Err(_) => {
                return Err(ApiError::InvalidParameter(format!(
                    "width must be a whole number of pixels, got {raw:?}"
                )))
            }
        },
    };
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| ApiError::InvalidParameter(format!("not a history id: {id:?}")))?;
    let whose = (!caller.is_admin()).then_some(&caller.id);
    let answer = app.history_entry(id, whose).await?;
    let chart = pitwall_app::chart::render(&answer, width)
        .ok_or_else(|| ApiError::NotFound(format!("history entry {id} has no chart")))?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        chart.svg,
    ))
}
