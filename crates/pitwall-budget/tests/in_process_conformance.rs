//! The shared conformance suite run against the in-process store, plus the in-process-only
//! start-up restore and TTL configuration.

use chrono::{TimeDelta, TimeZone, Utc};
use pitwall_budget::conformance;
use pitwall_budget::{BudgetCaps, BudgetError, BudgetScope, BudgetStore, InProcessBudget, Micros};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn in_process_budget_passes_the_conformance_suite() {
    conformance::run_all(InProcessBudget::new).await;
}

#[tokio::test]
async fn restored_spend_counts_against_todays_and_this_months_caps() {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 15, 30, 0).unwrap();
    let day_start = Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0).unwrap();
    let month_start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
    let caps = BudgetCaps {
        global_daily: Some(Micros(1_000)),
        global_monthly: Some(Micros(5_000)),
        per_user_daily: Some(Micros(300)),
    };
    let store = InProcessBudget::with_spent(
        caps,
        vec![
            (BudgetScope::GlobalDaily, day_start, Micros(600)),
            (BudgetScope::GlobalMonthly, month_start, Micros(4_800)),
            (BudgetScope::UserDaily("ann".into()), day_start, Micros(250)),
        ],
    );
    match store.reserve("ann", Micros(100), now).await {
        Err(BudgetError::Exhausted { scope, spent, .. }) => {
            assert_eq!(scope, BudgetScope::UserDaily("ann".into()));
            assert_eq!(spent, Micros(250));
        }
        other => panic!("expected ann's restored spend to bind, got {other:?}"),
    }
    // 400 remain today but only 200 this month: the monthly cap refuses 201.
    let monthly = store.reserve("cy", Micros(201), now).await;
    assert!(matches!(
        monthly,
        Err(BudgetError::Exhausted {
            scope: BudgetScope::GlobalMonthly,
            ..
        })
    ));
    let held = store.reserve("ben", Micros(200), now).await.unwrap();
    // Restored spend is not a crossing: settling 600 -> 800 fires only the 80 % it crosses,
    // and the month going 4800 -> 5000 only its 100 %.
    let crossings = store.settle(held, Micros(200), now).await.unwrap();
    let percents = |scope: BudgetScope| -> Vec<u8> {
        crossings
            .iter()
            .filter(|c| c.scope == scope)
            .map(|c| c.percent)
            .collect()
    };
    assert_eq!(percents(BudgetScope::GlobalMonthly), vec![100]);
    let daily = percents(BudgetScope::GlobalDaily);
    assert_eq!(daily, vec![80]);
}

#[tokio::test]
async fn configured_ttl_sets_the_reservation_expiry() {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let ttl = TimeDelta::seconds(30);
    let store = InProcessBudget::new(BudgetCaps {
        global_daily: Some(Micros(10)),
        ..BudgetCaps::default()
    })
    .with_reservation_ttl(ttl);
    let held = store.reserve("u", Micros(10), now).await.unwrap();
    assert_eq!(held.expires_at, now + ttl);
    assert!(store
        .reserve("u", Micros(1), now + TimeDelta::seconds(29))
        .await
        .is_err());
    assert!(store
        .reserve("u", Micros(1), now + TimeDelta::seconds(30))
        .await
        .is_ok());
}

#[tokio::test]
async fn a_reservation_made_before_midnight_settles_into_its_own_day() {
    let before = Utc.with_ymd_and_hms(2026, 11, 25, 23, 59, 0).unwrap();
    let after = Utc.with_ymd_and_hms(2026, 11, 26, 0, 1, 0).unwrap();
    let store = InProcessBudget::new(BudgetCaps {
        global_daily: Some(Micros(100)),
        ..BudgetCaps::default()
    });
    let held = store.reserve("u", Micros(100), before).await.unwrap();
    store.settle(held, Micros(70), after).await.unwrap();
    let yesterday = store.snapshot(None, before).await.unwrap();
    let today = store.snapshot(None, after).await.unwrap();
    assert_eq!(yesterday[0].spent, Micros(70));
    assert_eq!(yesterday[0].period, "2026-11-25");
    assert_eq!(today[0].spent, Micros::ZERO);
    assert_eq!(today[0].remaining, Some(Micros(100)));
}
