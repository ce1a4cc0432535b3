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

/// Runs every check below against fresh stores from `make`.
pub async fn run_all<F, S>(make: F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    concurrent_reservations_never_exceed_cap(&make).await;
    monthly_cap_binds_when_daily_does_not(&make).await;
    per_user_cap_binds_one_user_only(&make).await;
    periods_roll_over_at_utc_midnight_and_month_start(&make).await;
    thresholds_fire_once_per_period_under_concurrency(&make).await;
    expired_reservations_are_released(&make).await;
    release_and_overrun_are_accounted(&make).await;
    claim_threshold_is_first_caller_only(&make).await;
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

/// The monthly cap refuses on a day whose own cap still has room.
pub async fn monthly_cap_binds_when_daily_does_not<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let unit = typical_worst_case();
    let store = make(BudgetCaps {
        global_daily: Some(Micros(unit.0 * 10)),
        global_monthly: Some(Micros(unit.0 * 15)),
        per_user_daily: None,
    });
    let day1 = base_time();
    let day2 = day1 + TimeDelta::days(1);
    for _ in 0..10 {
        let r = ok(store.reserve("u", unit, day1).await, "reserve day 1");
        ok(store.settle(r, unit, day1).await, "settle day 1");
    }
    for _ in 0..5 {
        let r = ok(store.reserve("u", unit, day2).await, "reserve day 2");
        ok(store.settle(r, unit, day2).await, "settle day 2");
    }
    let day_status = status(&store, &BudgetScope::GlobalDaily, None, day2).await;
    assert_eq!(
        day_status.spent,
        Micros(unit.0 * 5),
        "day 2 counts only its own spend"
    );
    let refused = store.reserve("u", unit, day2).await;
    assert_exhausted(refused, &BudgetScope::GlobalMonthly, "monthly cap");
}

/// One principal's daily cap refuses them while another principal still gets through,
/// and the refusal holds nothing in the global scopes.
pub async fn per_user_cap_binds_one_user_only<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let unit = typical_worst_case();
    let store = make(BudgetCaps {
        global_daily: Some(Micros(unit.0 * 100)),
        global_monthly: None,
        per_user_daily: Some(Micros(unit.0 * 3)),
    });
    let now = base_time();
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(ok(
            store.reserve("alice", unit, now).await,
            "alice within cap",
        ));
    }
    let alice = BudgetScope::UserDaily("alice".to_owned());
    assert_exhausted(
        store.reserve("alice", unit, now).await,
        &alice,
        "alice's 4th",
    );
    let global = status(&store, &BudgetScope::GlobalDaily, None, now).await;
    assert_eq!(
        global.reserved,
        Micros(unit.0 * 3),
        "a refusal holds nothing"
    );
    held.push(ok(store.reserve("bob", unit, now).await, "bob unaffected"));
    let bob = status(
        &store,
        &BudgetScope::UserDaily("bob".into()),
        Some("bob"),
        now,
    )
    .await;
    assert_eq!(bob.reserved, unit);
    for r in held {
        ok(store.release(r).await, "release");
    }
}

/// A new UTC day and a new UTC month start from zero.
pub async fn periods_roll_over_at_utc_midnight_and_month_start<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let unit = typical_worst_case();
    let store = make(BudgetCaps {
        global_daily: Some(Micros(unit.0 * 2)),
        global_monthly: Some(Micros(unit.0 * 3)),
        per_user_daily: None,
    });
    let at = |m, d, h, min, s| {
        Utc.with_ymd_and_hms(2026, m, d, h, min, s)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    };
    let before_midnight = at(11, 29, 23, 59, 59);
    for _ in 0..2 {
        let r = ok(store.reserve("u", unit, before_midnight).await, "reserve");
        ok(store.settle(r, unit, before_midnight).await, "settle");
    }
    let daily = BudgetScope::GlobalDaily;
    assert_exhausted(
        store.reserve("u", unit, before_midnight).await,
        &daily,
        "day full",
    );
    let midnight = at(11, 30, 0, 0, 0);
    let fresh = status(&store, &daily, None, midnight).await;
    assert_eq!(
        (fresh.period.as_str(), fresh.spent),
        ("2026-11-30", Micros::ZERO)
    );
    let r = ok(
        store.reserve("u", unit, midnight).await,
        "reserve after midnight",
    );
    ok(
        store.settle(r, unit, midnight).await,
        "settle after midnight",
    );
    let monthly = BudgetScope::GlobalMonthly;
    assert_exhausted(
        store.reserve("u", unit, midnight).await,
        &monthly,
        "month full",
    );
    let month_start = at(12, 1, 0, 0, 0);
    let december = status(&store, &monthly, None, month_start).await;
    assert_eq!(
        (december.period.as_str(), december.spent),
        ("2026-12", Micros::ZERO)
    );
    ok(
        store.reserve("u", unit, month_start).await,
        "reserve in a new month",
    );
}

fn percents_for(crossings: &[ThresholdCrossing], scope: &BudgetScope) -> Vec<u8> {
    let mut percents: Vec<u8> = crossings
        .iter()
        .filter(|c| &c.scope == scope)
        .map(|c| c.percent)
        .collect();
    percents.sort_unstable();
    percents
}

