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
    /// The newest app-database migration this binary knows. Above
    /// `app_db` only in the moment before migrating; below it when a newer
    /// release migrated the database and this one runs on it (allowed only
    /// when `app_db_min_reader` is at most this).
    pub app_db_known: i64,
    /// The database's recorded compatibility level: the oldest binary
    /// schema (an earlier release's `app_db_known`) that may run on it, so
    /// a rollback target can be checked before it is deployed. Null when
    /// no release recorded one.
    pub app_db_min_reader: Option<i64>,
    /// The F1 database's format (`PRAGMA user_version`).
    pub f1_db: i64,
}

impl App {
    /// Reads both versions from the databases themselves (not from
    /// constants), so a deploy shows what it really runs against.
    pub async fn schema_versions(&self) -> Result<SchemaVersions, AppError> {
        let app_db = self.store.schema_version().await?;
        let app_db_min_reader = self.store.min_reader_schema().await?;
        let f1 = Arc::clone(&self.f1);
        let f1_db = tokio::task::spawn_blocking(move || f1.format_version()).await??;
        Ok(SchemaVersions {
            app_db,
            app_db_known: pitwall_store::SqliteStore::known_schema_version(),
            app_db_min_reader,
            f1_db,
        })
    }
}
