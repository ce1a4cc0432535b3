//! Security events as stored: failed authentications, blocked users' keys
//! and limit refusals, and their summary for operators.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One security event (the app samples them: at most one per principal
/// and kind per minute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityEventRow {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// `failed_auth`, `blocked` or `rate_limited`.
    pub kind: String,
    /// `user:<id>`, or `ip:<group>` when no key was valid.
    pub principal: String,
    /// The caller's IP group.
    pub ip_group: String,
    /// Public id of the key presented, if it parsed as one.
    pub key_id: Option<String>,
    /// More about it (the 429's problem code).
    pub detail: String,
}

/// Events of one kind from one principal, IP group and key since a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityCount {
    /// The kind.
    pub kind: String,
    /// The principal.
    pub principal: String,
    /// The IP group.
    pub ip_group: String,
    /// The key presented, if any.
    pub key_id: Option<String>,
    /// Events recorded (sampled: minutes with at least one).
    pub events: i64,
    /// The latest one.
    pub last_at: DateTime<Utc>,
}
