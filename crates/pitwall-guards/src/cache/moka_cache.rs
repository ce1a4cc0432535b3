//! In-process answer cache on moka, bounded by bytes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use moka::future::Cache;
use moka::notification::RemovalCause;
use moka::Expiry;

use super::{AnswerCache, CacheSize, CachedAnswer};

/// Fixed per-entry overhead counted on top of key and payload sizes (struct, map slot,
/// timestamps, source string), so many tiny entries still count against the bound.
const ENTRY_OVERHEAD_BYTES: u64 = 128;

#[derive(Debug)]
struct Entry {
    answer: CachedAnswer,
    ttl: Duration,
    weight: u32,
}

/// Reads each entry's own TTL; replacing an entry restarts its TTL.
struct PerEntryTtl;

impl Expiry<String, Arc<Entry>> for PerEntryTtl {
    fn expire_after_create(&self, _: &String, entry: &Arc<Entry>, _: Instant) -> Option<Duration> {
        Some(entry.ttl)
    }

    fn expire_after_update(
        &self,
        _: &String,
        entry: &Arc<Entry>,
        _: Instant,
        _: Option<Duration>,
    ) -> Option<Duration> {
        Some(entry.ttl)
    }
}

/// An [`AnswerCache`] in this process's memory, holding at most `max_bytes` (approximate:
/// key + serialised payload + source + a fixed overhead per entry).
#[derive(Clone)]
pub struct MokaAnswerCache {
    cache: Cache<String, Arc<Entry>>,
}

impl MokaAnswerCache {
    /// A cache bounded to about `max_bytes` of answers.
    pub fn new(max_bytes: u64) -> Self {
        let cache = Cache::builder()
            .max_capacity(max_bytes)
            .weigher(|_: &String, entry: &Arc<Entry>| entry.weight)
            .expire_after(PerEntryTtl)
            .eviction_listener(|_, _, cause| {
                let cause = match cause {
                    RemovalCause::Size => "size",
                    RemovalCause::Expired => "expired",
                    RemovalCause::Explicit => "explicit",
                    // A put over an existing key: not an eviction.
                    RemovalCause::Replaced => return,
                };
                pitwall_metrics::record::cache_eviction(cause);
            })
            .build();
        Self { cache }
    }

    /// Approximate bytes held (after pending evictions have run).
    pub async fn weighted_size(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.weighted_size()
    }

    /// Number of live entries (after pending evictions have run).
    pub async fn entry_count(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.entry_count()
    }
}

fn weight_of(key: &str, answer: &CachedAnswer) -> u32 {
    // Serialising to measure costs a copy, but puts follow an expensive computation, so it
    // is cheap by comparison and gives the true size of nested JSON.
    let payload = serde_json::to_vec(&answer.payload).map_or(0, |bytes| bytes.len() as u64);
    let total = key.len() as u64 + answer.source.len() as u64 + payload + ENTRY_OVERHEAD_BYTES;
    u32::try_from(total).unwrap_or(u32::MAX)
}

#[async_trait]
impl AnswerCache for MokaAnswerCache {
    async fn get(&self, key: &str) -> Option<CachedAnswer> {
        self.cache.get(key).await.map(|entry| entry.answer.clone())
    }

    async fn put(&self, key: &str, value: CachedAnswer, ttl: Duration) {
        let weight = weight_of(key, &value);
        let entry = Arc::new(Entry {
            answer: value,
            ttl,
            weight,
        });
        self.cache.insert(key.to_owned(), entry).await;
    }

    async fn size(&self) -> Option<CacheSize> {
        Some(CacheSize {
            entries: self.entry_count().await,
            bytes: self.weighted_size().await,
        })
    }
}

impl std::fmt::Debug for MokaAnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MokaAnswerCache")
            .field("entries", &self.cache.entry_count())
            .field("weighted_size", &self.cache.weighted_size())
            .finish()
    }
}
