//! The answer as the API returns it and history stores it.

use chrono::{DateTime, Utc};
use pitwall_store::HistoryEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Who produced an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The local engine.
    Local,
    /// The answer cache.
    Cache,
    /// The LLM.
    Llm,
    /// A degraded answer: the local engine's best effort or an apology with a reason.
    Fallback,
}

impl Source {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Local => "local",
            Source::Cache => "cache",
            Source::Llm => "llm",
            Source::Fallback => "fallback",
        }
    }
}

/// The response of `POST /v1/ask`, and of `GET /v1/history/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AskResponse {
    /// History id (UUIDv7).
    pub id: Uuid,
    /// The question as understood (trimmed).
    pub question: String,
    /// One sentence answering it, or saying why it could not be answered.
    pub answer: String,
    /// Table columns.
    pub columns: Vec<String>,
    /// Table rows.
    #[schema(value_type = Vec<Vec<Object>>)]
    pub rows: Vec<Vec<serde_json::Value>>,
    /// The parameterised SQL that produced the table.
    pub sql: Option<String>,
    /// Values of the SQL's `?` placeholders, in order (empty for LLM SQL, which is literal).
    #[schema(value_type = Vec<Object>)]
    pub params: Vec<serde_json::Value>,
    /// `local`, `cache`, `llm` or `fallback`.
    pub source: String,
    /// `answered`, `unanswered` or `fallback`.
    pub status: String,
    /// Machine-readable reason for a refusal or fallback.
    pub reason: Option<String>,
    /// The intent that answered.
    pub intent: Option<String>,
    /// Confidence in [0, 1].
    pub confidence: Option<f64>,
    /// Example rephrasings when the question was not answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// Time spent answering.
    pub elapsed_ms: i64,
    /// When it was asked.
    pub created_at: DateTime<Utc>,
}

impl From<HistoryEntry> for AskResponse {
    fn from(e: HistoryEntry) -> Self {
        Self {
            id: e.id,
            question: e.question,
            answer: e.answer,
            columns: e.columns,
            rows: e.rows,
            sql: e.sql,
            params: e.params,
            source: e.source,
            status: e.status,
            reason: e.reason,
            intent: e.intent,
            confidence: e.confidence,
            suggestions: Vec::new(),
            elapsed_ms: e.latency_ms,
            created_at: e.created_at,
        }
    }
}
