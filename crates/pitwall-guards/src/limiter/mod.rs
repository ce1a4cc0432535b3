//! Rate limiting: requests per minute and tokens per minute, per key.
//!
//! Used client-side for the upstream account tier (so we stay under the provider's limits
//! instead of discovering them through 429s) and for per-user request limits. A caller
//! reserves the worst-case token cost before the call and hands back what it did not use
//! with [`RateLimiter::return_unused`] afterwards.
//!
//! `now` is passed in rather than read inside, so tests (and a shared backend, whose
//! processes must agree on time) control it; wall-clock `SystemTime` is used because it
//! means the same thing in every process.

mod local;

use std::time::SystemTime;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::GuardError;

pub use local::LocalRateLimiter;

/// What one call costs against the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LimitCost {
    /// Requests (normally 1).
    pub requests: u64,
    /// Tokens reserved (prompt plus the maximum completion the call may produce).
    pub tokens: u64,
}

impl LimitCost {
    /// One request reserving `tokens` tokens.
    pub fn request(tokens: u64) -> Self {
        Self {
            requests: 1,
            tokens,
        }
    }
}

/// Limits applied to every key of one limiter. `None` leaves that dimension unlimited.
///
/// Each limit is a bucket holding one minute's allowance that refills continuously, so a
/// full minute's worth may go out in a burst and then trickles back at limit/60 per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LimiterConfig {
    /// Requests allowed per minute.
    pub requests_per_minute: Option<u64>,
    /// Tokens allowed per minute.
    pub tokens_per_minute: Option<u64>,
}

/// A per-key rate limiter.
#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Takes `cost` from `key`'s allowance at time `now`, all or nothing.
    ///
    /// Refuses with [`GuardError::RateLimited`] (and takes nothing) when any limit lacks
    /// room, or [`GuardError::CostExceedsLimit`] when the cost could never fit.
    async fn acquire(&self, key: &str, cost: LimitCost, now: SystemTime) -> Result<(), GuardError>;

    /// Credits back `tokens` that were reserved but not used; the allowance never grows
    /// past its limit. Best effort: a backend failure is logged, not returned.
    async fn return_unused(&self, key: &str, tokens: u64, now: SystemTime);
}

/// A limiter that admits everything, for when limiting is switched off in configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisabledLimiter;

#[async_trait]
impl RateLimiter for DisabledLimiter {
    async fn acquire(&self, _: &str, _: LimitCost, _: SystemTime) -> Result<(), GuardError> {
        Ok(())
    }

    async fn return_unused(&self, _: &str, _: u64, _: SystemTime) {}
}

#[cfg(test)]
mod tests;
