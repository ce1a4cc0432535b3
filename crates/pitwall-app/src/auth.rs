//! Turning a bearer credential into a [`Principal`]: the bootstrap admin
//! token, or an API key verified against its stored HMAC.
//!
//! Verified keys are cached for at most [`KEY_CACHE_TTL`], so a busy client
//! does not cost a database read per request; revoking a key, blocking a
//! user or changing a plan clears the cache, so those take effect on the
//! next request. The cache holds the stored hash, not a verdict: every
//! request's secret is still checked (in constant time) against it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::Utc;
use pitwall_store::{KeyRow, UserRow};

use crate::keys::{parse_key, token_matches, KeyHasher};
use crate::principal::{IpGroup, PlanName, Principal, PrincipalId, PrincipalKind};
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
}

impl AuthError {
    /// The HTTP status this maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AuthError::Unauthorized => 401,
            AuthError::Blocked => 403,
            AuthError::Unavailable(_) => 503,
        }
    }
}

/// Recently read key records, by public id.
#[derive(Default)]
pub(crate) struct KeyCache {
    entries: Mutex<HashMap<String, (Instant, KeyRow, UserRow)>>,
}

impl KeyCache {
    fn get(&self, id: &str) -> Option<(KeyRow, UserRow)> {
        let entries = self.entries.lock().ok()?;
        let (at, key, user) = entries.get(id)?;
        (at.elapsed() < KEY_CACHE_TTL).then(|| (key.clone(), user.clone()))
    }

    fn put(&self, key: KeyRow, user: UserRow) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= KEY_CACHE_MAX {
                entries.clear();
            }
            entries.insert(key.public_id.clone(), (Instant::now(), key, user));
        }
    }

    /// Forgets everything: after a revocation, block or plan change.
    pub(crate) fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

impl App {
    /// The principal a bearer `token` stands for, calling from `group`.
    pub async fn authenticate(&self, token: &str, group: IpGroup) -> Result<Principal, AuthError> {
        if let Some(admin) = &self.config.admin_token {
            if token_matches(token, admin) {
                return Ok(Principal::bootstrap_admin(group));
            }
        }
        let (Some(presented), Some(hasher)) = (parse_key(token), self.key_hasher.as_ref()) else {
            return Err(AuthError::Unauthorized);
        };
        let (key, user) = match self.key_cache.get(presented.id.as_str()) {
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
                self.key_cache.put(key.clone(), user.clone());
                (key, user)
            }
        };
        if !hasher.verify(&presented.id, presented.secret, &key.hash) || !key.active_at(Utc::now())
        {
            return Err(AuthError::Unauthorized);
        }
        if user.blocked {
            return Err(AuthError::Blocked);
        }
        Ok(user_principal(&key, &user, group))
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
