//! Conformance suite for [`PrincipalLimiter`].

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};

use crate::quota::PrincipalLimiter;

const MINUTE: Duration = Duration::from_secs(60);

/// Runs every check; `make` builds a fresh, empty limiter.
pub async fn principal_limiter_suite(make: impl Fn() -> Arc<dyn PrincipalLimiter>) {
    gcra_bursts_the_allowance_then_spaces_requests(make().as_ref()).await;
    exact_under_concurrency(make()).await;
    keys_are_independent_under_concurrency(make()).await;
    daily_quota_resets_at_utc_midnight(make().as_ref()).await;
    concurrency_slots_are_bounded_and_returned(make().as_ref()).await;
}

async fn gcra_bursts_the_allowance_then_spaces_requests(l: &dyn PrincipalLimiter) {
    let t0 = Utc
        .with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    for i in 0..6 {
        let d = l.check_rate("a", 6, MINUTE, t0).await;
        assert!(d.allowed, "burst request {i}");
        assert_eq!(d.remaining, 5 - i, "remaining after {i}");
    }
    let refused = l.check_rate("a", 6, MINUTE, t0).await;
    assert!(!refused.allowed);
    assert_eq!(
        refused.retry_after,
        Duration::from_secs(10),
        "one interval (60 s / 6)"
    );
    assert_eq!(refused.reset, MINUTE);
    let early = t0 + chrono::Duration::milliseconds(9_999);
    assert!(
        !l.check_rate("a", 6, MINUTE, early).await.allowed,
        "a refusal is not counted"
    );
    let later = t0 + chrono::Duration::seconds(10);
    assert!(l.check_rate("a", 6, MINUTE, later).await.allowed);
    assert!(
        !l.check_rate("a", 6, MINUTE, later).await.allowed,
        "one per interval"
    );
    assert!(
        !l.check_rate("z", 0, MINUTE, t0).await.allowed,
        "a zero limit admits none"
    );
}

async fn exact_under_concurrency(l: Arc<dyn PrincipalLimiter>) {
    let now = Utc::now();
    let tasks: Vec<_> = (0..500)
        .map(|_| {
            let l = Arc::clone(&l);
            tokio::spawn(async move { l.check_rate("user", 50, MINUTE, now).await.allowed })
        })
        .collect();
    let mut admitted = 0;
    for t in tasks {
        admitted += usize::from(t.await.unwrap_or(false));
    }
    assert_eq!(admitted, 50, "500 at once against 50/min");
}

async fn keys_are_independent_under_concurrency(l: Arc<dyn PrincipalLimiter>) {
    let now = Utc::now();
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let l = Arc::clone(&l);
            tokio::spawn(async move {
                let key = format!("user-{}", i % 100);
                (i % 100, l.check_rate(&key, 5, MINUTE, now).await.allowed)
            })
        })
        .collect();
    let mut per_key = [0u32; 100];
    for t in tasks {
        if let Ok((k, true)) = t.await {
            per_key[k] += 1;
        }
    }
    assert!(per_key.iter().all(|&n| n == 5), "5 each: {per_key:?}");
}

async fn daily_quota_resets_at_utc_midnight(l: &dyn PrincipalLimiter) {
    let evening = Utc
        .with_ymd_and_hms(2026, 1, 1, 23, 59, 0)
        .single()
        .unwrap_or_default();
    assert!(l.check_daily("d", 2, evening).await.allowed);
    let last = l.check_daily("d", 2, evening).await;
    assert!(last.allowed && last.remaining == 0);
    let refused = l.check_daily("d", 2, evening).await;
    assert!(!refused.allowed);
    assert_eq!(refused.retry_after, MINUTE, "until midnight UTC");
    let morning = evening + chrono::Duration::minutes(2);
    assert!(l.check_daily("d", 2, morning).await.allowed, "a new day");
}

async fn concurrency_slots_are_bounded_and_returned(l: &dyn PrincipalLimiter) {
    assert!(l.acquire("c", 2).await);
    assert!(l.acquire("c", 2).await);
    assert!(!l.acquire("c", 2).await);
    assert!(l.acquire("other", 2).await, "per key");
    l.release("c").await;
    assert!(l.acquire("c", 2).await);
}
