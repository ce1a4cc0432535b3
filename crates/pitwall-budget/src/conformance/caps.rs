//! Live cap changes: an operator lowers or raises a cap during a cost spike.

use super::{assert_exhausted, base_time, daily_cap, ok, status, typical_worst_case};
use crate::money::Micros;
use crate::period::BudgetScope;
use crate::store::{BudgetCaps, BudgetStore};

/// `set_caps` applies to the next reserve and keeps what was spent: a cap
/// lowered below today's spend refuses, a raised one admits at once, and the
/// snapshot and `caps` report the new figures.
pub async fn caps_change_live_and_keep_the_spend<F, S>(make: &F)
where
    F: Fn(BudgetCaps) -> S,
    S: BudgetStore + 'static,
{
    let unit = typical_worst_case();
    let store = make(daily_cap(Micros(unit.0 * 10)));
    let now = base_time();
    for _ in 0..3 {
        let r = ok(
            store.reserve("u", unit, now).await,
            "reserve under the first cap",
        );
        ok(store.settle(r, unit, now).await, "settle");
    }
    let lowered = daily_cap(Micros(unit.0 * 2));
    ok(store.set_caps(lowered.clone()).await, "lower the cap");
    assert_eq!(
        ok(store.caps().await, "caps"),
        lowered,
        "caps reports the change"
    );
    assert_exhausted(
        store.reserve("u", unit, now).await,
        &BudgetScope::GlobalDaily,
        "a cap lowered below today's spend",
    );
    let day = status(&store, &BudgetScope::GlobalDaily, None, now).await;
    assert_eq!(day.spent, Micros(unit.0 * 3), "spend survives a cap change");
    assert_eq!(
        day.cap,
        Some(Micros(unit.0 * 2)),
        "the snapshot shows the new cap"
    );
    assert_eq!(day.remaining, Some(Micros::ZERO));

    ok(
        store.set_caps(daily_cap(Micros(unit.0 * 4))).await,
        "raise the cap",
    );
    let r = ok(
        store.reserve("u", unit, now).await,
        "one more under the raised cap",
    );
    ok(store.release(r).await, "release");
    // Removing the per-user cap and setting a global one of zero stops all spend.
    ok(
        store
            .set_caps(BudgetCaps {
                global_daily: Some(Micros::ZERO),
                ..BudgetCaps::default()
            })
            .await,
        "cap of zero",
    );
    assert_exhausted(
        store.reserve("other", Micros(1), now).await,
        &BudgetScope::GlobalDaily,
        "a zero cap",
    );
}
