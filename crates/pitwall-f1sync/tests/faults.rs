//! Every fault the stand-in can inject ends in a retry or a clear error,
//! and the served data stays as it was; a round whose standings are not
//! out yet is stored partial and completed by the next run.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use pitwall_f1sync::{run, ApiClient, RoundRef, SyncConfig, SyncError, SyncReport};
use pitwall_jolpica_standin::{Fault, FaultKind, Limits, StandinHandle};

const FAST: Limits = Limits {
    per_second: 50,
    per_hour: 5000,
};

/// A config with a fresh cache under `dir/name`, to 2025 round `until`.
fn fresh(dir: &Path, name: &str, standin: &StandinHandle, until: i64) -> SyncConfig {
    let mut c = config(&dir.join(name), standin);
    c.per_second = 50;
    c.per_hour = 5000;
    c.timeout = Duration::from_millis(800);
    c.until = Some(RoundRef {
        season: 2025,
        round: until,
    });
    c
}

async fn sync(c: &SyncConfig, db: &Path) -> Result<SyncReport, SyncError> {
    let client = ApiClient::new(c).unwrap();
    tokio::time::timeout(Duration::from_secs(60), run(c, &client, db))
        .await
        .expect("sync hung")
}

fn fingerprint(db: &Path) -> (std::time::SystemTime, i64) {
    let modified = std::fs::metadata(db).unwrap().modified().unwrap();
    (modified, query(db, "SELECT count(*) FROM results"))
}

