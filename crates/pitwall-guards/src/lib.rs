//! Upstream protection: circuit breaker, rate limiter, bounded queue, singleflight and answer cache.
//!
//! Each primitive is a trait (so a shared Redis/Postgres backend can replace it) plus an
//! in-process implementation. [`conformance`] holds the behavioural test suites every
//! implementation of a trait must pass, so later backends are held to the same contract.
//!
//! | module | trait | in-process implementation |
//! | --- | --- | --- |
//! | [`breaker`] | [`breaker::CircuitBreaker`] | [`breaker::LocalBreaker`] |
//! | [`limiter`] | [`limiter::RateLimiter`] | [`limiter::LocalRateLimiter`], [`limiter::DisabledLimiter`] |
//! | [`quota`] | [`quota::PrincipalLimiter`] | [`quota::LocalPrincipalLimiter`] |
//! | [`queue`] | [`queue::BoundedGate`] | [`queue::ConcurrencyGate`] |
//! | [`singleflight`] | — (in-process by nature) | [`singleflight::Group`] |
//! | [`cache`] | [`cache::AnswerCache`] | [`cache::MokaAnswerCache`] |

pub mod breaker;
pub mod cache;
pub mod clock;
pub mod conformance;
mod error;
pub mod limiter;
pub mod queue;
pub mod quota;
pub mod singleflight;

pub use error::GuardError;

/// Locks a std mutex, recovering the data if a previous holder panicked.
///
/// The guarded state in this crate is always left consistent between statements (no
/// multi-step invariants span a panic point), so a poisoned lock is safe to reuse and
/// refusing it would turn one panic into a permanent outage of the guard.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
