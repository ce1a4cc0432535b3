//! Behavioural suites every app-store backend must pass. The SQLite backend
//! runs them in `tests/`; a PostgreSQL backend calls the same functions from
//! its tests, so both are held to one contract. Each suite panics (via
//! `assert!`) on the first violation.
//!
//! ```text
//! #[tokio::test]
//! async fn postgres_accounts_conform() {
//!     pitwall_store::conformance::account_store_suite(&PgStore::connect(&url).await?).await;
//! }
//! ```

mod accounts;
mod retention;
mod security;
mod usage;

pub use accounts::account_store_suite;
pub use retention::retention_by_plan_suite;
pub use security::security_events_suite;
pub use usage::usage_by_day_suite;
