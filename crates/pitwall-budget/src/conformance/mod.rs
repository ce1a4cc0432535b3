//! The behaviour every [`BudgetStore`] backend must show, as a reusable test suite.
//!
//! Call [`run_all`] from a backend's tests with a factory building a fresh, empty store for
//! the given caps. It needs a multi-threaded Tokio runtime to exercise real concurrency:
//! `#[tokio::test(flavor = "multi_thread", worker_threads = 4)]`. Failures panic with a
//! message naming the broken rule. Every time is passed explicitly, so no test waits.

use std::fmt::Debug;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use crate::error::BudgetError;
use crate::money::Micros;
use crate::period::BudgetScope;
use crate::price::Price;
use crate::store::{BudgetCaps, BudgetStatus, BudgetStore, ThresholdCrossing};

mod caps;
mod periods;
pub use caps::*;
pub use periods::*;

/// Runs every check below against fresh stores from `make`.
pub async fn run_all<F, S>(make: F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    concurrent_reservations_never_exceed_cap(&make).await;
    monthly_cap_binds_when_daily_does_not(&make).await;
    per_user_cap_binds_one_user_only(&make).await;
    a_principal_cap_binds_that_principal_only(&make).await;
    periods_roll_over_at_utc_midnight_and_month_start(&make).await;
    thresholds_fire_once_per_period_under_concurrency(&make).await;
    expired_reservations_are_released(&make).await;
    release_and_overrun_are_accounted(&make).await;
    claim_threshold_is_first_caller_only(&make).await;
    caps_change_live_and_keep_the_spend(&make).await;
}

/// `reserve_within`: the principal's own cap (smaller than the configured
/// per-user cap) binds under concurrency, and other principals keep theirs.
async fn a_principal_cap_binds_that_principal_only<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let store = Arc::new(make(BudgetCaps {
        per_user_daily: Some(Micros(1_000_000)),
        ..BudgetCaps::default()
    }));
    let now = base_time();
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .reserve_within("user:a", Micros(1_000), Micros(100), now)
                    .await
                    .is_ok()
            })
        })
        .collect();
    let mut granted = 0;
    for t in tasks {
        granted += usize::from(ok(t.await, "join"));
    }
    assert_eq!(
        granted, 10,
        "conformance: a $0.001 principal cap admits ten 100 µ$ holds"
    );
    assert_exhausted(
        store
            .reserve_within("user:a", Micros(1_000), Micros(1), now)
            .await,
        &BudgetScope::UserDaily("user:a".into()),
        "the principal's cap is full",
    );
    ok(
        store
            .reserve_within("user:b", Micros(1_000), Micros(1_000), now)
            .await,
        "another principal's cap is its own",
    );
}

/// The worst case of one typical call: gpt-4o-mini list price, 1000 prompt tokens and
/// `max_tokens` 500, i.e. 150 + 300 micro-dollars.
pub fn typical_worst_case() -> Micros {
    Price::new(0.15, 0.075, 0.60).worst_case(1000, 500)
}

/// A fixed mid-day instant, 2026-11-25 12:00:00 UTC.
pub fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn ok<T, E: Debug>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(err) => panic!("conformance: {what} failed: {err:?}"),
    }
}

fn daily_cap(cap: Micros) -> BudgetCaps {
    BudgetCaps {
        global_daily: Some(cap),
        ..BudgetCaps::default()
    }
}

async fn status<S: BudgetStore>(
    store: &S,
    scope: &BudgetScope,
    principal: Option<&str>,
    now: DateTime<Utc>,
) -> BudgetStatus {
    let all = ok(store.snapshot(principal, now).await, "snapshot");
    match all.into_iter().find(|s| &s.scope == scope) {
        Some(s) => s,
        None => panic!("conformance: snapshot has no {scope:?}"),
    }
}

