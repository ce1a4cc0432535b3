//! The usage ledger row: one per billed LLM call. The app persists it; this crate only
//! defines it so every component agrees on the shape.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::money::Micros;
use crate::price::TokenUsage;

/// What one LLM call used and cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRecord {
    /// The request that made the call (joins the ledger to request logs).
    pub request_id: String,
    /// Who the call was made for.
    pub principal: String,
    /// The model as billed (the provider's reported model name when it gives one).
    pub model: String,
    /// All prompt tokens, cached ones included.
    pub prompt_tokens: u64,
    /// The part of `prompt_tokens` served from the prompt cache.
    pub cached_tokens: u64,
    /// Output tokens, reasoning tokens included.
    pub completion_tokens: u64,
    /// The cost booked against the budget.
    pub cost: Micros,
    /// When it counts: use the reservation's `reserved_at` so that restoring spend from the
    /// ledger puts it in the same day/month the budget store booked it.
    pub at: DateTime<Utc>,
}

impl UsageRecord {
    /// The token counts as a [`TokenUsage`], e.g. to re-price a record.
    pub fn usage(&self) -> TokenUsage {
        TokenUsage {
            prompt_tokens: self.prompt_tokens,
            cached_tokens: self.cached_tokens,
            completion_tokens: self.completion_tokens,
        }
    }
}
