//! Turning a bearer credential into a [`Principal`]: the bootstrap admin
//! token, or an API key verified against its stored HMAC.
//!
//! Verified keys are cached for at most [`KEY_CACHE_TTL`], so a busy client
//! does not cost a database read per request; revoking a key, blocking a
//! user or changing a plan clears the cache, so those take effect on the
//! next request. The cache holds the stored hash, not a verdict: every
//! request's secret is still checked (in constant time) against it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use pitwall_store::{KeyRow, UserRow};

use crate::keys::{parse_key, token_matches, KeyHasher};
use crate::principal::{IpGroup, PlanName, Principal, PrincipalId, PrincipalKind};
use crate::security::{SecurityEvent, SecurityEventKind};
use crate::App;

/// Longest a verified key's record is reused without reading the store.
pub const KEY_CACHE_TTL: Duration = Duration::from_secs(5);
/// Most keys cached; beyond it the cache starts over (bounded memory).
const KEY_CACHE_MAX: usize = 10_000;

/// Why a credential was refused.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Not a valid, active credential (malformed, unknown, revoked,
    /// expired): the same answer for each, so keys cannot be probed.
    #[error("invalid credential")]
    Unauthorized,
    /// A valid key of a blocked user.
    #[error("this user is blocked")]
    Blocked,
    /// The key store failed.
    #[error("key store unavailable: {0}")]
    Unavailable(String),
    /// Too many failed credentials from this IP group lately: refused
    /// without checking, so keys cannot be brute-forced (or the log flooded).
    #[error("too many failed authentications; retry in {retry_after_secs} s")]
    TooManyFailures {
        /// Seconds until a credential is checked again.
        retry_after_secs: u64,
    },
}

/// Failed credentials allowed per IP group per minute.
pub const AUTH_FAILURES_PER_MINUTE: u32 = 20;

impl AuthError {
    /// The HTTP status this maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AuthError::Unauthorized => 401,
            AuthError::Blocked => 403,
            AuthError::Unavailable(_) => 503,
            AuthError::TooManyFailures { .. } => 429,
        }
    }
}

/// A key's record and its user's, as read together from the store.
type KeyAndUser = Arc<(KeyRow, UserRow)>;

/// Recently read key records, by public id.
#[derive(Default)]
pub(crate) struct KeyCache {
    // Shared, not cloned per request: a key and user row are a dozen strings.
    entries: Mutex<HashMap<String, (Instant, KeyAndUser)>>,
}

impl KeyCache {
    fn get(&self, id: &str) -> Option<KeyAndUser> {
        let entries = self.entries.lock().ok()?;
        let (at, found) = entries.get(id)?;
        (at.elapsed() < KEY_CACHE_TTL).then(|| Arc::clone(found))
    }

    fn put(&self, found: KeyAndUser) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= KEY_CACHE_MAX {
                entries.clear();
            }
            entries.insert(found.0.public_id.clone(), (Instant::now(), found));
        }
    }

    /// Forgets everything: after a revocation, block or plan change.
    pub(crate) fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

/// IP groups refused authentication until a time, after too many failures.
#[derive(Default)]
pub(crate) struct Lockouts(Mutex<HashMap<String, Instant>>);

impl Lockouts {
    fn remaining(&self, group: &str) -> Option<Duration> {
        let mut map = self.0.lock().ok()?;
        let until = *map.get(group)?;
        let left = until.checked_duration_since(Instant::now());
        if left.is_none() {
            map.remove(group);
        }
        left
    }

    fn lock_out(&self, group: String, for_: Duration) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= KEY_CACHE_MAX {
                let now = Instant::now();
                map.retain(|_, until| *until > now);
            }
            map.insert(group, Instant::now() + for_);
        }
    }
}

