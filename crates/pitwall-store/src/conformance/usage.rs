//! Conformance suite for one principal's usage per UTC day
//! ([`AppStore::usage_by_day`]).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::{AppStore, HistoryEntry, UsageDay, UsageRow};

fn asked(principal: &str, at: DateTime<Utc>) -> HistoryEntry {
    HistoryEntry {
        source: "llm".into(),
        ..super::history_entry(principal, "q", at)
    }
}

fn billed(principal: &str, at: DateTime<Utc>, cost_micros: i64) -> UsageRow {
    UsageRow {
        request_id: "req".into(),
        principal: principal.into(),
        model: "m".into(),
        prompt_tokens: 1,
        cached_tokens: 0,
        completion_tokens: 1,
        cost_micros,
        at,
    }
}

/// Runs every check against an empty store (and the row counts of
/// [`AppStore::table_rows`] after them).
pub async fn usage_by_day_suite(store: &dyn AppStore) {
    let me = "user:0190c0de-0000-7000-8000-000000000001";
    let other = "ip:203.0.113.5";
    let today = Utc::now().date_naive();
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN));
    let yesterday = today - Duration::days(1);
    let long_ago = today - Duration::days(9);
    // Either side of a UTC midnight, and a day outside the window.
    let last_evening = midnight(today) - Duration::seconds(1);
    let this_morning = midnight(today) + Duration::seconds(1);
    for at in [last_evening, this_morning, this_morning, midnight(long_ago)] {
        assert!(store.insert_history(&asked(me, at)).await.is_ok());
    }
    assert!(store
        .insert_history(&asked(other, this_morning))
        .await
        .is_ok());
    for (who, at, cost) in [
        (me, this_morning, 1_500),
        (me, this_morning, 500),
        (me, last_evening, 250),
        (other, this_morning, 9_999),
    ] {
        assert!(store.insert_usage(&billed(who, at, cost)).await.is_ok());
    }
    let days = store.usage_by_day(me, midnight(yesterday)).await.ok();
    let day = |day, requests, llm_calls, cost_micros| UsageDay {
        day,
        requests,
        llm_calls,
        cost_micros,
    };
    assert_eq!(
        days,
        Some(vec![day(today, 2, 2, 2_000), day(yesterday, 1, 1, 250)])
    );
    let nobody = store
        .usage_by_day("ip:192.0.2.1' OR '1'='1", midnight(long_ago))
        .await
        .ok();
    assert_eq!(nobody, Some(vec![]));
    // What the metrics sampler reads: five questions, four ledger rows.
    let rows = store.table_rows().await.ok().unwrap_or_default();
    let count = |table: &str| rows.iter().find(|(t, _)| *t == table).map(|(_, n)| *n);
    assert_eq!(count("history"), Some(5));
    assert_eq!(count("usage_ledger"), Some(4));
    assert_eq!(count("alerts"), Some(0));
}
