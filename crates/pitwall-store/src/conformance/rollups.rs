//! Conformance suite for per-minute roll-ups ([`AppStore::add_rollups`],
//! [`AppStore::rollups`], [`AppStore::prune_rollups`]).

use chrono::{Duration, TimeZone, Utc};

use crate::{AppStore, RollupRow, RollupSeries};

/// Runs every check against an empty store.
pub async fn rollups_suite(store: &dyn AppStore) {
    let t0 = Utc
        .with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
        .single()
        .unwrap_or_default();
    let ask = |at, n: u64, slow: u64| {
        let mut r = RollupRow::new(at, RollupSeries::Http, "POST /v1/ask", "2xx", "");
        r.count = n;
        r.buckets[3] = n - slow;
        r.buckets[15] = slow;
        r
    };
    let spend = |at, who: &str, cost| {
        let mut r = RollupRow::new(at, RollupSeries::Principal, who, "free", "");
        r.count = 1;
        r.cost_micros = cost;
        r
    };
    let rss = |at, v| {
        let mut r = RollupRow::new(at, RollupSeries::Resource, "rss_bytes", "", "");
        r.value = v;
        r
    };
    // Nothing stored yet; an empty flush is fine.
    assert_eq!(
        store.rollups(t0, t0 + Duration::hours(1), None).await.ok(),
        Some(vec![])
    );
    assert!(store.add_rollups(&[]).await.is_ok());

    // Seconds inside the minute are dropped by `RollupRow::new`.
    let first = vec![
        ask(t0 + Duration::seconds(42), 5, 1),
        spend(t0, "user:a", 300),
        rss(t0, 1_000.0),
    ];
    assert!(store.add_rollups(&first).await.is_ok());
    // A second flush of the same minute adds up (a restart within it), and
    // the sampled value keeps the maximum.
    let second = vec![ask(t0, 2, 0), spend(t0, "user:a", 200), rss(t0, 800.0)];
    assert!(store.add_rollups(&second).await.is_ok());
    // Another minute, another principal, another labels set.
    let later = t0 + Duration::minutes(1);
    let third = vec![
        spend(later, "user:b", 7),
        RollupRow::new(later, RollupSeries::Http, "POST /v1/ask", "5xx", ""),
    ];
    assert!(store.add_rollups(&third).await.is_ok());

    let all = store
        .rollups(t0, t0 + Duration::hours(1), None)
        .await
        .unwrap_or_default();
    assert_eq!(all.len(), 5, "{all:?}");
    assert!(
        all.windows(2).all(|w| w[0].minute <= w[1].minute),
        "oldest first"
    );
    let find = |series, a: &str, b: &str, minute| {
        all.iter()
            .find(|r| r.series == series && r.a == a && r.b == b && r.minute == minute)
            .cloned()
    };
    let asks = find(RollupSeries::Http, "POST /v1/ask", "2xx", t0);
    assert_eq!(asks.as_ref().map(|r| r.count), Some(7));
    assert_eq!(asks.as_ref().map(|r| r.buckets[3]), Some(6));
    assert_eq!(asks.as_ref().map(|r| r.buckets[15]), Some(1));
    assert_eq!(
        find(RollupSeries::Principal, "user:a", "free", t0).map(|r| (r.count, r.cost_micros)),
        Some((2, 500))
    );
    assert_eq!(
        find(RollupSeries::Resource, "rss_bytes", "", t0).map(|r| r.value),
        Some(1_000.0)
    );
    assert!(find(RollupSeries::Http, "POST /v1/ask", "5xx", later).is_some());

    // The range is [from, to): the later minute only, then one series only.
    let only_later = store
        .rollups(later, later + Duration::minutes(1), None)
        .await
        .unwrap_or_default();
    assert_eq!(only_later.len(), 2);
    let spenders = store
        .rollups(t0, t0 + Duration::hours(1), Some(RollupSeries::Principal))
        .await
        .unwrap_or_default();
    assert_eq!(spenders.len(), 2);
    assert!(spenders.iter().all(|r| r.series == RollupSeries::Principal));

    // Labels are stored as given, odd text included.
    let odd = "q'; DROP TABLE rollup_minutes; -- «ünï» 🏎";
    let declined = RollupRow {
        count: 1,
        ..RollupRow::new(later, RollupSeries::Declined, odd, "x", "")
    };
    assert!(store.add_rollups(&[declined]).await.is_ok());
    let back = store
        .rollups(
            later,
            later + Duration::minutes(1),
            Some(RollupSeries::Declined),
        )
        .await
        .unwrap_or_default();
    assert_eq!(back.first().map(|r| r.a.as_str()), Some(odd));

    // Pruning one series drops only its rows before the cutoff.
    assert_eq!(
        store
            .prune_rollups(later, Some(RollupSeries::Principal))
            .await
            .ok(),
        Some(1)
    );
    assert_eq!(
        store
            .rollups(t0, later, Some(RollupSeries::Principal))
            .await
            .map(|r| r.len())
            .ok(),
        Some(0)
    );
    // Pruning every series drops the rest of the minutes before the cutoff.
    assert_eq!(store.prune_rollups(later, None).await.ok(), Some(2));
    let left = store
        .rollups(t0, t0 + Duration::hours(1), None)
        .await
        .unwrap_or_default();
    assert_eq!(left.len(), 3);
    assert!(left.iter().all(|r| r.minute == later));
}
