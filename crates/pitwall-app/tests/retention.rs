//! Retention end to end on a real SQLite file with a real archive
//! directory: a dry run changes nothing and counts; rows are archived
//! (zstd JSON lines, read back) before they are deleted in batches of at
//! most 2,000; a deletion that fails after archiving loses nothing and
//! stops only its own table, the others still run; a re-run rewrites no archive byte and deletes nothing twice; folding the
//! ledger keeps admin usage totals; firing alerts stay.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use common::build_app;
use pitwall_store::{AlertRow, HistoryEntry, SecurityEventRow, UsageOrder, UsageRow};

fn history(at: DateTime<Utc>, n: i64) -> HistoryEntry {
    let at = at + Duration::milliseconds(n);
    pitwall_store::conformance::history_entry("ip:198.51.100.0", &format!("question {n}"), at)
}

fn alert(at: DateTime<Utc>, resolved: Option<DateTime<Utc>>) -> AlertRow {
    AlertRow {
        kind: "budget".into(),
        message: "m".into(),
        scope: None,
        percent: None,
        at,
        severity: "warning".into(),
        detail: String::new(),
        resolved_at: resolved,
    }
}

/// Every archive file and its bytes.
fn archive_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for table in std::fs::read_dir(dir).into_iter().flatten() {
        for file in std::fs::read_dir(table.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            files.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    files
}

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    let mut text = String::new();
    zstd::stream::read::Decoder::new(bytes)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn archive_then_delete_in_bounded_batches_and_rerun_idempotently() {
    let archive = tempfile::tempdir().unwrap();
    let t = build_app(vec![(
        "PITWALL_ARCHIVE_DIR".into(),
        archive.path().to_str().unwrap().into(),
    )])
    .await;
    let store = t.app.store();
    let now = Utc::now();
    let old = (now - Duration::days(400))
        .date_naive()
        .and_hms_opt(1, 0, 0)
        .unwrap()
        .and_utc();
    for i in 0..2_500 {
        let e = SecurityEventRow {
            at: old + Duration::seconds(i),
            kind: "failed_auth".into(),
            principal: "ip:x".into(),
            ip_group: "x".into(),
            key_id: None,
            detail: String::new(),
        };
        store.insert_security_event(&e).await.unwrap();
    }
    for a in [
        alert(old, Some(old)),
        alert(old, Some(old)),
        alert(old, None),
    ] {
        store.insert_alert(&a).await.unwrap();
    }
    let ledger_day = now - Duration::days(40);
    for i in 0..30 {
        let row = UsageRow {
            request_id: format!("r{i}"),
            principal: "ip:a".into(),
            model: "m".into(),
            prompt_tokens: 1,
            cached_tokens: 0,
            completion_tokens: 1,
            cost_micros: 7,
            at: ledger_day,
        };
        store.insert_usage(&row).await.unwrap();
    }
    // The anonymous plan keeps history 30 days.
    for i in 0..5 {
        store
            .insert_history(&history(now - Duration::days(31), i))
            .await
            .unwrap();
    }
    store.insert_history(&history(now, 0)).await.unwrap();
    let since = now - Duration::days(90);
    // Admin usage of the ledger's principal (no history of its own).
    let usage_of_a = || async {
        let top = store.usage_top(since, UsageOrder::Cost, 10).await.unwrap();
        top.into_iter().find(|u| u.principal == "ip:a").unwrap()
    };
    let usage_before = usage_of_a().await;
    assert_eq!(
        (usage_before.llm_calls, usage_before.cost_micros),
        (30, 210)
    );

    // A dry run counts and changes nothing.
    let rows_before = store.table_rows().await.unwrap();
    let dry = t.app.run_retention(true).await.unwrap();
    let counted: BTreeMap<&str, u64> = dry.tables.iter().map(|t| (t.table, t.rows)).collect();
    assert_eq!(counted["security_events"], 2_500);
    assert_eq!(counted["alerts"], 2);
    assert_eq!(counted["usage_ledger"], 30);
    assert_eq!(counted["history"], 5);
    assert_eq!(store.table_rows().await.unwrap(), rows_before);
    assert!(archive_files(archive.path()).is_empty());

    // Deleting alerts fails after they are archived: nothing is lost.
    let db = t.dir.path().join("pitwall.sqlite");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER keep_alerts BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'no'); END",
    )
    .unwrap();
    // The failing table is reported, and every other table still runs.
    let partial = t.app.run_retention(false).await.unwrap();
    let done: BTreeMap<&str, &pitwall_app::TableRun> =
        partial.tables.iter().map(|t| (t.table, t)).collect();
    let failed: Vec<&str> = partial.failed().map(|t| t.table).collect();
    assert_eq!(failed, ["alerts"]);
    assert!(
        done["alerts"].error.as_deref().unwrap().contains("no"),
        "{partial:?}"
    );
    assert_eq!((done["alerts"].rows, done["alerts"].archived), (0, 2));
    let security = done["security_events"];
    assert_eq!((security.rows, security.archived), (2_500, 2_500));
    assert!(
        security.batches >= 2 && security.largest_batch <= 2_000,
        "{security:?}"
    );
    assert_eq!(done["history"].rows, 5);
    assert!(done
        .values()
        .filter(|t| t.table != "alerts")
        .all(|t| t.error.is_none()));
    let alerts_file = archive
        .path()
        .join("alerts")
        .join(format!("{}.jsonl.zst", old.format("%Y-%m-%d")));
    let archived = std::fs::read(&alerts_file).unwrap();
    assert_eq!(lines(&archived).len(), 2);
    let expired = t.app.run_retention(true).await.unwrap();
    assert_eq!(
        expired
            .tables
            .iter()
            .find(|t| t.table == "alerts")
            .unwrap()
            .rows,
        2
    );
    conn.execute_batch("DROP TRIGGER keep_alerts").unwrap();

    let run = t.app.run_retention(false).await.unwrap();
    assert_eq!(run.failed().count(), 0, "{run:?}");
    let done: BTreeMap<&str, &pitwall_app::TableRun> =
        run.tables.iter().map(|t| (t.table, t)).collect();
    assert_eq!(done["security_events"].rows, 0, "done by the partial run");
    assert_eq!(done["alerts"].rows, 2);
    // The re-run rewrote the alerts file byte for byte.
    assert_eq!(std::fs::read(&alerts_file).unwrap(), archived);
    let firing = store
        .list_alerts(pitwall_store::AlertState::Firing, 10)
        .await
        .unwrap();
    assert_eq!(firing.len(), 1, "firing alerts are never pruned");
    let events = archive_files(archive.path())
        .into_iter()
        .find(|(p, _)| p.starts_with(archive.path().join("security_events")))
        .unwrap();
    assert_eq!(lines(&events.1).len(), 2_500);
    assert_eq!(usage_of_a().await, usage_before);
    let ledger = archive.path().join("usage_ledger");
    assert_eq!(std::fs::read_dir(ledger).unwrap().count(), 1);

    // Once more: nothing to delete, every archive byte unchanged.
    let files = archive_files(archive.path());
    let again = t.app.run_retention(false).await.unwrap();
    assert!(
        again.tables.iter().all(|t| t.rows == 0 && t.archived == 0),
        "{again:?}"
    );
    assert_eq!(archive_files(archive.path()), files);
    assert_eq!(store.table_rows().await.unwrap()[0], ("history", 1));
}

