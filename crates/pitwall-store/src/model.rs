//! The records kept in the app-state database.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One question as it was answered. The same shape is returned by
/// `GET /v1/history/{id}`, so a stored answer can be re-opened exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Time-ordered id (UUIDv7); also the pagination cursor.
    pub id: Uuid,
    /// The question as asked (trimmed).
    pub question: String,
    /// The normalised question (cache key basis).
    pub normalised: String,
    /// The answer sentence.
    pub answer: String,
    /// Who answered: `local`, `cache`, `llm` or `fallback`.
    pub source: String,
    /// `answered`, `unanswered`, `fallback` or `error`.
    pub status: String,
    /// Why a fallback or refusal happened, when it did.
    pub reason: Option<String>,
    /// The intent that answered, if any.
    pub intent: Option<String>,
    /// What was answered, restated in canonical words ("Race winner ·
    /// 2012 Monaco Grand Prix"). Empty in rows stored before it was kept.
    #[serde(default)]
    pub interpretation: String,
    /// Words of the question the local engine could not place, when that is
    /// why it declined (empty otherwise): what people ask that it misses.
    #[serde(default)]
    pub unparsed: Vec<String>,
    /// The SQL that produced the table, if any.
    pub sql: Option<String>,
    /// Values of the SQL's `?` placeholders, in order.
    #[serde(default)]
    pub params: Vec<serde_json::Value>,
    /// Table columns.
    pub columns: Vec<String>,
    /// Table rows.
    pub rows: Vec<Vec<serde_json::Value>>,
    /// Human labels of the columns, in column order. Empty in rows stored
    /// before labels were kept.
    #[serde(default)]
    pub column_labels: Vec<String>,
    /// The answer's chart hint as the app serialised it (the store does not
    /// interpret it); None when the answer has no chart, and in rows stored
    /// before charts were kept.
    #[serde(default)]
    pub chart: Option<serde_json::Value>,
    /// Number of rows in the table (as stored, after any cut).
    pub row_count: i64,
    /// The answer text or the table was cut to the size caps before it was
    /// stored (and served). Absent in older serialisations: not cut.
    #[serde(default)]
    pub truncated: bool,
    /// Confidence of the answer, if any.
    pub confidence: Option<f64>,
    /// Time spent answering.
    pub latency_ms: i64,
    /// The request id of the HTTP request (or CLI run).
    pub request_id: String,
    /// Who asked.
    pub principal: String,
    /// When it was asked.
    pub created_at: DateTime<Utc>,
}

/// A page request: newest first, strictly older than `before`.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryPage {
    /// Maximum rows (clamped by the store to 1..=100).
    pub limit: u32,
    /// Cursor: return only entries older than this id.
    pub before: Option<Uuid>,
}

/// Creates a new time-ordered id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// A time-ordered id minted as if at `at` (same millisecond, random rest):
/// for entries whose question was asked at another time than now (imports,
/// tests). An entry's id is its age: retention compares ids, not
/// `created_at`, so no extra index is written per question.
pub fn new_id_at(at: DateTime<Utc>) -> Uuid {
    let secs = u64::try_from(at.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        secs,
        at.timestamp_subsec_nanos(),
    ))
}

/// The smallest id minted at or after `at`'s millisecond: every id below it
/// was minted earlier. UUIDv7 text sorts like its bytes (lower-case hex), so
/// this works on ids stored as text too.
pub fn id_floor(at: DateTime<Utc>) -> Uuid {
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &[0; 10]).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_minted_before_a_time_sort_below_its_floor_and_after_it_above() {
        let at = Utc::now() - chrono::Duration::days(30);
        let floor = id_floor(at).to_string();
        for ms in [-5_000, -1, 0, 1, 5_000] {
            let id = new_id_at(at + chrono::Duration::milliseconds(ms)).to_string();
            // Same millisecond counts as "at": not older than the cutoff.
            assert_eq!(id < floor, ms < 0, "{id} vs {floor} ({ms} ms)");
        }
        assert!(new_id().to_string() > floor);
        assert_eq!(id_floor(at).get_version_num(), 7);
    }
}

/// One billed LLM call in the usage ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRow {
    /// The request that made the call.
    pub request_id: String,
    /// Who it was made for.
    pub principal: String,
    /// The model billed.
    pub model: String,
    /// Prompt tokens, cached included.
    pub prompt_tokens: i64,
    /// Cached prompt tokens.
    pub cached_tokens: i64,
    /// Completion tokens.
    pub completion_tokens: i64,
    /// Cost in micro-dollars.
    pub cost_micros: i64,
    /// When it was booked.
    pub at: DateTime<Utc>,
}

/// An alert as stored: one model for every rule. `kind` is the rule,
/// `message` the summary, `at` when it fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertRow {
    /// The rule: `budget_threshold`, `error_rate`, `breaker_open`, ...
    pub kind: String,
    /// The one-line summary.
    pub message: String,
    /// The budget scope key, when there is one.
    pub scope: Option<String>,
    /// The threshold percent, when there is one.
    pub percent: Option<i64>,
    /// When it fired.
    pub at: DateTime<Utc>,
    /// `warning` or `critical`.
    pub severity: String,
    /// The measured figures behind it.
    pub detail: String,
    /// When its condition cleared; `None` while firing (or for an event
    /// that has no condition to clear).
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Which alerts a listing wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertState {
    /// Not resolved yet.
    Firing,
    /// Resolved.
    Resolved,
    /// Both.
    All,
}