/// 50/80/100 % each fire exactly once although 100 settles cross them concurrently; not
/// again in the same period; again in the next one.
pub async fn thresholds_fire_once_per_period_under_concurrency<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let step = Micros(1_000);
    let cap = Micros(step.0 * 100);
    let store = Arc::new(make(BudgetCaps {
        global_daily: Some(cap),
        global_monthly: None,
        per_user_daily: Some(cap),
    }));
    let now = base_time();
    let mut held = Vec::new();
    for _ in 0..100 {
        held.push(ok(
            store.reserve("carol", step, now).await,
            "reserve a step",
        ));
    }
    let crossings = settle_concurrently(&store, held, step, now).await;
    let day = BudgetScope::GlobalDaily;
    assert_eq!(
        percents_for(&crossings, &day),
        vec![50, 80, 100],
        "each threshold once"
    );
    let user = BudgetScope::UserDaily("carol".to_owned());
    assert_eq!(
        percents_for(&crossings, &user),
        vec![50, 80, 100],
        "per-user thresholds"
    );
    for c in &crossings {
        let reached = i128::from(c.spent.0) * 100 >= i128::from(c.cap.0) * i128::from(c.percent);
        assert!(
            reached && c.period == "2026-11-25",
            "conformance: crossing figures {c:?}"
        );
    }
    // Same period, an overrun past the cap: nothing fires again.
    let r = ok(
        store.reserve("carol", Micros::ZERO, now).await,
        "zero reservation fits",
    );
    let again = ok(store.settle(r, step, now).await, "overrun settle");
    assert!(
        again.is_empty(),
        "conformance: thresholds re-fired in one period: {again:?}"
    );
    // Next day: each threshold fires again, on the settle that crosses it.
    let next = now + TimeDelta::days(1);
    for (spend, expected) in [(60, vec![50]), (25, vec![80]), (15, vec![100])] {
        let amount = Micros(step.0 * spend);
        let r = ok(
            store.reserve("dave", amount, next).await,
            "reserve next day",
        );
        let fired = ok(store.settle(r, amount, next).await, "settle next day");
        assert_eq!(percents_for(&fired, &day), expected, "next-day crossing");
    }
}

/// An unsettled reservation stops holding budget after its expiry; a late settle still
/// books what was spent.
pub async fn expired_reservations_are_released<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let unit = typical_worst_case();
    let store = make(daily_cap(unit));
    let now = base_time();
    let stale = ok(store.reserve("crashed", unit, now).await, "reserve");
    let expiry = stale.expires_at;
    assert!(expiry > now, "conformance: expiry must be in the future");
    let day = BudgetScope::GlobalDaily;
    let still_live = expiry - TimeDelta::seconds(1);
    assert_exhausted(
        store.reserve("u", unit, still_live).await,
        &day,
        "held until expiry",
    );
    let after = expiry + TimeDelta::seconds(1);
    let fresh = ok(
        store.reserve("u", unit, after).await,
        "budget back after expiry",
    );
    let held = status(&store, &day, None, after).await;
    assert_eq!(held.reserved, unit, "only the fresh reservation is held");
    ok(store.release(fresh).await, "release");
    let half = Micros(unit.0 / 2);
    ok(store.settle(stale, half, after).await, "late settle");
    let booked = status(&store, &day, None, after).await;
    assert_eq!(
        (booked.spent, booked.reserved),
        (half, Micros::ZERO),
        "late settle booked"
    );
}

/// Release gives the hold back; an overrun beyond the reservation is booked in full.
pub async fn release_and_overrun_are_accounted<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let unit = typical_worst_case();
    let store = make(daily_cap(Micros(unit.0 * 2)));
    let now = base_time();
    let day = BudgetScope::GlobalDaily;
    let r = ok(store.reserve("u", unit, now).await, "reserve");
    ok(store.release(r).await, "release");
    let after_release = status(&store, &day, None, now).await;
    assert_eq!(
        (after_release.spent, after_release.reserved),
        (Micros::ZERO, Micros::ZERO)
    );
    let r = ok(store.reserve("u", unit, now).await, "reserve");
    let overrun = Micros(unit.0 * 3);
    let crossings = ok(store.settle(r, overrun, now).await, "overrun settle");
    let booked = status(&store, &day, None, now).await;
    assert_eq!(booked.spent, overrun, "overrun booked in full");
    assert_eq!(booked.remaining, Some(Micros::ZERO));
    assert_eq!(percents_for(&crossings, &day), vec![50, 80, 100]);
    let negative = store.reserve("u", Micros(-1), now).await;
    assert!(
        matches!(negative, Err(BudgetError::InvalidAmount { .. })),
        "conformance: a negative reservation must be refused"
    );
}

/// The dedup memory: first claim wins, per scope, period and percent.
pub async fn claim_threshold_is_first_caller_only<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let store = make(BudgetCaps::default());
    let scope = BudgetScope::GlobalMonthly;
    assert!(ok(
        store.claim_threshold(&scope, "2026-11", 80).await,
        "claim"
    ));
    assert!(!ok(
        store.claim_threshold(&scope, "2026-11", 80).await,
        "claim"
    ));
    assert!(ok(
        store.claim_threshold(&scope, "2026-12", 80).await,
        "claim"
    ));
    assert!(ok(
        store.claim_threshold(&scope, "2026-11", 100).await,
        "claim"
    ));
}