/// A one-shot webhook on 127.0.0.1: its URL, and the request it receives.
async fn webhook() -> (String, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Read until the JSON body has arrived (bounded by the test's timeout).
        while !String::from_utf8_lossy(&got).ends_with('}') {
            let n = sock.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        let _ = sock
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
            .await;
        let _ = tx.send(String::from_utf8_lossy(&got).into_owned());
    });
    (url, rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_is_retried_or_a_clear_error_and_the_data_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let served = fingerprint(&db);
    let standin = standin(FAST).await;
    let r22 = "2025/22/results";

    // Transient faults: retried, then the round validates (dry run: no swap).
    let transient = [
        ("503", FaultKind::Status(503)),
        ("hang", FaultKind::Hang(Duration::from_secs(2))),
        ("truncated", FaultKind::Truncate),
    ];
    for (name, kind) in transient {
        standin.inject(Fault::times(r22, kind, 1));
        let mut c = fresh(dir.path(), name, &standin, 22);
        c.dry_run = true;
        let report = sync(&c, &db)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            report.merged,
            vec![RoundRef {
                season: 2025,
                round: 22
            }],
            "{name}: {report}"
        );
        assert!(!report.swapped);
    }

    // Persistent faults: a clear error naming the URL.
    let persistent: [(&str, FaultKind, &str); 3] = [
        ("503-always", FaultKind::Status(503), "503"),
        (
            "hang-always",
            FaultKind::Hang(Duration::from_secs(2)),
            "timed out",
        ),
        ("truncated-always", FaultKind::Truncate, "invalid JSON"),
    ];
    for (name, kind, words) in persistent {
        standin.inject(Fault::always(r22, kind));
        let err = sync(&fresh(dir.path(), name, &standin, 22), &db)
            .await
            .unwrap_err();
        standin.clear_faults();
        assert!(
            matches!(err, SyncError::Upstream { attempts: 3, .. }),
            "{name}: {err}"
        );
        let text = err.to_string();
        assert!(
            text.contains(words) && text.contains("2025/22/results"),
            "{name}: {text}"
        );
    }

    // Schema drift: a renamed field is refused, not stored with holes.
    let rename = FaultKind::RenameField {
        from: "driverId".into(),
        to: "driverRef".into(),
    };
    standin.inject(Fault::always(r22, rename));
    let err = sync(&fresh(dir.path(), "drift", &standin, 22), &db)
        .await
        .unwrap_err();
    standin.clear_faults();
    assert!(
        matches!(err, SyncError::BadResponse { .. }) && err.to_string().contains("schema drift"),
        "{err}"
    );

    // A round served twice under two numbers: refused.
    standin.inject(Fault::always("2025/23/results", FaultKind::PreviousRound));
    let err = sync(&fresh(dir.path(), "twice", &standin, 23), &db)
        .await
        .unwrap_err();
    standin.clear_faults();
    assert!(err.to_string().contains("served twice"), "{err}");

    // Every row twice: validation fails, the data is untouched, and the
    // alert reaches the webhook.
    standin.inject(Fault::always(r22, FaultKind::DuplicateRows));
    let (webhook, posted) = webhook().await;
    let mut c = fresh(dir.path(), "dup", &standin, 22);
    c.alert_webhook = Some(webhook);
    let err = sync(&c, &db).await.unwrap_err();
    standin.clear_faults();
    let alert = tokio::time::timeout(Duration::from_secs(5), posted)
        .await
        .unwrap()
        .unwrap();
    assert!(
        alert.contains("validation failed") && alert.contains("\"text\""),
        "{alert}"
    );
    match &err {
        SyncError::Validation { problems } => assert!(
            problems.iter().any(|p| p.contains("duplicate result")),
            "{err}"
        ),
        other => panic!("expected a validation error, got {other}"),
    }

    // Results not out yet: no round merged (only the calendar would be;
    // dry run here), the run says what it waits for.
    standin.inject(Fault::always(r22, FaultKind::Empty));
    let mut c = fresh(dir.path(), "empty", &standin, 24);
    c.dry_run = true;
    let report = sync(&c, &db).await.unwrap();
    standin.clear_faults();
    assert_eq!(
        report.waiting_for,
        Some(RoundRef {
            season: 2025,
            round: 22
        }),
        "{report}"
    );
    assert!(report.merged.is_empty() && !report.swapped, "{report}");

    // The breaker stops a run after repeated failures.
    standin.inject(Fault::always(r22, FaultKind::Status(502)));
    let mut c = fresh(dir.path(), "breaker", &standin, 22);
    c.max_retries = 10;
    c.breaker_threshold = 3;
    let err = sync(&c, &db).await.unwrap_err();
    standin.clear_faults();
    assert!(
        matches!(err, SyncError::BreakerOpen { failures: 3, .. }),
        "{err}"
    );

    assert_eq!(
        fingerprint(&db),
        served,
        "a failed sync changed the served data"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_requests_are_retried_with_backoff() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    // The server allows less than the client believes: 429s, then retries.
    let standin = standin(Limits {
        per_second: 2,
        per_hour: 500,
    })
    .await;
    let mut c = fresh(dir.path(), "throttled", &standin, 22);
    c.per_second = 4;
    c.max_retries = 6;
    c.dry_run = true;
    let report = sync(&c, &db).await.unwrap();
    assert_eq!(report.merged.len(), 1, "{report}");
    assert!(standin.stats().throttled > 0, "{:?}", standin.stats());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_without_standings_is_partial_then_completed() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let standin = standin(FAST).await;
    standin.inject(Fault::always("2025/22/driverstandings", FaultKind::Empty));
    standin.inject(Fault::always(
        "2025/22/constructorstandings",
        FaultKind::Empty,
    ));
    let c = fresh(dir.path(), "state", &standin, 22);
    let report = sync(&c, &db).await.unwrap();
    assert_eq!(
        report.partial,
        vec![RoundRef {
            season: 2025,
            round: 22
        }],
        "{report}"
    );
    assert!(report.swapped);
    assert_eq!(winner(&db, 2025, 22), "max_verstappen");
    let results: i64 = query(&db, "SELECT count(*) FROM results");

    standin.clear_faults();
    let report = sync(&c, &db).await.unwrap();
    assert_eq!(
        report.merged,
        vec![RoundRef {
            season: 2025,
            round: 22
        }],
        "{report}"
    );
    assert_eq!(
        query::<i64>(&db, "SELECT count(*) FROM results"),
        results,
        "results duplicated"
    );
    assert_eq!(leader(&db, 2025, 22).0, "norris");
    let complete: i64 = query(
        &db,
        "SELECT complete FROM sync_rounds WHERE year = 2025 AND round = 22",
    );
    assert_eq!(complete, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catch_up_over_the_hourly_budget_pauses_then_resumes_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let standin = standin(FAST).await;
    // An hour allows 10 requests: the run stops at the 11th, never bursts.
    let mut c = fresh(dir.path(), "state", &standin, 24);
    c.per_hour = 10;
    c.max_wait = Duration::from_secs(1);
    let report = sync(&c, &db).await.unwrap();
    assert!(report.paused_for_secs.is_some_and(|s| s > 3000), "{report}");
    assert_eq!(standin.stats().requests, 10);
    // What was complete is merged; the rest waits.
    assert_eq!(
        report.merged,
        vec![RoundRef {
            season: 2025,
            round: 22
        }],
        "{report}"
    );
    let fetched: std::collections::HashSet<String> =
        standin.arrivals().into_iter().map(|a| a.key).collect();

    // Later (here: a larger budget over the same limiter state and cache):
    // the run resumes without fetching anything again.
    standin.reset_arrivals();
    c.per_hour = 100;
    let report = sync(&c, &db).await.unwrap();
    assert_eq!(report.merged.len(), 2, "{report}");
    let again: Vec<String> = standin
        .arrivals()
        .into_iter()
        .map(|a| a.key)
        .filter(|k| fetched.contains(k))
        .collect();
    assert!(again.is_empty(), "fetched again: {again:?}");
    assert_eq!(winner(&db, 2025, 24), "max_verstappen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_spent_on_the_schedules_pauses_with_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let served = fingerprint(&db);
    let standin = standin(FAST).await;
    let mut c = fresh(dir.path(), "state", &standin, 24);
    c.per_hour = 1;
    c.max_wait = Duration::from_millis(100);
    let report = sync(&c, &db).await.unwrap();
    assert!(
        report.paused_for_secs.is_some() && !report.swapped,
        "{report}"
    );
    assert_eq!(standin.stats().requests, 1);
    assert_eq!(fingerprint(&db), served);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_cached_response_is_revalidated_with_its_etag() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let standin = standin(FAST).await;
    let mut c = fresh(dir.path(), "state", &standin, 22);
    sync(&c, &db).await.unwrap();

    // After 2026 round 12's first session the 2026 schedule has expired:
    // asked again with If-None-Match, answered 304, nothing re-downloaded.
    standin.reset_arrivals();
    c.now = Some(
        chrono::DateTime::parse_from_rfc3339("2026-08-22T00:00:00Z")
            .unwrap()
            .into(),
    );
    let report = sync(&c, &db).await.unwrap();
    assert!(report.merged.is_empty(), "{report}");
    let arrivals = standin.arrivals();
    let schedule = arrivals
        .iter()
        .find(|a| a.key.starts_with("2026/races"))
        .expect("2026 schedule asked");
    assert!(schedule.if_none_match.is_some(), "{schedule:?}");
    assert_eq!(schedule.status, 304);
    // The finished season's schedule is cached forever: not asked.
    assert!(
        !arrivals.iter().any(|a| a.key.starts_with("2025/")),
        "{arrivals:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_pages_are_merged_into_whole_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let standin = standin(FAST).await;
    let mut c = fresh(dir.path(), "state", &standin, 23);
    c.page_size = 7;
    let report = sync(&c, &db).await.unwrap();
    assert_eq!(report.merged.len(), 2, "{report}");
    let rows = |table: &str, round: i64| -> i64 {
        query(&db, &format!("SELECT count(*) FROM {table} JOIN races USING (raceId) WHERE year = 2025 AND round = {round}"))
    };
    assert_eq!(rows("results", 22), 20);
    assert_eq!(rows("sprint_results", 23), 20);
    assert_eq!(rows("driver_standings", 23), 21);
    assert!(standin
        .arrivals()
        .iter()
        .any(|a| a.key.contains("offset=14")));
}
