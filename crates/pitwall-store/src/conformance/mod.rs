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
mod alerts;
mod archive;
mod retention;
mod rollups;
mod security;
mod usage;

pub use accounts::account_store_suite;
pub use alerts::{alerts_between_suite, alerts_suite};
pub use archive::archive_store_suite;
pub use retention::retention_by_plan_suite;
pub use rollups::rollups_suite;
pub use security::security_events_suite;
pub use usage::usage_by_day_suite;

use chrono::{DateTime, Utc};

use crate::{new_id_at, HistoryEntry};

/// A plain answered history row by `principal` asked at `at` (id ordered
/// by `at`); suites (and other crates' tests) override the fields they test
/// with `..`.
pub fn history_entry(principal: &str, question: &str, at: DateTime<Utc>) -> HistoryEntry {
    HistoryEntry {
        id: new_id_at(at),
        question: question.into(),
        normalised: question.to_lowercase(),
        answer: "42".into(),
        source: "local".into(),
        status: "answered".into(),
        reason: None,
        intent: None,
        interpretation: String::new(),
        unparsed: Vec::new(),
        sql: None,
        params: Vec::new(),
        columns: Vec::new(),
        rows: Vec::new(),
        column_labels: vec![],
        chart: None,
        row_count: 0,
        truncated: false,
        confidence: None,
        latency_ms: 1,
        request_id: "req".into(),
        principal: principal.into(),
        created_at: at,
    }
}
