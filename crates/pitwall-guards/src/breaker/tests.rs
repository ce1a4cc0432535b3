use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::clock::ManualClock;

#[test]
fn local_breaker_conforms() {
    crate::conformance::breaker_suite(|config, clock| {
        Arc::new(LocalBreaker::with_clock("test", config, clock))
    });
}

#[test]
fn dropped_closed_permits_count_as_neither() {
    let clock = Arc::new(ManualClock::new());
    let breaker = LocalBreaker::with_clock("test", BreakerConfig::default(), clock);
    for _ in 0..50 {
        drop(breaker.try_acquire());
    }
    assert_eq!(breaker.state().requests_in_window, 0);
}

#[test]
fn window_boundary_is_bucket_granular() {
    // 30 s window in 10 buckets of 3 s: a failure leaves the window 27-30 s after it.
    let clock = Arc::new(ManualClock::new());
    let breaker = LocalBreaker::with_clock("test", BreakerConfig::default(), clock.clone());
    breaker.try_acquire().map(BreakerPermit::failure).ok();
    clock.advance(Duration::from_secs(26));
    assert_eq!(breaker.state().requests_in_window, 1);
    clock.advance(Duration::from_secs(4));
    assert_eq!(breaker.state().requests_in_window, 0);
}

#[test]
fn failure_rate_is_reported() {
    let clock = Arc::new(ManualClock::new());
    let breaker = LocalBreaker::with_clock("test", BreakerConfig::default(), clock);
    for ok in [true, true, true, false] {
        if let Ok(permit) = breaker.try_acquire() {
            permit.record(if ok {
                CallOutcome::Success
            } else {
                CallOutcome::Failure
            });
        }
    }
    let snapshot = breaker.state();
    assert_eq!(snapshot.requests_in_window, 4);
    assert!((snapshot.failure_rate - 0.25).abs() < 1e-9, "{snapshot:?}");
}
