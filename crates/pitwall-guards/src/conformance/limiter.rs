//! Conformance suite for [`RateLimiter`].

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::limiter::{LimitCost, LimiterConfig, RateLimiter};
use crate::GuardError;

/// Tolerance on `retry_after`, so a backend that keeps time in milliseconds conforms.
const SLACK: Duration = Duration::from_millis(2);

fn limits(rpm: Option<u64>, tpm: Option<u64>) -> LimiterConfig {
    LimiterConfig {
        requests_per_minute: rpm,
        tokens_per_minute: tpm,
    }
}

fn at(base: SystemTime, millis: u64) -> SystemTime {
    base + Duration::from_millis(millis)
}

async fn admitted(limiter: &dyn RateLimiter, key: &str, cost: LimitCost, now: SystemTime) -> u64 {
    let mut passed = 0;
    // Bounded: no test limit exceeds 1000 per minute.
    for _ in 0..2000 {
        match limiter.acquire(key, cost, now).await {
            Ok(()) => passed += 1,
            Err(GuardError::RateLimited { .. }) => return passed,
            Err(e) => panic!("unexpected error after {passed} admissions: {e:?}"),
        }
    }
    passed
}

async fn retry_after(
    limiter: &dyn RateLimiter,
    key: &str,
    cost: LimitCost,
    now: SystemTime,
) -> Duration {
    match limiter.acquire(key, cost, now).await {
        Err(GuardError::RateLimited { retry_after }) => retry_after,
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

fn assert_close(actual: Duration, expected: Duration, context: &str) {
    let diff = actual.abs_diff(expected);
    assert!(
        diff <= SLACK,
        "{context}: retry_after {actual:?}, expected {expected:?}"
    );
}

/// Runs every limiter check. `make` builds a fresh limiter with the given limits. Run it
/// on a multi-threaded runtime so the concurrency check really races.
pub async fn rate_limiter_suite(make: impl Fn(LimiterConfig) -> Arc<dyn RateLimiter>) {
    let base = SystemTime::now();
    burst_admits_exactly_the_limit_then_refills(make(limits(Some(10), None)).as_ref(), base).await;
    tokens_bind_independently(make(limits(Some(100), Some(1000))).as_ref(), base).await;
    requests_bind_independently(make(limits(Some(3), Some(1_000_000))).as_ref(), base).await;
    return_unused_credits_up_to_the_limit(make(limits(None, Some(1000))).as_ref(), base).await;
    keys_are_independent(make(limits(Some(2), None)).as_ref(), base).await;
    impossible_cost_is_refused(make(limits(Some(5), Some(100))).as_ref(), base).await;
    unlimited_admits_everything(make(limits(None, None)).as_ref(), base).await;
    concurrent_callers_never_exceed_the_limit(make(limits(Some(50), None)), base).await;
}

async fn burst_admits_exactly_the_limit_then_refills(l: &dyn RateLimiter, base: SystemTime) {
    let one = LimitCost::request(0);
    assert_eq!(admitted(l, "k", one, base).await, 10, "burst");
    // 10/min refills one request every 6 s.
    assert_close(
        retry_after(l, "k", one, base).await,
        Duration::from_secs(6),
        "empty",
    );
    assert_close(
        retry_after(l, "k", one, at(base, 3000)).await,
        Duration::from_secs(3),
        "half refilled",
    );
    assert_eq!(
        admitted(l, "k", one, at(base, 6000)).await,
        1,
        "one refilled after 6 s"
    );
    assert_eq!(
        admitted(l, "k", one, at(base, 18_000)).await,
        2,
        "two more after 12 s"
    );
    // A long idle period refills to the limit and no further.
    assert_eq!(
        admitted(l, "k", one, at(base, 600_000)).await,
        10,
        "capped at the limit"
    );
}

async fn tokens_bind_independently(l: &dyn RateLimiter, base: SystemTime) {
    assert!(l.acquire("k", LimitCost::request(400), base).await.is_ok());
    assert!(l.acquire("k", LimitCost::request(400), base).await.is_ok());
    // 200 tokens left of 1000/min (16.67/s): 400 needs 200 more, i.e. 12 s.
    let wait = retry_after(l, "k", LimitCost::request(400), base).await;
    assert_close(wait, Duration::from_secs(12), "token deficit");
    assert_eq!(
        admitted(l, "k", LimitCost::request(200), base).await,
        1,
        "200 still fit"
    );
    // Refused calls take nothing: requests (97 left) are not the binding limit.
    assert_eq!(
        admitted(l, "k", LimitCost::request(0), base).await,
        97,
        "requests left"
    );
}

async fn requests_bind_independently(l: &dyn RateLimiter, base: SystemTime) {
    assert_eq!(
        admitted(l, "k", LimitCost::request(10), base).await,
        3,
        "3 rpm binds"
    );
    assert_close(
        retry_after(l, "k", LimitCost::request(10), base).await,
        Duration::from_secs(20),
        "rpm wait",
    );
    // Tokens were taken only for the 3 admitted calls: 1_000_000 - 30 remain.
    assert!(l
        .acquire(
            "k",
            LimitCost {
                requests: 0,
                tokens: 999_970
            },
            base
        )
        .await
        .is_ok());
    let wait = retry_after(
        l,
        "k",
        LimitCost {
            requests: 0,
            tokens: 1,
        },
        base,
    )
    .await;
    assert!(wait > Duration::ZERO, "token bucket now empty");
}

async fn return_unused_credits_up_to_the_limit(l: &dyn RateLimiter, base: SystemTime) {
    assert!(l.acquire("k", LimitCost::request(1000), base).await.is_ok());
    retry_after(l, "k", LimitCost::request(1), base).await;
    l.return_unused("k", 300, base).await;
    assert!(
        l.acquire("k", LimitCost::request(300), base).await.is_ok(),
        "credited"
    );
    retry_after(l, "k", LimitCost::request(1), base).await;
    l.return_unused("k", 5000, base).await;
    assert!(
        l.acquire("k", LimitCost::request(1000), base).await.is_ok(),
        "refilled to limit"
    );
    retry_after(l, "k", LimitCost::request(1), base).await;
}

async fn keys_are_independent(l: &dyn RateLimiter, base: SystemTime) {
    assert_eq!(admitted(l, "user-a", LimitCost::request(0), base).await, 2);
    assert_eq!(admitted(l, "user-b", LimitCost::request(0), base).await, 2);
}

async fn impossible_cost_is_refused(l: &dyn RateLimiter, base: SystemTime) {
    let too_many_tokens = l.acquire("k", LimitCost::request(101), base).await;
    assert_eq!(
        too_many_tokens,
        Err(GuardError::CostExceedsLimit {
            requested: 101,
            limit: 100
        })
    );
    let too_many_requests = l
        .acquire(
            "k",
            LimitCost {
                requests: 6,
                tokens: 0,
            },
            base,
        )
        .await;
    assert_eq!(
        too_many_requests,
        Err(GuardError::CostExceedsLimit {
            requested: 6,
            limit: 5
        })
    );
    assert_eq!(
        admitted(l, "k", LimitCost::request(20), base).await,
        5,
        "nothing was taken"
    );
}

async fn unlimited_admits_everything(l: &dyn RateLimiter, base: SystemTime) {
    assert_eq!(
        admitted(l, "k", LimitCost::request(1_000_000), base).await,
        2000
    );
}

async fn concurrent_callers_never_exceed_the_limit(l: Arc<dyn RateLimiter>, base: SystemTime) {
    let tasks: Vec<_> = (0..400)
        .map(|_| {
            let l = Arc::clone(&l);
            tokio::spawn(async move {
                l.acquire("shared", LimitCost::request(1), base)
                    .await
                    .is_ok()
            })
        })
        .collect();
    let mut passed = 0;
    for task in tasks {
        match task.await {
            Ok(ok) => passed += u32::from(ok),
            Err(e) => panic!("acquire task failed: {e}"),
        }
    }
    assert_eq!(passed, 50, "exactly the limit passes under contention");
}