impl App {
    /// The principal a bearer `token` stands for, calling from `group`.
    /// Failures are logged and counted per IP group: past
    /// [`AUTH_FAILURES_PER_MINUTE`], the group's credentials are refused
    /// unchecked until its allowance recovers.
    pub async fn authenticate(&self, token: &str, group: IpGroup) -> Result<Principal, AuthError> {
        let group_key = group.to_string();
        let anonymous = PrincipalId::anonymous(group);
        let key_id = parse_key(token).map(|k| k.id.to_string());
        let event = |kind, detail| SecurityEvent {
            kind,
            principal: &anonymous,
            ip_group: group,
            key_id: key_id.as_deref(),
            detail,
        };
        if let Some(left) = self.auth_lockouts.remaining(&group_key) {
            self.record_security_event(event(SecurityEventKind::RateLimited, "auth_failures"))
                .await;
            return Err(AuthError::TooManyFailures {
                retry_after_secs: left.as_secs() + 1,
            });
        }
        let result = self.verify_credential(token, group).await;
        if let Err(AuthError::Unauthorized | AuthError::Blocked) = &result {
            let kind = if matches!(result, Err(AuthError::Blocked)) {
                SecurityEventKind::Blocked
            } else {
                SecurityEventKind::FailedAuth
            };
            self.record_security_event(event(kind, "")).await;
            tracing::warn!(
                ip_group = %group_key,
                key_id = key_id.as_deref().unwrap_or("-"),
                outcome = if matches!(result, Err(AuthError::Blocked)) { "blocked" } else { "unauthorized" },
                "authentication failed"
            );
            let decision = self
                .principal_limiter
                .check_rate(
                    &format!("authfail:{group_key}"),
                    AUTH_FAILURES_PER_MINUTE,
                    Duration::from_secs(60),
                    Utc::now(),
                )
                .await;
            if !decision.allowed {
                self.record_security_event(event(SecurityEventKind::RateLimited, "auth_failures"))
                    .await;
                self.auth_lockouts.lock_out(group_key, decision.retry_after);
                return Err(AuthError::TooManyFailures {
                    retry_after_secs: decision.retry_after.as_secs() + 1,
                });
            }
        }
        result
    }

    async fn verify_credential(&self, token: &str, group: IpGroup) -> Result<Principal, AuthError> {
        if let Some(admin) = &self.config.admin_token {
            if token_matches(token, admin) {
                return Ok(Principal::bootstrap_admin(group));
            }
        }
        let (Some(presented), Some(hasher)) = (parse_key(token), self.key_hasher.as_ref()) else {
            return Err(AuthError::Unauthorized);
        };
        let found = match self.key_cache.get(presented.id.as_str()) {
            Some(found) => found,
            None => {
                let found = self
                    .store
                    .find_key(presented.id.as_str())
                    .await
                    .map_err(|e| AuthError::Unavailable(e.to_string()))?;
                let Some((key, user)) = found else {
                    // Hash anyway, so an unknown id takes as long as a wrong secret.
                    let _ = hasher.verify(&presented.id, presented.secret, &[]);
                    return Err(AuthError::Unauthorized);
                };
                self.store.touch_key(&key.public_id, Utc::now()).await;
                let found = Arc::new((key, user));
                self.key_cache.put(Arc::clone(&found));
                found
            }
        };
        let (key, user) = (&found.0, &found.1);
        if !hasher.verify(&presented.id, presented.secret, &key.hash) || !key.active_at(Utc::now())
        {
            return Err(AuthError::Unauthorized);
        }
        if user.blocked {
            return Err(AuthError::Blocked);
        }
        Ok(user_principal(key, user, group))
    }
}

/// The principal of a verified key.
fn user_principal(key: &KeyRow, user: &UserRow, group: IpGroup) -> Principal {
    Principal {
        id: PrincipalId::user(user.id),
        kind: if key.role == "admin" {
            PrincipalKind::Admin
        } else {
            PrincipalKind::User
        },
        plan: PlanName::parse(&user.plan).unwrap_or_else(PlanName::anonymous),
        label: user.name.clone(),
        ip_group: group,
        key_id: Some(key.public_id.clone()),
    }
}

/// The hasher, when a pepper is configured.
pub(crate) fn hasher(config: &pitwall_config::Config) -> Option<KeyHasher> {
    config.access.key_pepper.clone().map(KeyHasher::new)
}
