//! Admin operations on users and keys, shared by the admin API and the
//! `pitwall admin` CLI so both behave (and audit) the same. Every change is
//! written to the audit log with its actor, target, before and after.

use chrono::{DateTime, Utc};
use pitwall_config::SecretString;
use pitwall_store::{new_id, AuditRow, KeyRow, StoreError, UserRow};
use serde::Serialize;
use uuid::Uuid;

use crate::keys::{generate_key, KeyId};
use crate::principal::{PlanName, Principal};
use crate::App;

/// Longest display name or key label.
const MAX_TEXT: usize = 200;

/// What went wrong with an admin operation.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No such user, key or plan.
    #[error("{0}")]
    NotFound(String),
    /// A bad value (empty name, unknown plan, expiry in the past).
    #[error("{0}")]
    Invalid(String),
    /// Keys need `PITWALL_KEY_PEPPER`.
    #[error("API keys are disabled: set PITWALL_KEY_PEPPER (or PITWALL_KEY_PEPPER_FILE)")]
    KeysDisabled,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The random source failed.
    #[error(transparent)]
    Random(#[from] crate::keys::RandomError),
    /// The budget store failed.
    #[error(transparent)]
    Budget(#[from] pitwall_budget::BudgetError),
}

impl AdminError {
    /// The HTTP status this maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AdminError::NotFound(_) => 404,
            AdminError::Invalid(_) => 400,
            AdminError::KeysDisabled => 409,
            AdminError::Store(_) => 503,
            AdminError::Random(_) => 500,
            AdminError::Budget(_) => 503,
        }
    }
}

/// Who does an admin action, for the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The admin principal.
    pub principal: Principal,
    /// The request (or CLI run) id.
    pub request_id: String,
}

/// A key as listed: never its secret or hash.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KeyInfo {
    /// Public id.
    pub public_id: String,
    /// Whose key.
    pub user_id: Uuid,
    /// Label.
    pub label: String,
    /// `user` or `admin`.
    pub role: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Expiry, if any.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it stopped (or stops, during a rotation's overlap) working.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Last seen in use (updated at most every few seconds).
    pub last_used_at: Option<DateTime<Utc>>,
}

impl From<KeyRow> for KeyInfo {
    fn from(k: KeyRow) -> Self {
        KeyInfo {
            public_id: k.public_id,
            user_id: k.user_id,
            label: k.label,
            role: k.role,
            created_at: k.created_at,
            expires_at: k.expires_at,
            revoked_at: k.revoked_at,
            last_used_at: k.last_used_at,
        }
    }
}

/// A key just created: the only time its secret is available.
pub struct CreatedKey {
    /// The stored record.
    pub info: KeyInfo,
    /// `pw_<public id>_<secret>`.
    pub key: SecretString,
}

/// A change to a user.
#[derive(Debug, Default, Clone)]
pub struct UserChange {
    /// New plan.
    pub plan: Option<PlanName>,
    /// Block or unblock.
    pub blocked: Option<bool>,
}

fn check_text(what: &str, text: &str) -> Result<String, AdminError> {
    let trimmed = text.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > MAX_TEXT
        || trimmed.chars().any(char::is_control)
        // A bidi override makes a name read differently in the admin CLI,
        // the audit log and the page than it is stored (as in questions).
        || trimmed.chars().any(crate::question::is_bidi_control)
    {
        return Err(AdminError::Invalid(format!(
            "{what} must be 1 to {MAX_TEXT} characters without control or bidirectional-control characters"
        )));
    }
    Ok(trimmed.to_string())
}

fn json<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

