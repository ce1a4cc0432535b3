//! Behaviour of the history store. Written against `AppStore` so the same
//! cases run on every backend (the PostgreSQL backend joins this suite).

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

use chrono::{Duration, Utc};
use pitwall_store::{
    new_id, new_id_at, AlertState, AppStore, HistoryEntry, HistoryPage, SqliteStore,
};

fn entry(question: &str, created_at: chrono::DateTime<Utc>) -> HistoryEntry {
    HistoryEntry {
        // Asked at `created_at`: retention goes by the id's time.
        id: new_id_at(created_at),
        question: question.into(),
        normalised: question.to_lowercase(),
        answer: format!("answer to {question}"),
        source: "local".into(),
        status: "answered".into(),
        reason: None,
        intent: Some("race_winner".into()),
        interpretation: "Race winner · 2021 Abu Dhabi Grand Prix".into(),
        unparsed: vec![],
        sql: Some("SELECT ?".into()),
        params: vec![serde_json::json!(2021)],
        columns: vec!["driver".into()],
        rows: vec![
            vec![serde_json::json!("Max Verstappen")],
            vec![serde_json::json!(1.5)],
        ],
        column_labels: vec![],
        chart: None,
        row_count: 2,
        truncated: false,
        confidence: Some(0.9),
        latency_ms: 3,
        request_id: "req-1".into(),
        principal: "anonymous".into(),
        created_at,
    }
}

async fn round_trip_and_pagination(store: &dyn AppStore) {
    let now = Utc::now();
    let mut ids = Vec::new();
    for i in 0..5 {
        // A millisecond apart: ids order entries by the time they were asked.
        let e = entry(&format!("q{i}"), now + Duration::milliseconds(i));
        store.insert_history(&e).await.unwrap();
        let got = store.get_history(e.id).await.unwrap().unwrap();
        assert_eq!(got.rows, e.rows);
        assert_eq!(got.params, e.params);
        assert_eq!(got.question, e.question);
        assert_eq!(got.interpretation, e.interpretation);
        assert_eq!(got.unparsed, e.unparsed);
        assert_eq!((got.created_at - e.created_at).num_milliseconds(), 0);
        ids.push(e.id);
    }
    let first = store
        .list_history(HistoryPage {
            limit: 2,
            before: None,
        })
        .await
        .unwrap();
    assert_eq!(
        first
            .iter()
            .map(|e| e.question.as_str())
            .collect::<Vec<_>>(),
        ["q4", "q3"]
    );
    let second = store
        .list_history(HistoryPage {
            limit: 2,
            before: Some(first[1].id),
        })
        .await
        .unwrap();
    assert_eq!(
        second
            .iter()
            .map(|e| e.question.as_str())
            .collect::<Vec<_>>(),
        ["q2", "q1"]
    );
    let last = store
        .list_history(HistoryPage {
            limit: 100,
            before: Some(second[1].id),
        })
        .await
        .unwrap();
    assert_eq!(last.len(), 1);
    assert!(store.get_history(new_id()).await.unwrap().is_none());
}

/// A decline keeps the words the engine could not place, in order, so an
/// operator can read what people ask that it misses.
async fn declines_keep_their_unparsed_words(store: &dyn AppStore) {
    let mut declined = entry("How many wet races did Lewis Hamilton win?", Utc::now());
    declined.status = "fallback".into();
    declined.source = "fallback".into();
    declined.interpretation = "Not answered".into();
    declined.unparsed = vec!["wet".into(), "naïve".into()];
    store.insert_history(&declined).await.unwrap();
    let got = store.get_history(declined.id).await.unwrap().unwrap();
    assert_eq!(got.unparsed, ["wet", "naïve"]);
    assert_eq!(got.interpretation, "Not answered");
    let listed = store
        .list_history(HistoryPage {
            limit: 1,
            before: None,
        })
        .await
        .unwrap();
    assert_eq!(listed[0].unparsed, ["wet", "naïve"]);
}

async fn pruning_removes_only_old_rows(store: &dyn AppStore) {
    let now = Utc::now();
    store
        .insert_history(&entry("old", now - Duration::days(40)))
        .await
        .unwrap();
    store.insert_history(&entry("new", now)).await.unwrap();
    let removed = store.prune_history(now - Duration::days(30)).await.unwrap();
    assert_eq!(removed, 1);
    let left = store
        .list_history(HistoryPage {
            limit: 10,
            before: None,
        })
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].question, "new");
}

#[tokio::test]
async fn sqlite_history_round_trip_and_pagination() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("app.sqlite"))
        .await
        .unwrap();
    round_trip_and_pagination(&store).await;
}

#[tokio::test]
async fn sqlite_history_keeps_unparsed_words() {
    let store = SqliteStore::in_memory().await.unwrap();
    declines_keep_their_unparsed_words(&store).await;
}

