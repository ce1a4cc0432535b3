//! Conformance suite for [`CircuitBreaker`].

use std::sync::Arc;
use std::time::Duration;

use crate::breaker::{BreakerConfig, BreakerPermit, BreakerState, CircuitBreaker};
use crate::clock::ManualClock;
use crate::GuardError;

fn config() -> BreakerConfig {
    BreakerConfig {
        window: Duration::from_secs(30),
        window_buckets: 10,
        min_requests: 10,
        failure_rate_threshold: 0.5,
        cooldown: Duration::from_secs(30),
        forced_cooldown: Duration::from_secs(600),
        half_open_max_probes: 2,
        half_open_successes_to_close: 2,
    }
}

fn admit(breaker: &dyn CircuitBreaker, context: &str) -> BreakerPermit {
    match breaker.try_acquire() {
        Ok(permit) => permit,
        Err(e) => panic!("{context}: expected admission, got {e:?}"),
    }
}

fn refused_retry_in(breaker: &dyn CircuitBreaker, context: &str) -> Duration {
    match breaker.try_acquire() {
        Err(GuardError::BreakerOpen { retry_in, .. }) => retry_in,
        Err(e) => panic!("{context}: expected BreakerOpen, got {e:?}"),
        Ok(_) => panic!("{context}: expected refusal, was admitted"),
    }
}

fn record(breaker: &dyn CircuitBreaker, successes: u32, failures: u32) {
    for _ in 0..successes {
        admit(breaker, "recording successes").success();
    }
    for _ in 0..failures {
        admit(breaker, "recording failures").failure();
    }
}

fn assert_state(breaker: &dyn CircuitBreaker, expected: BreakerState, context: &str) {
    let snapshot = breaker.state();
    assert_eq!(snapshot.state, expected, "{context}: {snapshot:?}");
}

/// Runs every breaker check. `make` builds a fresh breaker on the given manual clock.
pub fn breaker_suite(make: impl Fn(BreakerConfig, Arc<ManualClock>) -> Arc<dyn CircuitBreaker>) {
    let fresh = || {
        let clock = Arc::new(ManualClock::new());
        (make(config(), Arc::clone(&clock)), clock)
    };
    let (b, _) = fresh();
    trips_only_after_min_requests_at_threshold(b.as_ref());
    let (b, c) = fresh();
    open_rejects_until_cooldown_then_half_opens(b.as_ref(), &c);
    let (b, c) = fresh();
    half_open_limits_probes_and_closes_on_successes(b.as_ref(), &c);
    let (b, c) = fresh();
    probe_failure_reopens(b.as_ref(), &c);
    let (b, c) = fresh();
    old_outcomes_slide_out_of_window(b.as_ref(), &c);
    let (b, c) = fresh();
    force_open_uses_forced_cooldown(b.as_ref(), &c);
    let (b, c) = fresh();
    stale_permits_are_ignored(b.as_ref(), &c);
}

fn trips_only_after_min_requests_at_threshold(b: &dyn CircuitBreaker) {
    // 9 failures: 100% failure rate, but below the 10-request minimum.
    record(b, 0, 9);
    assert_state(b, BreakerState::Closed, "below min_requests");
    assert_eq!(b.state().requests_in_window, 9);
    // The 10th request, even a success, reaches the minimum at 90% failures: trip.
    record(b, 1, 0);
    assert_state(
        b,
        BreakerState::Open,
        "over threshold once min_requests reached",
    );
    let snapshot = b.state();
    assert!(
        snapshot.reason.is_some() && snapshot.opened_at.is_some(),
        "{snapshot:?}"
    );
}

fn open_rejects_until_cooldown_then_half_opens(b: &dyn CircuitBreaker, clock: &ManualClock) {
    // 6 successes + 4 failures = 40%: under the 50% threshold.
    record(b, 6, 4);
    assert_state(b, BreakerState::Closed, "40% < 50%");
    record(b, 0, 1); // 5/11 = 45%
    assert_state(b, BreakerState::Closed, "45% < 50%");
    record(b, 0, 1); // 6/12 = 50%: the threshold is inclusive
    assert_state(b, BreakerState::Open, "50% >= 50%");
    assert_eq!(refused_retry_in(b, "just opened"), Duration::from_secs(30));
    clock.advance(Duration::from_secs(29));
    assert_eq!(refused_retry_in(b, "1 s left"), Duration::from_secs(1));
    clock.advance(Duration::from_millis(999));
    assert_eq!(refused_retry_in(b, "1 ms left"), Duration::from_millis(1));
    clock.advance(Duration::from_millis(1));
    assert_state(b, BreakerState::HalfOpen, "cooldown over");
    admit(b, "first probe").success();
}

