//! Behavioural test suites that every implementation of a guard trait must pass.
//!
//! The in-process implementations run these in their own tests; a Redis- or
//! Postgres-backed implementation calls the same function from its tests, so both are held
//! to one contract. Each suite panics (via `assert!`) on the first violation.
//!
//! ```text
//! #[tokio::test]
//! async fn redis_limiter_conforms() {
//!     pitwall_guards::conformance::rate_limiter_suite(|cfg| Arc::new(RedisLimiter::new(&url, cfg))).await;
//! }
//! ```

mod breaker;
mod cache;
mod gate;
mod limiter;
mod quota;

pub use breaker::breaker_suite;
pub use cache::answer_cache_suite;
pub use gate::concurrency_gate_suite;
pub use limiter::rate_limiter_suite;
pub use quota::principal_limiter_suite;