#[tokio::test]
async fn sqlite_history_pruning() {
    let store = SqliteStore::in_memory().await.unwrap();
    pruning_removes_only_old_rows(&store).await;
}

#[tokio::test]
async fn sqlite_history_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let e = entry("durable", Utc::now());
    {
        let store = SqliteStore::open(&path).await.unwrap();
        store.insert_history(&e).await.unwrap();
        // No close(): the row must already be durable once insert returns.
    }
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.get_history(e.id).await.unwrap().unwrap().answer,
        e.answer
    );
}

async fn ledger_sums_by_period_and_principal(store: &dyn AppStore) {
    use chrono::SubsecRound;
    use pitwall_store::{AlertRow, UsageRow};
    // Stored timestamps keep microseconds.
    let now = Utc::now().trunc_subsecs(6);
    let row = |principal: &str, cost: i64, at| UsageRow {
        request_id: "r".into(),
        principal: principal.into(),
        model: "gpt-4o-mini".into(),
        prompt_tokens: 100,
        cached_tokens: 0,
        completion_tokens: 50,
        cost_micros: cost,
        at,
    };
    store
        .insert_usage(&row("alice", 100, now - Duration::days(2)))
        .await
        .unwrap();
    store.insert_usage(&row("alice", 250, now)).await.unwrap();
    store.insert_usage(&row("bob", 40, now)).await.unwrap();
    let since = now - Duration::hours(1);
    assert_eq!(store.spend_since(since, None).await.unwrap(), 290);
    assert_eq!(store.spend_since(since, Some("alice")).await.unwrap(), 250);
    assert_eq!(
        store
            .spend_since(now - Duration::days(3), Some("alice"))
            .await
            .unwrap(),
        350
    );
    assert_eq!(
        store
            .spend_since(now + Duration::hours(1), None)
            .await
            .unwrap(),
        0
    );

    let alert = AlertRow {
        kind: "budget_threshold".into(),
        message: "50%".into(),
        scope: Some("global_daily".into()),
        percent: Some(50),
        at: now,
        severity: "warning".into(),
        detail: String::new(),
        resolved_at: None,
    };
    store.insert_alert(&alert).await.unwrap();
    let all = store.list_alerts(AlertState::All, 10).await.unwrap();
    assert_eq!(all, vec![alert.clone()]);

    let old = AlertRow {
        at: now - Duration::days(40),
        ..alert.clone()
    };
    let other_kind = AlertRow {
        kind: "billing_exhausted".into(),
        ..alert.clone()
    };
    store.insert_alert(&old).await.unwrap();
    store.insert_alert(&other_kind).await.unwrap();
    assert_eq!(
        store
            .alerts_since("budget_threshold", now - Duration::days(1))
            .await
            .unwrap(),
        vec![alert]
    );
}

#[tokio::test]
async fn sqlite_alerts_fire_resolve_and_list_by_state() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::alerts_suite(&store).await;
}

#[tokio::test]
async fn sqlite_usage_ledger_and_alerts() {
    let store = SqliteStore::in_memory().await.unwrap();
    ledger_sums_by_period_and_principal(&store).await;
}

#[tokio::test]
async fn sqlite_prunes_each_principal_by_its_plans_retention() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::retention_by_plan_suite(&store).await;
}

#[tokio::test]
async fn sqlite_counts_one_principals_usage_per_utc_day() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::usage_by_day_suite(&store).await;
}

#[tokio::test]
async fn sqlite_counts_security_events_per_kind_and_principal() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::security_events_suite(&store).await;
}

#[tokio::test]
async fn sqlite_rollups_add_up_range_and_prune() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::rollups_suite(&store).await;
}

#[tokio::test]
async fn sqlite_alerts_between_fired_or_resolved() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::alerts_between_suite(&store).await;
}

#[tokio::test]
async fn a_rollup_flush_that_fails_part_way_stores_none_of_it() {
    use pitwall_store::{RollupRow, RollupSeries};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    // A trigger makes the second row's upsert fail, as a full disk might.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER poison BEFORE INSERT ON rollup_minutes WHEN NEW.a = 'poison' \
         BEGIN SELECT RAISE(ABORT, 'poisoned'); END;",
    )
    .unwrap();
    drop(conn);
    let at = chrono::Utc::now();
    let mut good = RollupRow::new(at, RollupSeries::Http, "GET /", "2xx", "");
    good.count = 1;
    let poison = RollupRow::new(at, RollupSeries::Http, "poison", "2xx", "");
    assert!(store.add_rollups(&[good.clone(), poison]).await.is_err());
    let from = at - chrono::Duration::hours(1);
    let to = at + chrono::Duration::hours(1);
    assert!(
        store.rollups(from, to, None).await.unwrap().is_empty(),
        "all or nothing"
    );
    // The retry without the bad row stores the good one once.
    store.add_rollups(&[good]).await.unwrap();
    let rows = store.rollups(from, to, None).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].count, 1);
}
