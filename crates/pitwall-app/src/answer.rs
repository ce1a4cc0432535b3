//! The answer as the API returns it and history stores it, and the size
//! caps every answer obeys.
//!
//! A model's answer can be any length (3 MB was seen) and its SQL may
//! return up to the SQL guard's 256 KiB of cells; both were served, cached
//! and stored per history row as they came. Every answer, whoever produced
//! it, is cut to the caps below before it is served, cached or stored, and
//! says so with `truncated`.

use chrono::{DateTime, Utc};
use pitwall_store::HistoryEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::chart::ChartHint;

/// Longest answer text served and stored, in characters (`…` included).
/// A one-sentence answer is far shorter; this only stops a runaway model.
pub const MAX_ANSWER_CHARS: usize = 4_000;
/// Most table rows served and stored: a screenful many times over.
pub const MAX_ROWS: usize = 200;
/// Most cell text served and stored per table, in bytes: string cells count
/// their UTF-8 length, any other value 16 (as the SQL guard counts them).
pub const MAX_TABLE_BYTES: usize = 64 * 1024;

/// Cuts `text` to [`MAX_ANSWER_CHARS`] characters, on a character boundary,
/// the last one being `…`; returns whether it was cut.
pub fn cap_answer(text: &mut String) -> bool {
    if text.char_indices().nth(MAX_ANSWER_CHARS).is_none() {
        return false;
    }
    let keep = text
        .char_indices()
        .nth(MAX_ANSWER_CHARS - 1)
        .map_or(text.len(), |(at, _)| at);
    text.truncate(keep);
    text.push('…');
    true
}

/// Keeps the leading rows within [`MAX_ROWS`] and [`MAX_TABLE_BYTES`]
/// (whole rows: a row cut mid-way would misstate its values); returns
/// whether any row was dropped.
pub fn cap_rows(rows: &mut Vec<Vec<serde_json::Value>>) -> bool {
    let mut bytes = 0_usize;
    let mut keep = 0;
    for row in rows.iter().take(MAX_ROWS) {
        bytes = bytes.saturating_add(row.iter().map(cell_bytes).sum());
        if bytes > MAX_TABLE_BYTES {
            break;
        }
        keep += 1;
    }
    let cut = keep < rows.len();
    rows.truncate(keep);
    cut
}

fn cell_bytes(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::String(s) => s.len(),
        // SQLite cells are scalars; a nested value (never produced) is
        // counted by its JSON text so it cannot slip through the cap.
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => value.to_string().len(),
        _ => 16,
    }
}

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
    /// Table columns: machine names (SQL aliases), stable for API users.
    pub columns: Vec<String>,
    /// A human label per column, same length and order as `columns`
    /// ("Lewis Hamilton ahead" for `first_ahead`): the engine's own labels
    /// for its answers, else a dictionary of known names or the name in
    /// sentence case. Always sent; a history row stored before labels
    /// were kept gets the generic ones.
    #[serde(default)]
    #[schema(required = true)]
    pub column_labels: Vec<String>,
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
    /// What was answered, restated in canonical words ("Race winner · 2012
    /// Monaco Grand Prix"), so a reader sees at once when the question was
    /// understood as something else. A model answer, whose SQL is the only
    /// checkable account of what it understood, says "Model answer (see the
    /// SQL)"; a decline without a guess says "Not answered". Always sent; a
    /// history row stored before it was kept reads as empty.
    #[serde(default)]
    #[schema(required = true)]
    pub interpretation: String,
    /// Words of the question the local engine could not place, when that is
    /// why it declined; empty when answered or declined for another reason.
    /// Always sent.
    #[serde(default)]
    #[schema(required = true)]
    pub unparsed: Vec<String>,
    /// Confidence in [0, 1].
    pub confidence: Option<f64>,
    /// Example rephrasings when the question was not answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// True when the answer text or the table was cut to the size caps
    /// (4,000 characters of answer; 200 rows and 64 KiB of cell text).
    /// Always sent; reading a document without it (written before the caps)
    /// takes it as false.
    #[serde(default)]
    #[schema(required = true)]
    pub truncated: bool,
    /// How to chart the table, when its rows are a series (numbers against
    /// a season, year, round or date); omitted otherwise. Set by the local
    /// engine for the series it answers, and for a model's answer only
    /// when its table has that shape. `GET /v1/history/{id}/chart.svg`
    /// draws it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<ChartHint>,
    /// Time spent answering.
    pub elapsed_ms: i64,
    /// When it was asked.
    pub created_at: DateTime<Utc>,
}

impl AskResponse {
    /// Cuts the answer and table to the caps, marking the response truncated
    /// if anything was cut (an earlier cut stays marked).
    pub fn apply_caps(&mut self) {
        let answer_cut = cap_answer(&mut self.answer);
        let rows_cut = cap_rows(&mut self.rows);
        self.truncated |= answer_cut || rows_cut;
    }
}

/// Capped on the way out too: rows stored before the caps existed may be
/// larger than what is served now.
impl From<HistoryEntry> for AskResponse {
    fn from(e: HistoryEntry) -> Self {
        // Rows stored before labels and charts were kept have none: generic
        // labels, and no chart (an old answer is not re-judged).
        let column_labels = if e.column_labels.len() == e.columns.len() {
            e.column_labels
        } else {
            crate::chart::generic_labels(&e.columns)
        };
        let chart = e.chart.and_then(|c| serde_json::from_value(c).ok());
        let mut response = Self {
            id: e.id,
            question: e.question,
            answer: e.answer,
            columns: e.columns,
            column_labels,
            rows: e.rows,
            sql: e.sql,
            params: e.params,
            source: e.source,
            status: e.status,
            reason: e.reason,
            intent: e.intent,
            interpretation: e.interpretation,
            unparsed: e.unparsed,
            confidence: e.confidence,
            suggestions: Vec::new(),
            truncated: e.truncated,
            chart,
            elapsed_ms: e.latency_ms,
            created_at: e.created_at,
        };
        response.apply_caps();
        response
    }
}
