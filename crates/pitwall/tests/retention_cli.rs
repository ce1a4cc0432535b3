//! `pitwall retention run` through the real binary on a real database file:
//! `--dry-run` counts and changes nothing; a run deletes in batches of at
//! most 2,000 rows, archives first when PITWALL_ARCHIVE_DIR is set, and a
//! second run finds nothing left; a table that fails is reported and the
//! command exits 1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, Utc};
use pitwall_store::{AppStore, SecurityEventRow, SqliteStore};
use serde_json::Value;

fn dump_dir() -> PathBuf {
    std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        })
}

fn retention(data: &Path, archive: &Path, args: &[&str]) -> Value {
    let out = retention_output(data, archive, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn retention_output(data: &Path, archive: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", data)
        .env("PITWALL_F1_DATA", dump_dir())
        .env("PITWALL_ARCHIVE_DIR", archive)
        .args(["retention", "run"])
        .args(args)
        .output()
        .unwrap()
}

fn table<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == name)
        .unwrap()
}

async fn security_rows(db: &Path) -> i64 {
    let store = SqliteStore::open(db).await.unwrap();
    let rows = store.table_rows().await.unwrap();
    store.close().await;
    rows.iter()
        .find(|(t, _)| *t == "security_events")
        .unwrap()
        .1
}

#[tokio::test]
async fn retention_run_counts_in_a_dry_run_then_deletes_in_bounded_batches() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("pitwall.sqlite");
    let store = SqliteStore::open(&db).await.unwrap();
    let old = Utc::now() - Duration::days(400);
    let event = |at| SecurityEventRow {
        at,
        kind: "failed_auth".into(),
        principal: "ip:x".into(),
        ip_group: "x".into(),
        key_id: None,
        detail: String::new(),
    };
    for i in 0..2_100 {
        store
            .insert_security_event(&event(old + Duration::seconds(i)))
            .await
            .unwrap();
    }
    let recent = event(Utc::now());
    store.insert_security_event(&recent).await.unwrap();
    store.close().await;

    let dry = retention(&data, &archive, &["--json", "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(table(&dry, "security_events")["rows"], 2_100);
    assert_eq!(security_rows(&db).await, 2_101, "a dry run deletes nothing");
    assert!(!archive.exists(), "nor archives");

    let run = retention(&data, &archive, &["--json"]);
    let events = table(&run, "security_events");
    assert_eq!(events["rows"], 2_100);
    assert_eq!(events["archived"], 2_100);
    assert_eq!(events["batches"], 2);
    assert!(
        events["largest_batch"].as_u64().unwrap() <= 2_000,
        "{events}"
    );
    assert_eq!(security_rows(&db).await, 1);
    assert!(archive.join("security_events").read_dir().unwrap().count() >= 1);

    let again = retention(&data, &archive, &["--json"]);
    assert_eq!(table(&again, "security_events")["rows"], 0);

    // A table that cannot be pruned is reported, the others still run, and
    // the exit status says so.
    let store = SqliteStore::open(&db).await.unwrap();
    store
        .insert_security_event(&event(old - Duration::days(1)))
        .await
        .unwrap();
    store.close().await;
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER keep_events BEFORE DELETE ON security_events \
         BEGIN SELECT RAISE(ABORT, 'events are kept'); END",
    )
    .unwrap();
    drop(conn);
    let out = retention_output(&data, &archive, &[]);
    assert_eq!(out.status.code(), Some(1), "a failed table exits 1");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("FAILED:") && text.contains("events are kept"),
        "{text}"
    );
    assert!(text.contains("history"), "every table is listed: {text}");
    assert_eq!(security_rows(&db).await, 2, "nothing of it deleted");
}
