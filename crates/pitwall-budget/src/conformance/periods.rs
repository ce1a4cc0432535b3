//! Conformance cases about caps per scope, periods, thresholds and reservation lifetimes.

use super::*;

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
