//! Incremental sync of the F1 database from the Jolpica F1 API
//! (Ergast-compatible), within the API's limits.
//!
//! - [`ApiClient`]: one [`RateLimiter`] for both limits (sliding second and
//!   hour, state on disk), a raw [`ResponseCache`] keyed by URL,
//!   conditional requests, retries with backoff honouring `Retry-After`, a
//!   circuit breaker.
//! - [`run`]: finds the last round with results, fetches the schedules of
//!   that season and the next and every finished round not yet complete,
//!   merges them into a copy of the database, validates it and swaps it in
//!   as an import does.
//! - [`schedule`]: the optional loop `pitwall serve` runs with
//!   `PITWALL_F1_SYNC=on`.

mod alert;
pub mod cache;
mod client;
mod config;
mod error;
mod fetch;
pub mod limiter;
pub mod merge;
mod report;
mod round;
pub mod schedule;
mod sync;
mod validate;
pub mod wire;

pub use cache::{Freshness, ResponseCache};
pub use client::ApiClient;
pub use config::{SyncConfig, DEFAULT_BASE_URL};
pub use error::SyncError;
pub use limiter::RateLimiter;
pub use report::SyncReport;
pub use round::RoundRef;
pub use sync::run;