impl App {
    /// Writes one audit row.
    pub(crate) async fn audit(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<(), AdminError> {
        tracing::info!(actor = %actor.principal.id, action, target, request_id = %actor.request_id, "admin action");
        self.store
            .insert_audit(&AuditRow {
                id: 0,
                at: Utc::now(),
                actor: actor.principal.id.to_string(),
                action: action.into(),
                target: target.into(),
                before,
                after,
                request_id: actor.request_id.clone(),
            })
            .await?;
        Ok(())
    }

    /// Creates a user on `plan`.
    pub async fn create_user(
        &self,
        actor: &Actor,
        name: &str,
        plan: &PlanName,
    ) -> Result<UserRow, AdminError> {
        self.check_plan(plan).await?;
        let user = UserRow {
            id: new_id(),
            name: check_text("name", name)?,
            plan: plan.to_string(),
            blocked: false,
            created_at: Utc::now(),
        };
        self.store.insert_user(&user).await?;
        self.audit(
            actor,
            "user.create",
            &user.id.to_string(),
            None,
            json(&user),
        )
        .await?;
        Ok(user)
    }

    /// Every user.
    pub async fn users(&self) -> Result<Vec<UserRow>, AdminError> {
        Ok(self.store.list_users().await?)
    }

    /// One user.
    pub async fn user(&self, id: Uuid) -> Result<UserRow, AdminError> {
        self.store
            .get_user(id)
            .await?
            .ok_or_else(|| AdminError::NotFound(format!("no user {id}")))
    }

    /// Changes a user's plan or blocked flag; applies on their next request.
    pub async fn change_user(
        &self,
        actor: &Actor,
        id: Uuid,
        change: UserChange,
    ) -> Result<UserRow, AdminError> {
        let before = self.user(id).await?;
        let mut after = before.clone();
        if let Some(plan) = &change.plan {
            self.check_plan(plan).await?;
            after.plan = plan.to_string();
        }
        if let Some(blocked) = change.blocked {
            after.blocked = blocked;
        }
        self.store.update_user(&after).await?;
        self.key_cache.clear();
        let action = match (change.plan.is_some(), change.blocked) {
            (true, _) => "user.set_plan",
            (false, Some(true)) => "user.block",
            (false, Some(false)) => "user.unblock",
            (false, None) => "user.update",
        };
        self.audit(actor, action, &id.to_string(), json(&before), json(&after))
            .await?;
        Ok(after)
    }

    /// Creates a key for a user; the secret is in the result and nowhere else.
    pub async fn create_key(
        &self,
        actor: &Actor,
        user: Uuid,
        label: &str,
        expires_at: Option<DateTime<Utc>>,
        admin: bool,
    ) -> Result<CreatedKey, AdminError> {
        let hasher = self.key_hasher.as_ref().ok_or(AdminError::KeysDisabled)?;
        self.user(user).await?;
        if expires_at.is_some_and(|at| at <= Utc::now()) {
            return Err(AdminError::Invalid("expires_at is in the past".into()));
        }
        let new = generate_key()?;
        let secret = crate::keys::parse_key(pitwall_config::ExposeSecret::expose_secret(&new.key))
            .map(|p| p.secret.to_string())
            .unwrap_or_default();
        let row = KeyRow {
            public_id: new.id.to_string(),
            user_id: user,
            label: check_text("label", label)?,
            role: if admin { "admin" } else { "user" }.into(),
            hash: hasher.hash(&new.id, &secret),
            created_at: Utc::now(),
            expires_at,
            revoked_at: None,
            last_used_at: None,
        };
        self.store.insert_key(&row).await?;
        let info = KeyInfo::from(row);
        self.audit(actor, "key.create", &info.public_id, None, json(&info))
            .await?;
        Ok(CreatedKey { info, key: new.key })
    }

    /// A user's keys.
    pub async fn keys(&self, user: Uuid) -> Result<Vec<KeyInfo>, AdminError> {
        self.user(user).await?;
        Ok(self
            .store
            .list_keys(user)
            .await?
            .into_iter()
            .map(KeyInfo::from)
            .collect())
    }

    async fn key(&self, id: &KeyId) -> Result<KeyRow, AdminError> {
        self.store
            .find_key(id.as_str())
            .await?
            .map(|(k, _)| k)
            .ok_or_else(|| AdminError::NotFound(format!("no key {id}")))
    }

    /// Revokes a key at once (and drops it from the verified-key cache).
    pub async fn revoke_key(&self, actor: &Actor, id: &KeyId) -> Result<(), AdminError> {
        let before = KeyInfo::from(self.key(id).await?);
        self.store.revoke_key(id.as_str(), Utc::now()).await?;
        self.key_cache.clear();
        let after = KeyInfo::from(self.key(id).await?);
        self.audit(
            actor,
            "key.revoke",
            id.as_str(),
            json(&before),
            json(&after),
        )
        .await
    }

    /// Rotates a key: a new key with the same user, label, role and expiry;
    /// the old one keeps working for `overlap`, then stops.
    pub async fn rotate_key(
        &self,
        actor: &Actor,
        id: &KeyId,
        overlap: chrono::Duration,
    ) -> Result<CreatedKey, AdminError> {
        let old = self.key(id).await?;
        if !old.active_at(Utc::now()) {
            return Err(AdminError::Invalid(format!(
                "key {id} is revoked or expired"
            )));
        }
        let new = self
            .create_key(
                actor,
                old.user_id,
                &old.label,
                old.expires_at,
                old.role == "admin",
            )
            .await?;
        self.store
            .revoke_key(id.as_str(), Utc::now() + overlap)
            .await?;
        self.key_cache.clear();
        self.audit(
            actor,
            "key.rotate",
            id.as_str(),
            json(&KeyInfo::from(old)),
            json(&new.info),
        )
        .await?;
        Ok(new)
    }

    /// The audit log, newest first.
    pub async fn audit_log(
        &self,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<AuditRow>, AdminError> {
        Ok(self.store.list_audit(limit, before).await?)
    }

    /// Refuses a plan that is not defined (in the config or stored).
    async fn check_plan(&self, plan: &PlanName) -> Result<(), AdminError> {
        if self.plans().await?.iter().any(|p| p.name == plan.as_str()) {
            Ok(())
        } else {
            Err(AdminError::Invalid(format!("no plan named {plan}")))
        }
    }
}
