//! Conformance suite for retention storage ([`crate::ArchiveStore`]):
//! expired rows page out in key order, deletes are bounded, firing alerts
//! never expire, folding the ledger keeps every total, and compacting
//! roll-ups keeps every sum.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::archive::MAX_BATCH;
use crate::{AlertRow, AppStore, ArchiveTable, Expiry, RollupRow, RollupSeries, UsageRow};

fn alert(at: DateTime<Utc>, resolved: Option<DateTime<Utc>>) -> AlertRow {
    AlertRow {
        kind: "budget".into(),
        message: "spend".into(),
        scope: None,
        percent: None,
        at,
        severity: "warning".into(),
        detail: String::new(),
        resolved_at: resolved,
    }
}

fn usage(principal: &str, at: DateTime<Utc>, cost: i64) -> UsageRow {
    UsageRow {
        request_id: "r".into(),
        principal: principal.into(),
        model: "m".into(),
        prompt_tokens: 10,
        cached_tokens: 1,
        completion_tokens: 2,
        cost_micros: cost,
        at,
    }
}

async fn keys(store: &dyn AppStore, table: ArchiveTable, expiry: &Expiry) -> Vec<i64> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = store
            .expired_rows(table, expiry, after, MAX_BATCH)
            .await
            .unwrap_or_default();
        assert!(page.len() <= MAX_BATCH);
        let Some(last) = page.last() else {
            return all;
        };
        after = last.key;
        all.extend(page.iter().map(|r| r.key));
    }
}

/// Runs every check against an empty store.
pub async fn archive_store_suite(store: &dyn AppStore) {
    let now = Utc::now();
    let days = |n: i64| now - Duration::days(n);
    let cutoff = Expiry::Before(days(365));

    // Alerts: only resolved ones past the cutoff expire, never firing ones.
    for a in [
        alert(days(500), None),
        alert(days(500), Some(days(499))),
        alert(days(500), Some(days(10))),
    ] {
        assert!(store.insert_alert(&a).await.is_ok());
    }
    let expired = store
        .expired_rows(ArchiveTable::Alerts, &cutoff, 0, MAX_BATCH)
        .await
        .unwrap_or_default();
    assert_eq!(expired.len(), 1);
    assert_eq!(
        expired[0].row.get("kind"),
        Some(&serde_json::json!("budget"))
    );
    assert_eq!(expired[0].day, days(500).date_naive());
    assert_eq!(
        store
            .count_expired(ArchiveTable::Alerts, &cutoff)
            .await
            .ok(),
        Some(1)
    );
    let gone = store
        .delete_rows(ArchiveTable::Alerts, &[expired[0].key])
        .await;
    assert_eq!(gone.ok(), Some(1));
    // Deleting again deletes nothing.
    let again = store
        .delete_rows(ArchiveTable::Alerts, &[expired[0].key])
        .await;
    assert_eq!(again.ok(), Some(0));
    assert_eq!(
        store
            .count_expired(ArchiveTable::Alerts, &cutoff)
            .await
            .ok(),
        Some(0)
    );
    // A batch larger than the bound is refused, not split silently.
    let too_many: Vec<i64> = (1..=2_001).collect();
    assert!(store
        .delete_rows(ArchiveTable::Alerts, &too_many)
        .await
        .is_err());

    // The ledger: more old rows than one page; folding keeps every total.
    let old = days(40);
    for i in 0..2_050 {
        let who = if i % 2 == 0 { "ip:a" } else { "ip:b" };
        let row = usage(who, old + Duration::seconds(i), 3);
        assert!(store.insert_usage(&row).await.is_ok());
    }
    assert!(store
        .insert_usage(&usage("ip:a", days(1), 1_000))
        .await
        .is_ok());
    let since = days(60);
    let before_top = store
        .usage_top(since, crate::UsageOrder::Cost, 10)
        .await
        .ok();
    let day_start = |d: DateTime<Utc>| {
        Utc.from_utc_datetime(&d.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default())
    };
    let before_days = store.usage_by_day("ip:a", day_start(since)).await.ok();
    let ledger_cutoff = Expiry::Before(day_start(days(35)));
    let raw = keys(store, ArchiveTable::UsageLedger, &ledger_cutoff).await;
    assert_eq!(raw.len(), 2_050);
    for chunk in raw.chunks(MAX_BATCH) {
        assert_eq!(store.fold_usage(chunk).await.ok(), Some(chunk.len() as u64));
    }
    assert_eq!(
        store
            .count_expired(ArchiveTable::UsageLedger, &ledger_cutoff)
            .await
            .ok(),
        Some(0)
    );
    assert_eq!(
        store
            .usage_top(since, crate::UsageOrder::Cost, 10)
            .await
            .ok(),
        before_top
    );
    assert_eq!(
        store.usage_by_day("ip:a", day_start(since)).await.ok(),
        before_days
    );
    // Budgets read raw rows only, and the recent one is still there.
    assert_eq!(store.spend_since(days(2), None).await.ok(), Some(1_000));
    // Aggregates expire by their day.
    let aggregates = keys(store, ArchiveTable::UsageDaily, &Expiry::Before(days(30))).await;
    assert!(!aggregates.is_empty() && aggregates.len() <= 2);
    assert!(
        keys(store, ArchiveTable::UsageDaily, &Expiry::Before(days(50)))
            .await
            .is_empty()
    );

    rollup_compaction(store).await;
    assert!(store.reclaim_space().await.is_ok());
}

async fn rollup_compaction(store: &dyn AppStore) {
    let t0 = Utc
        .with_ymd_and_hms(2025, 1, 6, 10, 0, 0)
        .single()
        .unwrap_or_default();
    let mut rows = Vec::new();
    for m in 0..120 {
        let mut r = RollupRow::new(
            t0 + Duration::minutes(m),
            RollupSeries::Http,
            "POST /v1/ask",
            "2xx",
            "",
        );
        r.count = 2;
        r.cost_micros = 5;
        r.buckets[3] = 1;
        r.buckets[15] = 1;
        rows.push(r);
        let mut v = RollupRow::new(
            t0 + Duration::minutes(m),
            RollupSeries::Resource,
            "rss",
            "",
            "",
        );
        v.value = m as f64;
        rows.push(v);
    }
    assert!(store.add_rollups(&rows).await.is_ok());
    let (from, to) = (t0, t0 + Duration::hours(2));
    let sums = |rows: &[RollupRow]| {
        let count: u64 = rows.iter().map(|r| r.count).sum();
        let cost: i64 = rows.iter().map(|r| r.cost_micros).sum();
        let slow: u64 = rows.iter().map(|r| r.buckets[15]).sum();
        let max = rows.iter().map(|r| r.value).fold(0.0, f64::max);
        (count, cost, slow, max)
    };
    let before = sums(&store.rollups(from, to, None).await.unwrap_or_default());
    assert_eq!(store.count_compactable(to).await.ok(), Some(236));
    // Bounded batches: each folds at most its limit.
    let mut folded = 0;
    loop {
        let n = store.compact_rollups(to, 100).await.unwrap_or(u64::MAX);
        assert!(n <= 100, "{n}");
        if n == 0 {
            break;
        }
        folded += n;
    }
    assert_eq!(folded, 236);
    let after = store.rollups(from, to, None).await.unwrap_or_default();
    assert_eq!(after.len(), 4, "one row per hour and series");
    assert_eq!(sums(&after), before);
}
