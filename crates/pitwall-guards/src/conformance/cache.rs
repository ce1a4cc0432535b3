//! Conformance suite for [`AnswerCache`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use serde_json::json;

use crate::cache::{AnswerCache, CachedAnswer};

const HOUR: Duration = Duration::from_secs(3600);

fn answer(text: &str) -> CachedAnswer {
    CachedAnswer {
        payload: json!({ "text": text, "rows": [[1, "Hamilton"], [2, null]], "exact": 0.5 }),
        created_at: Utc
            .with_ymd_and_hms(2025, 11, 23, 20, 0, 0)
            .single()
            .unwrap_or_default(),
        source: "engine".to_owned(),
    }
}

/// Runs every cache check with real time (TTL waits are bounded to a few seconds). `make`
/// builds a fresh, empty cache.
pub async fn answer_cache_suite(make: impl Fn() -> Arc<dyn AnswerCache>) {
    round_trips_and_replaces(make().as_ref()).await;
    entries_expire_after_their_own_ttl(make().as_ref()).await;
    replacing_restarts_the_ttl(make().as_ref()).await;
}

async fn round_trips_and_replaces(cache: &dyn AnswerCache) {
    assert_eq!(cache.get("who won 2021").await, None, "empty cache misses");
    cache.put("who won 2021", answer("Verstappen"), HOUR).await;
    assert_eq!(
        cache.get("who won 2021").await,
        Some(answer("Verstappen")),
        "round trip"
    );
    assert_eq!(
        cache.get("who won 2020").await,
        None,
        "other keys still miss"
    );
    let mut replacement = answer("Max Verstappen");
    replacement.source = "llm".to_owned();
    cache.put("who won 2021", replacement.clone(), HOUR).await;
    assert_eq!(
        cache.get("who won 2021").await,
        Some(replacement),
        "put replaces"
    );
}

async fn entries_expire_after_their_own_ttl(cache: &dyn AnswerCache) {
    let ttl = Duration::from_millis(300);
    let started = Instant::now();
    cache.put("short", answer("short-lived"), ttl).await;
    cache.put("long", answer("long-lived"), HOUR).await;
    assert!(cache.get("short").await.is_some(), "live right after put");
    let deadline = started + Duration::from_secs(5);
    while cache.get("short").await.is_some() {
        assert!(
            Instant::now() < deadline,
            "entry with a 300 ms TTL still there after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let lived = started.elapsed();
    // 10 ms of slack: the cache's clock may be a different (TSC-based) clock than ours.
    assert!(
        lived + Duration::from_millis(10) >= ttl,
        "expired early, after {lived:?}"
    );
    assert!(cache.get("long").await.is_some(), "TTL is per entry");
}

async fn replacing_restarts_the_ttl(cache: &dyn AnswerCache) {
    cache
        .put("k", answer("first"), Duration::from_millis(150))
        .await;
    cache.put("k", answer("second"), HOUR).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        cache.get("k").await,
        Some(answer("second")),
        "new TTL applies"
    );
}
