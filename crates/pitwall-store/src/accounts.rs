//! Users, API keys, plans, operator settings and the audit log: the records
//! behind principals, limits and the admin API, and the trait each backend
//! implements for them (the SQLite one in `sqlite/accounts.rs`; a PostgreSQL
//! one must pass the same [`crate::conformance::account_store_suite`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    /// UUIDv7.
    pub id: Uuid,
    /// Display name (free text, shown literally).
    pub name: String,
    /// The plan name whose limits apply.
    pub plan: String,
    /// A blocked user's keys are refused with 403 `blocked`.
    pub blocked: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// An API key as stored: never the secret, only its HMAC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRow {
    /// The public id (`pw_<public id>_…`).
    pub public_id: String,
    /// Whose key it is.
    pub user_id: Uuid,
    /// Free-text label (shown literally).
    pub label: String,
    /// `user` or `admin`.
    pub role: String,
    /// HMAC-SHA-256 of the secret under the server's pepper.
    #[serde(skip)]
    pub hash: Vec<u8>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// After this it is refused; `None`: no expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Last successful use (updated at most once a minute per key).
    pub last_used_at: Option<DateTime<Utc>>,
}

impl KeyRow {
    /// Whether the key may be used at `now` (not revoked, not expired).
    pub fn active_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none_or(|r| r > now) && self.expires_at.is_none_or(|e| e > now)
    }
}

/// One admin action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Store-assigned sequence number (ignored on insert).
    pub id: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it (principal id).
    pub actor: String,
    /// What (`user.create`, `key.revoke`, `plan.set`, `llm.switch`, …).
    pub action: String,
    /// On what (user id, key id, plan name, setting).
    pub target: String,
    /// The state before, when there was one.
    pub before: Option<serde_json::Value>,
    /// The state after, when there is one.
    pub after: Option<serde_json::Value>,
    /// The request (or CLI run) that did it.
    pub request_id: String,
}

/// Storage of users, keys, plans, settings and the audit log.
#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// Stores a new user.
    async fn insert_user(&self, user: &UserRow) -> Result<(), StoreError>;
    /// One user.
    async fn get_user(&self, id: Uuid) -> Result<Option<UserRow>, StoreError>;
    /// Every user, oldest first.
    async fn list_users(&self) -> Result<Vec<UserRow>, StoreError>;
    /// Replaces a user's name, plan and blocked flag; false if there is no such user.
    async fn update_user(&self, user: &UserRow) -> Result<bool, StoreError>;
    /// Stores a new key (the user must exist).
    async fn insert_key(&self, key: &KeyRow) -> Result<(), StoreError>;
    /// A key by public id, with its user: the one lookup authentication makes.
    async fn find_key(&self, public_id: &str) -> Result<Option<(KeyRow, UserRow)>, StoreError>;
    /// A user's keys, oldest first (revoked ones included).
    async fn list_keys(&self, user: Uuid) -> Result<Vec<KeyRow>, StoreError>;
    /// Sets when a key stops working: revocation (now) or the end of a
    /// rotation's overlap (later). Only moves the time earlier; false if
    /// there is no such key.
    async fn revoke_key(&self, public_id: &str, at: DateTime<Utc>) -> Result<bool, StoreError>;
    /// Records a key's use without waiting for a commit (best effort).
    async fn touch_key(&self, public_id: &str, at: DateTime<Utc>);
    /// Creates or replaces a plan's limits.
    async fn put_plan(&self, name: &str, limits: &serde_json::Value) -> Result<(), StoreError>;
    /// Every stored plan, by name.
    async fn list_plans(&self) -> Result<Vec<(String, serde_json::Value)>, StoreError>;
    /// Creates or replaces an operator setting.
    async fn put_setting(&self, name: &str, value: &serde_json::Value) -> Result<(), StoreError>;
    /// An operator setting.
    async fn get_setting(&self, name: &str) -> Result<Option<serde_json::Value>, StoreError>;
    /// Appends to the audit log.
    async fn insert_audit(&self, row: &AuditRow) -> Result<(), StoreError>;
    /// The audit log, newest first, at most `limit` (1..=100) rows with id below `before`.
    async fn list_audit(
        &self,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<AuditRow>, StoreError>;
}
