//! The schema versions of both databases, as `GET /version` reports them.

use std::sync::Arc;

use serde::Serialize;
use utoipa::ToSchema;

use crate::{App, AppError};

/// Which schema each database holds now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct SchemaVersions {
    /// The newest migration applied to the app database.
    pub app_db: i64,
    /// The F1 database's format (`PRAGMA user_version`).
    pub f1_db: i64,
}

impl App {
    /// Reads both versions from the databases themselves (not from
    /// constants), so a deploy shows what it really runs against.
    pub async fn schema_versions(&self) -> Result<SchemaVersions, AppError> {
        let app_db = self.store.schema_version().await?;
        let f1 = Arc::clone(&self.f1);
        let f1_db = tokio::task::spawn_blocking(move || f1.format_version()).await??;
        Ok(SchemaVersions { app_db, f1_db })
    }
}
