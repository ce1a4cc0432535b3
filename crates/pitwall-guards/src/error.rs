//! The crate's single error type.

use std::time::Duration;

/// Why a guard refused (or failed) to let a call through to the upstream.
///
/// Every refusal is cheap and immediate so the caller can fall back (local engine, cached
/// answer, "try again later") instead of piling up work behind a struggling upstream.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GuardError {
    /// The circuit breaker is open (or its half-open probe slots are all taken).
    #[error("circuit breaker open; retry in {retry_in:?}")]
    BreakerOpen {
        /// How long until the breaker may admit a call again.
        retry_in: Duration,
        /// Why the breaker opened (failure rate, forced reason such as `insufficient_quota`).
        reason: Option<String>,
    },
    /// The rate limiter has no capacity left for this cost right now.
    #[error("rate limited; retry after {retry_after:?}")]
    RateLimited {
        /// How long until the requested cost would fit.
        retry_after: Duration,
    },
    /// The requested cost is larger than the limiter's whole capacity, so it can never pass.
    #[error("cost of {requested} exceeds the limit of {limit} per window")]
    CostExceedsLimit {
        /// The cost that was asked for.
        requested: u64,
        /// The capacity of the limit it exceeded.
        limit: u64,
    },
    /// The concurrency gate's wait queue is full; refused without waiting.
    #[error("concurrency queue full")]
    QueueFull,
    /// Waited the gate's maximum wait without getting a slot.
    #[error("gave up waiting for a concurrency slot after {waited:?}")]
    WaitTimeout {
        /// How long the caller waited.
        waited: Duration,
    },
    /// A shared backend (Redis, Postgres) behind a guard failed.
    #[error("guard backend failed: {0}")]
    Backend(String),
}

impl GuardError {
    /// A hint for a `Retry-After` header: when retrying could succeed, if known.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            GuardError::BreakerOpen { retry_in, .. } => Some(*retry_in),
            GuardError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}
