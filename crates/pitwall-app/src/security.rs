//! Security events: failed authentications, blocked users' keys and
//! requests refused by limits (429), written to the app database so an
//! operator can see who is hammering the service.
//!
//! Sampled: at most one event per principal and kind per minute (and at
//! most [`GATE_MAX`] principals per minute), so a flood of bad keys or
//! refused requests adds rows at a bounded rate instead of one per request.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::Utc;
use pitwall_store::{SecurityCount, SecurityEventRow};

use crate::admin::AdminError;
use crate::principal::{IpGroup, PrincipalId};
use crate::App;

/// Principal-and-kind pairs remembered per minute; beyond it, further
/// pairs that minute are not recorded (memory and rows stay bounded).
pub const GATE_MAX: usize = 10_000;

/// What kind of security event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecurityEventKind {
    /// A credential that is not a valid, active key (401).
    FailedAuth,
    /// A blocked user's valid key (403 `blocked`).
    Blocked,
    /// A request refused by a limit (429).
    RateLimited,
}

impl SecurityEventKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityEventKind::FailedAuth => "failed_auth",
            SecurityEventKind::Blocked => "blocked",
            SecurityEventKind::RateLimited => "rate_limited",
        }
    }
}

/// One event, as the caller knows it.
#[derive(Debug, Clone)]
pub struct SecurityEvent<'a> {
    /// The kind.
    pub kind: SecurityEventKind,
    /// Who: the user, or the IP group's anonymous principal when no key was valid.
    pub principal: &'a PrincipalId,
    /// The caller's IP group.
    pub ip_group: IpGroup,
    /// The public id of the key presented, if it parsed as one.
    pub key_id: Option<&'a str>,
    /// More about it (a 429's problem code).
    pub detail: &'static str,
}

/// Which principal-and-kind pairs already have an event this minute.
#[derive(Default)]
pub(crate) struct SecurityGate(Mutex<HashMap<(SecurityEventKind, String), i64>>);

impl SecurityGate {
    /// Whether this pair's event should be written in `minute`.
    fn admit(&self, kind: SecurityEventKind, principal: &str, minute: i64) -> bool {
        let Ok(mut seen) = self.0.lock() else {
            return false;
        };
        let key = (kind, principal.to_string());
        if seen.get(&key) == Some(&minute) {
            return false;
        }
        if seen.len() >= GATE_MAX {
            seen.retain(|_, m| *m == minute);
            if seen.len() >= GATE_MAX {
                return false;
            }
        }
        seen.insert(key, minute);
        true
    }
}

impl App {
    /// Records a security event unless this principal already has one of
    /// this kind this minute. A failed write is logged, never the caller's
    /// problem (the request is being refused anyway).
    pub async fn record_security_event(&self, event: SecurityEvent<'_>) {
        let now = Utc::now();
        let minute = now.timestamp().div_euclid(60);
        if !self
            .security_gate
            .admit(event.kind, event.principal.as_str(), minute)
        {
            return;
        }
        let row = SecurityEventRow {
            at: now,
            kind: event.kind.as_str().to_string(),
            principal: event.principal.to_string(),
            ip_group: event.ip_group.to_string(),
            key_id: event.key_id.map(str::to_string),
            detail: event.detail.to_string(),
        };
        if let Err(e) = self.store.insert_security_event(&row).await {
            tracing::warn!(error = %e, kind = %row.kind, "writing a security event failed");
        }
    }

    /// Security events in the last `since`, counted per kind, principal,
    /// IP group and key, most first.
    pub async fn security_summary(
        &self,
        since: chrono::Duration,
    ) -> Result<Vec<SecurityCount>, AdminError> {
        Ok(self
            .store
            .security_summary(Utc::now() - since, Utc::now())
            .await?)
    }
}
