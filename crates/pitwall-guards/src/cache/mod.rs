//! Answer cache: previously computed answers, keyed by a normalised question.
//!
//! Answers about finished seasons never change, so they are kept long; anything touching the
//! current season (or unknown seasons) may change after the next race and is kept briefly.
//! See [`ttl_for_seasons`].

mod moka_cache;

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use moka_cache::MokaAnswerCache;

/// A cached answer. The payload is opaque here: the app serialises its own answer type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedAnswer {
    /// The answer, as the app serialised it.
    pub payload: serde_json::Value,
    /// When the answer was computed.
    pub created_at: DateTime<Utc>,
    /// What produced it (e.g. "engine", "llm"), for provenance in responses and logs.
    pub source: String,
}

impl CachedAnswer {
    /// An answer computed now by `source`.
    pub fn new(payload: serde_json::Value, source: &str) -> Self {
        Self {
            payload,
            created_at: Utc::now(),
            source: source.to_owned(),
        }
    }
}

/// A cache of answers with a time-to-live per entry.
#[async_trait]
pub trait AnswerCache: Send + Sync {
    /// The live answer under `key`, if any.
    async fn get(&self, key: &str) -> Option<CachedAnswer>;
    /// Stores `value` under `key` for `ttl`, replacing any previous answer.
    async fn put(&self, key: &str, value: CachedAnswer, ttl: Duration);
    /// How much it holds, for the metrics; `None` where counting is not
    /// cheap (a shared cache counts its own).
    async fn size(&self) -> Option<CacheSize> {
        None
    }
}

/// What an answer cache holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSize {
    /// Live entries.
    pub entries: u64,
    /// Approximate bytes.
    pub bytes: u64,
}

/// How long answers live, by the seasons they depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheTtlPolicy {
    /// TTL of answers that depend only on finished seasons.
    pub past_seasons: Duration,
    /// TTL of answers touching the current season, or whose seasons are unknown.
    pub current_season: Duration,
}

impl Default for CacheTtlPolicy {
    fn default() -> Self {
        Self {
            past_seasons: Duration::from_secs(7 * 24 * 3600),
            current_season: Duration::from_secs(10 * 60),
        }
    }
}

/// The TTL for an answer depending on `seasons`, given the season in progress.
///
/// Long only when every season is strictly before `current_season`. An empty list means the
/// seasons are unknown or the question is all-time, which includes the current season, so
/// it gets the short TTL; so does a season at or after the current one.
pub fn ttl_for_seasons(seasons: &[i64], current_season: i64, policy: &CacheTtlPolicy) -> Duration {
    let all_past = !seasons.is_empty() && seasons.iter().all(|&s| s < current_season);
    if all_past {
        policy.past_seasons
    } else {
        policy.current_season
    }
}

#[cfg(test)]
mod tests;