fn assert_exhausted<T: Debug>(result: Result<T, BudgetError>, scope: &BudgetScope, what: &str) {
    match result {
        Err(BudgetError::Exhausted { scope: refused, .. }) if &refused == scope => {}
        other => panic!("conformance: {what}: expected Exhausted for {scope:?}, got {other:?}"),
    }
}

/// Reserves `amount` from `tasks` concurrent tasks; returns the granted reservations.
async fn reserve_concurrently<S: BudgetStore + 'static>(
    store: &Arc<S>,
    tasks: usize,
    amount: Micros,
    now: DateTime<Utc>,
) -> Vec<crate::store::Reservation> {
    let handles: Vec<_> = (0..tasks)
        .map(|i| {
            let store = Arc::clone(store);
            tokio::spawn(async move { store.reserve(&format!("user-{i}"), amount, now).await })
        })
        .collect();
    let mut granted = Vec::new();
    for handle in handles {
        match ok(handle.await, "reserve task") {
            Ok(r) => granted.push(r),
            Err(BudgetError::Exhausted { .. }) => {}
            Err(other) => panic!("conformance: reserve failed unexpectedly: {other:?}"),
        }
    }
    granted
}

/// Settles every reservation at `actual` from concurrent tasks; returns all crossings.
async fn settle_concurrently<S: BudgetStore + 'static>(
    store: &Arc<S>,
    reservations: Vec<crate::store::Reservation>,
    actual: Micros,
    now: DateTime<Utc>,
) -> Vec<ThresholdCrossing> {
    let handles: Vec<_> = reservations
        .into_iter()
        .map(|r| {
            let store = Arc::clone(store);
            tokio::spawn(async move { store.settle(r, actual, now).await })
        })
        .collect();
    let mut crossings = Vec::new();
    for handle in handles {
        crossings.extend(ok(ok(handle.await, "settle task"), "settle"));
    }
    crossings
}

/// 200 concurrent reservations against a cap fitting exactly 20: exactly 20 granted, spent
/// reaches the cap and never passes it; refunds of cheaper calls let more through.
pub async fn concurrent_reservations_never_exceed_cap<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let worst = typical_worst_case();
    let cap = Micros(worst.0 * 20);
    let store = Arc::new(make(daily_cap(cap)));
    let now = base_time();
    let day = BudgetScope::GlobalDaily;

    let granted = reserve_concurrently(&store, 200, worst, now).await;
    assert_eq!(
        granted.len(),
        20,
        "conformance: exactly 20 of 200 reservations fit the cap"
    );
    let held = status(store.as_ref(), &day, None, now).await;
    assert_eq!(
        (held.spent, held.reserved),
        (Micros::ZERO, cap),
        "reserved == cap"
    );
    assert_eq!(held.remaining, Some(Micros::ZERO));

    settle_concurrently(&store, granted, worst, now).await;
    let full = status(store.as_ref(), &day, None, now).await;
    assert_eq!(
        (full.spent, full.reserved),
        (cap, Micros::ZERO),
        "spent == cap after settling"
    );
    assert_exhausted(
        store.reserve("late", worst, now).await,
        &day,
        "reserve on a full day",
    );

    // Next day: every call really costs half its worst case, so the refunds admit 10 more.
    let next_day = now + TimeDelta::days(1);
    let first = reserve_concurrently(&store, 200, worst, next_day).await;
    assert_eq!(first.len(), 20, "conformance: a new day grants 20 again");
    settle_concurrently(&store, first, Micros(worst.0 / 2), next_day).await;
    let refunded = reserve_concurrently(&store, 200, worst, next_day).await;
    assert_eq!(
        refunded.len(),
        10,
        "conformance: refunds of 20 half-cost calls admit 10 more"
    );
    settle_concurrently(&store, refunded, worst, next_day).await;
    let end = status(store.as_ref(), &day, None, next_day).await;
    assert_eq!(end.spent, cap, "conformance: spent == cap, never above");
}
