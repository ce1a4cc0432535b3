//! `GET /v1/capabilities`: the kinds of question the local engine answers,
//! with examples, from the engine's own list (public and cacheable: it
//! changes only with a release).

use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// One kind of question.
#[derive(Debug, Serialize, ToSchema)]
pub struct CapabilityView {
    /// A short title ("Race results").
    pub title: String,
    /// One to three questions of this kind the engine answers.
    pub examples: Vec<String>,
}

/// Every kind the engine covers, in display order.
#[derive(Debug, Serialize, ToSchema)]
pub struct Capabilities {
    /// The kinds.
    pub kinds: Vec<CapabilityView>,
}

/// What the engine can answer, for the page's "What can I ask?" panel.
#[utoipa::path(
    get,
    path = "/v1/capabilities",
    responses((status = 200, body = Capabilities))
)]
pub async fn capabilities() -> impl IntoResponse {
    let kinds = pitwall_app::capabilities()
        .iter()
        .map(|c| CapabilityView {
            title: c.title.to_string(),
            examples: c.examples.iter().map(|e| e.to_string()).collect(),
        })
        .collect();
    (
        // The list is fixed per build: an hour's caching spares a request
        // per page load (overrides the default no-store, which is only
        // set when absent).
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(Capabilities { kinds }),
    )
}
