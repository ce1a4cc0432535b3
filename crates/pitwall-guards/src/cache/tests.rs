use std::sync::Arc;
use std::time::Duration;

use serde_json::json;

use super::*;

#[tokio::test]
async fn moka_cache_conforms() {
    crate::conformance::answer_cache_suite(|| Arc::new(MokaAnswerCache::new(1 << 20))).await;
}

#[tokio::test]
async fn memory_stays_under_the_byte_bound() {
    let max_bytes = 64 * 1024;
    let cache = MokaAnswerCache::new(max_bytes);
    let payload = json!({ "text": "x".repeat(1000) });
    for i in 0..1000 {
        let key = format!("question {i}");
        cache
            .put(
                &key,
                CachedAnswer::new(payload.clone(), "engine"),
                Duration::from_secs(3600),
            )
            .await;
    }
    let size = cache.weighted_size().await;
    let entries = cache.entry_count().await;
    assert!(
        size <= max_bytes,
        "weighted size {size} above bound {max_bytes}"
    );
    // Each entry weighs a bit over 1 KB, so at most ~60 fit out of the 1000 inserted.
    assert!(entries > 0 && entries <= 64, "{entries} entries kept");
}

#[tokio::test]
async fn an_entry_larger_than_the_bound_is_not_kept() {
    let cache = MokaAnswerCache::new(1024);
    let huge = CachedAnswer::new(json!("y".repeat(4096)), "llm");
    cache.put("huge", huge, Duration::from_secs(3600)).await;
    assert_eq!(cache.entry_count().await, 0);
    assert_eq!(cache.get("huge").await, None);
}

#[test]
fn past_seasons_get_the_long_ttl() {
    let policy = CacheTtlPolicy::default();
    assert_eq!(ttl_for_seasons(&[2021], 2025, &policy), policy.past_seasons);
    assert_eq!(
        ttl_for_seasons(&[1950, 2008, 2024], 2025, &policy),
        policy.past_seasons
    );
}

#[test]
fn current_unknown_or_future_seasons_get_the_short_ttl() {
    let policy = CacheTtlPolicy {
        past_seasons: Duration::from_secs(100),
        current_season: Duration::from_secs(1),
    };
    assert_eq!(
        ttl_for_seasons(&[2025], 2025, &policy),
        policy.current_season
    );
    assert_eq!(
        ttl_for_seasons(&[2010, 2025], 2025, &policy),
        policy.current_season
    );
    assert_eq!(
        ttl_for_seasons(&[], 2025, &policy),
        policy.current_season,
        "all-time"
    );
    assert_eq!(
        ttl_for_seasons(&[2026], 2025, &policy),
        policy.current_season
    );
}

#[test]
fn default_policy_is_a_week_and_ten_minutes() {
    let policy = CacheTtlPolicy::default();
    assert_eq!(policy.past_seasons, Duration::from_secs(604_800));
    assert_eq!(policy.current_season, Duration::from_secs(600));
}
