//! `GET /openapi.json`, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

use crate::error::Problem;
use crate::routes::{admin, ask, capabilities, chart, health, history, version};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "pitwall",
        description = "Formula 1 questions in plain English."
    ),
    paths(
        ask::ask,
        admin::llm_status,
        admin::set_llm,
        history::list,
        history::get,
        history::delete_one,
        history::delete_all,
        chart::chart_svg,
        capabilities::capabilities,
        health::healthz,
        health::readyz,
        health::admin_status,
        version::version
    ),
    components(schemas(
        Problem,
        ask::AskRequest,
        history::HistoryPageResponse,
        pitwall_app::AskResponse,
        pitwall_app::ChartHint,
        pitwall_app::ChartKind,
        capabilities::Capabilities,
        capabilities::CapabilityView,
        version::VersionInfo,
        pitwall_app::SchemaVersions
    ))
)]
pub struct ApiDoc;

/// Serves the OpenAPI document.
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
