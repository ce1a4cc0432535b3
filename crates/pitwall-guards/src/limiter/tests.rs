use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn local_limiter_conforms() {
    crate::conformance::rate_limiter_suite(|config| Arc::new(LocalRateLimiter::new(config))).await;
}

#[tokio::test]
async fn disabled_limiter_admits_everything() {
    let limiter = DisabledLimiter;
    for _ in 0..1000 {
        let cost = LimitCost::request(u64::MAX);
        assert_eq!(limiter.acquire("k", cost, SystemTime::now()).await, Ok(()));
    }
}

#[tokio::test]
async fn clock_stepping_back_neither_panics_nor_refills() {
    let limiter = LocalRateLimiter::new(LimiterConfig {
        requests_per_minute: Some(1),
        tokens_per_minute: None,
    });
    let now = SystemTime::now();
    assert!(limiter
        .acquire("k", LimitCost::request(0), now)
        .await
        .is_ok());
    let earlier = now - Duration::from_secs(3600);
    let refused = limiter.acquire("k", LimitCost::request(0), earlier).await;
    assert!(
        matches!(refused, Err(GuardError::RateLimited { .. })),
        "{refused:?}"
    );
}

#[tokio::test]
async fn idle_keys_are_swept() {
    let limiter = LocalRateLimiter::new(LimiterConfig {
        requests_per_minute: Some(60),
        tokens_per_minute: None,
    });
    let now = SystemTime::now();
    for i in 0..2048 {
        let key = format!("user-{i}");
        assert!(limiter
            .acquire(&key, LimitCost::request(0), now)
            .await
            .is_ok());
    }
    // 2048 = twice the sweep threshold after the (fruitless) sweep at 1024 keys.
    assert_eq!(
        limiter.tracked_keys(),
        2048,
        "all keys are busy within the minute"
    );
    // A minute later every bucket is full again, so the next new key sweeps them all.
    let later = now + Duration::from_secs(60);
    assert!(limiter
        .acquire("late", LimitCost::request(0), later)
        .await
        .is_ok());
    assert_eq!(limiter.tracked_keys(), 1);
}