/// Per-minute roll-ups older than 30 days are folded into hourly rows; a
/// report over the compacted range gives the same totals and percentiles.
#[tokio::test]
async fn a_report_over_compacted_rollups_keeps_its_totals() {
    use pitwall_app::report::ReportKind;
    use pitwall_store::{RollupRow, RollupSeries};
    let t = build_app(Vec::new()).await;
    let day = (Utc::now() - Duration::days(40))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let mut rows = Vec::new();
    for m in (0..24 * 60).step_by(7) {
        let at = day + Duration::minutes(m);
        let mut http = RollupRow::new(at, RollupSeries::Http, "POST /v1/ask", "2xx", "");
        http.count = 3;
        http.buckets[(m as usize) % 16] = 3;
        let mut who = RollupRow::new(at, RollupSeries::Principal, "ip:a", "anonymous", "");
        who.count = 1;
        who.cost_micros = 11;
        let mut answer = RollupRow::new(at, RollupSeries::Answer, "local", "anonymous", "");
        answer.count = 2;
        answer.buckets[3] = 2;
        rows.extend([http, who, answer]);
    }
    t.app.store().add_rollups(&rows).await.unwrap();
    let until = day + Duration::days(1);
    let sections = |r: &pitwall_app::report::Report| {
        serde_json::json!({
            "errors": r.errors, "usage": r.usage, "performance": r.performance,
            "patterns": r.patterns,
        })
    };
    let before = sections(&t.app.report(ReportKind::Weekly, until).await.unwrap());
    let run = t.app.run_retention(false).await.unwrap();
    assert!(run.rollups_compacted > 0, "{run:?}");
    let mut after = sections(&t.app.report(ReportKind::Weekly, until).await.unwrap());
    // The one figure folding cannot keep: the busiest *minute* of a
    // compacted range reads as its busiest hour (documented in
    // docs/retention.md). Everything else is unchanged.
    let peak = |v: &serde_json::Value| v["patterns"]["peak_requests_per_minute"].as_u64().unwrap();
    assert_eq!(peak(&before), 3);
    assert_eq!(peak(&after), 27, "the busiest hour's requests");
    after["patterns"]["peak_requests_per_minute"] =
        before["patterns"]["peak_requests_per_minute"].clone();
    assert_eq!(before, after);
    let stored = t.app.store().rollups(day, until, None).await.unwrap();
    assert_eq!(stored.len(), 24 * 3, "one row per hour and series");
}