fn half_open_limits_probes_and_closes_on_successes(b: &dyn CircuitBreaker, clock: &ManualClock) {
    record(b, 0, 10);
    clock.advance(Duration::from_secs(30));
    let first = admit(b, "probe 1");
    let second = admit(b, "probe 2");
    refused_retry_in(b, "third concurrent probe");
    drop(second); // unrecorded: frees the slot, counts as neither
    assert_state(
        b,
        BreakerState::HalfOpen,
        "a dropped probe is not an outcome",
    );
    let second = admit(b, "probe slot freed by drop");
    first.success();
    assert_state(b, BreakerState::HalfOpen, "one success of two needed");
    second.success();
    assert_state(b, BreakerState::Closed, "two consecutive successes");
    assert_eq!(
        b.state().requests_in_window,
        0,
        "closing starts a fresh window"
    );
    assert!(b.state().reason.is_none());
    record(b, 0, 9);
    assert_state(
        b,
        BreakerState::Closed,
        "fresh window needs min_requests again",
    );
}

fn probe_failure_reopens(b: &dyn CircuitBreaker, clock: &ManualClock) {
    record(b, 0, 10);
    clock.advance(Duration::from_secs(30));
    let first = admit(b, "probe 1");
    let second = admit(b, "probe 2");
    first.success();
    second.failure();
    assert_state(b, BreakerState::Open, "any probe failure re-opens");
    assert_eq!(refused_retry_in(b, "re-opened"), Duration::from_secs(30));
}

fn old_outcomes_slide_out_of_window(b: &dyn CircuitBreaker, clock: &ManualClock) {
    record(b, 0, 9);
    clock.advance(Duration::from_secs(31));
    assert_eq!(
        b.state().requests_in_window,
        0,
        "31 s later the window is empty"
    );
    record(b, 0, 1);
    assert_state(b, BreakerState::Closed, "old failures no longer count");
    // Within the window they do add up: 1 + 9 failures spread over 15 s trip it.
    clock.advance(Duration::from_secs(15));
    record(b, 0, 8);
    assert_state(b, BreakerState::Closed, "9 requests in window");
    record(b, 0, 1);
    assert_state(b, BreakerState::Open, "10 failures within 15 s");
}

fn force_open_uses_forced_cooldown(b: &dyn CircuitBreaker, clock: &ManualClock) {
    b.force_open("insufficient_quota");
    let snapshot = b.state();
    assert_eq!(snapshot.state, BreakerState::Open);
    assert_eq!(snapshot.reason.as_deref(), Some("insufficient_quota"));
    match b.try_acquire() {
        Err(GuardError::BreakerOpen { retry_in, reason }) => {
            assert_eq!(retry_in, Duration::from_secs(600));
            assert_eq!(reason.as_deref(), Some("insufficient_quota"));
        }
        other => panic!("forced open must refuse: {other:?}"),
    }
    clock.advance(Duration::from_secs(30));
    assert_state(b, BreakerState::Open, "normal cooldown does not apply");
    clock.advance(Duration::from_secs(570));
    assert_state(b, BreakerState::HalfOpen, "forced cooldown over");
    let json = serde_json::to_value(b.state()).unwrap_or_default();
    assert_eq!(json["state"], "half_open", "snapshot serialises: {json}");
}

fn stale_permits_are_ignored(b: &dyn CircuitBreaker, clock: &ManualClock) {
    let stale = admit(b, "issued while closed");
    record(b, 0, 10);
    clock.advance(Duration::from_secs(30));
    let probe = admit(b, "probe");
    stale.failure(); // issued before the breaker opened: says nothing about recovery
    assert_state(b, BreakerState::HalfOpen, "stale failure ignored");
    probe.success();
    admit(b, "second probe").success();
    assert_state(b, BreakerState::Closed, "probes decide");
}
