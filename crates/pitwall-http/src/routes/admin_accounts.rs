//! `/v1/admin/users`, `/v1/admin/keys` and `/v1/admin/audit`: users, their
//! API keys and the audit log. Every handler takes [`Admin`] first, so a
//! caller without an admin credential is refused before the body is read.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::{DateTime, Utc};
use pitwall_app::keys::KeyId;
use pitwall_app::{Actor, App, KeyInfo, PlanName, UserChange};
use pitwall_config::ExposeSecret;
use pitwall_store::{AuditRow, UserRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::ApiError;
use crate::json::StrictJson;
use crate::request_id::RequestId;
use crate::routes::admin::Admin;

/// Default overlap of a rotation: the old key keeps working this long.
const DEFAULT_ROTATION_OVERLAP_SECS: i64 = 3_600;

/// The actor of an admin request, for the audit log.
pub(crate) fn actor(admin: Admin, request_id: RequestId) -> Actor {
    Actor {
        principal: admin.0,
        request_id: request_id.0,
    }
}

/// `POST /v1/admin/users`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Display name.
    pub name: String,
    /// Plan (default `free`).
    pub plan: Option<String>,
}

/// `PUT /v1/admin/users/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    /// New plan.
    pub plan: Option<String>,
    /// Block (`true`) or unblock.
    pub blocked: Option<bool>,
}

/// `POST /v1/admin/users/{id}/keys`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    /// Label (e.g. where the key is used).
    pub label: String,
    /// When the key stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// `user` (default) or `admin`.
    pub role: Option<String>,
}

/// `POST /v1/admin/keys/{public_id}/rotate?overlap_secs=N`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// Seconds the old key keeps working (default 3,600; 0 = stops now).
    pub overlap_secs: Option<u32>,
}

/// A key as created: the only response that carries its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedKeyResponse {
    /// `pw_<public id>_<secret>`: store it now, it is never shown again.
    pub key: String,
    /// The public id.
    pub public_id: String,
    /// Label.
    pub label: String,
    /// `user` or `admin`.
    pub role: String,
    /// Expiry, if any.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Items<T> {
    /// The entries.
    pub items: Vec<T>,
}

/// Audit log query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Page size 1 to 100 (default 50).
    pub limit: Option<u32>,
    /// Cursor: entries with a smaller id.
    pub before: Option<i64>,
}

fn plan_name(raw: &str) -> Result<PlanName, ApiError> {
    PlanName::parse(raw).ok_or_else(|| ApiError::InvalidBody(format!("not a plan name: {raw:?}")))
}

fn user_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::NotFound(format!("no user {raw:?}")))
}

fn key_id(raw: &str) -> Result<KeyId, ApiError> {
    KeyId::parse(raw).ok_or_else(|| ApiError::NotFound(format!("no key {raw:?}")))
}

fn created(key: pitwall_app::CreatedKey) -> (StatusCode, Json<CreatedKeyResponse>) {
    (
        StatusCode::CREATED,
        Json(CreatedKeyResponse {
            key: key.key.expose_secret().to_string(),
            public_id: key.info.public_id,
            label: key.info.label,
            role: key.info.role,
            expires_at: key.info.expires_at,
        }),
    )
}

/// Creates a user.
pub async fn create_user(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    StrictJson(body): StrictJson<NewUser>,
) -> Result<(StatusCode, Json<UserRow>), ApiError> {
    let plan = plan_name(body.plan.as_deref().unwrap_or("free"))?;
    let user = app
        .create_user(&actor(admin, rid), &body.name, &plan)
        .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Lists users.
pub async fn list_users(
    _: Admin,
    State(app): State<Arc<App>>,
) -> Result<Json<Items<UserRow>>, ApiError> {
    Ok(Json(Items {
        items: app.users().await?,
    }))
}

/// One user.
pub async fn get_user(
    _: Admin,
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<UserRow>, ApiError> {
    Ok(Json(app.user(user_id(&id)?).await?))
}

/// Changes a user's plan or blocks/unblocks them.
pub async fn update_user(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    StrictJson(body): StrictJson<UserUpdate>,
) -> Result<Json<UserRow>, ApiError> {
    let change = UserChange {
        plan: body.plan.as_deref().map(plan_name).transpose()?,
        blocked: body.blocked,
    };
    let id = user_id(&id)?;
    Ok(Json(app.change_user(&actor(admin, rid), id, change).await?))
}

/// Creates a key for a user; the response is the only place its secret appears.
pub async fn create_key(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    StrictJson(body): StrictJson<NewKey>,
) -> Result<(StatusCode, Json<CreatedKeyResponse>), ApiError> {
    let admin_role = match body.role.as_deref() {
        None | Some("user") => false,
        Some("admin") => true,
        Some(other) => {
            return Err(ApiError::InvalidBody(format!(
                "role must be user or admin, got {other:?}"
            )))
        }
    };
    let id = user_id(&id)?;
    let key = app
        .create_key(
            &actor(admin, rid),
            id,
            &body.label,
            body.expires_at,
            admin_role,
        )
        .await?;
    Ok(created(key))
}

/// A user's keys (never their secrets).
pub async fn list_keys(
    _: Admin,
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<Items<KeyInfo>>, ApiError> {
    Ok(Json(Items {
        items: app.keys(user_id(&id)?).await?,
    }))
}

/// Revokes a key at once.
pub async fn revoke_key(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    app.revoke_key(&actor(admin, rid), &key_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rotates a key: a new key now, the old one valid for the overlap.
pub async fn rotate_key(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    Path(id): Path<String>,
    query: Result<Query<Rotation>, axum::extract::rejection::QueryRejection>,
) -> Result<(StatusCode, Json<CreatedKeyResponse>), ApiError> {
    let Query(rotation) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    let overlap = rotation
        .overlap_secs
        .map_or(DEFAULT_ROTATION_OVERLAP_SECS, i64::from);
    let key = app
        .rotate_key(
            &actor(admin, rid),
            &key_id(&id)?,
            chrono::Duration::seconds(overlap),
        )
        .await?;
    Ok(created(key))
}

/// The audit log, newest first.
pub async fn audit(
    _: Admin,
    State(app): State<Arc<App>>,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Items<AuditRow>>, ApiError> {
    let Query(q) = query.map_err(|e| ApiError::InvalidParameter(e.body_text()))?;
    Ok(Json(Items {
        items: app.audit_log(q.limit.unwrap_or(50), q.before).await?,
    }))
}
