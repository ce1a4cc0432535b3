//! `GET /version`: what is running, public. The schema versions are read
//! from the databases, so a deploy can be checked against what it migrated.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use pitwall_app::{App, SchemaVersions};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};

/// The build and the databases' schemas.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionInfo {
    /// The release's semantic version.
    pub version: &'static str,
    /// The git commit built (`unknown` outside a git checkout).
    pub git_sha: &'static str,
    /// When it was built, RFC 3339 UTC (`SOURCE_DATE_EPOCH` when set).
    pub build_time: &'static str,
    /// The schema each database holds now.
    pub schema: SchemaVersions,
}

/// The running build and schema versions.
#[utoipa::path(
    get,
    path = "/version",
    responses(
        (status = 200, body = VersionInfo),
        (status = 503, description = "A database is unavailable", body = Problem),
    )
)]
pub async fn version(State(app): State<Arc<App>>) -> Result<Json<VersionInfo>, ApiError> {
    Ok(Json(VersionInfo {
        version: env!("CARGO_PKG_VERSION"),
        git_sha: env!("PITWALL_GIT_SHA"),
        build_time: env!("PITWALL_BUILD_TIME"),
        schema: app.schema_versions().await?,
    }))
}
