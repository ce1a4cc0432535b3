//! Backups of a real store file: a snapshot taken while writes keep
//! committing verifies and holds exactly the rows committed before it; a
//! flipped byte fails verification; a restore is refused while a server's
//! lock is held, keeps the old database aside and the reopened store holds
//! the backed-up rows and spend; rotation on real files keeps the
//! configured set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use common::{count_history, entry, usage};
use pitwall_store::backup::{self, ServeLock};
use pitwall_store::{AppStore, SqliteStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_under_writes_verify_corrupt_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("pitwall.sqlite");
    let backups = dir.path().join("backups");
    let store = Arc::new(SqliteStore::open(&db).await.unwrap());
    for i in 0..20 {
        store
            .insert_history(&entry(&format!("before {i}")))
            .await
            .unwrap();
    }
    store.insert_usage(&usage(250_000)).await.unwrap();

    // Writers commit throughout the snapshot.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..2 {
        let (store, stop, written) = (Arc::clone(&store), Arc::clone(&stop), Arc::clone(&written));
        writers.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                store
                    .insert_history(&entry(&format!("during {w} {i}")))
                    .await
                    .unwrap();
                written.fetch_add(1, Ordering::SeqCst);
                i += 1;
            }
        }));
    }
    while written.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let (db2, backups2) = (db.clone(), backups.clone());
    let (file, manifest) = tokio::task::spawn_blocking(move || {
        backup::snapshot(
            &db2,
            &backups2,
            Utc::now(),
            Some(serde_json::json!({"f1": "x"})),
        )
    })
    .await
    .unwrap()
    .unwrap();
    let during = written.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.await.unwrap();
    }
    assert!(written.load(Ordering::SeqCst) > 20);
    store.insert_usage(&usage(700_000)).await.unwrap();

    // The manifest describes a consistent state between the two counts.
    let rows = manifest.rows["history"];
    assert!(rows >= 40 && rows <= 20 + during as i64 + 2, "{rows}");
    assert_eq!(manifest.rows["usage_ledger"], 1);
    assert_eq!(manifest.schema_version, SqliteStore::known_schema_version());
    assert_eq!(manifest.f1_data, Some(serde_json::json!({"f1": "x"})));
    assert_eq!(backup::read_manifest(&file).unwrap(), manifest);
    let report = backup::verify(&file).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!(backup::latest(&backups).unwrap(), Some(file.clone()));

    // One flipped byte in the middle.
    let bad = dir.path().join("bad.sqlite");
    std::fs::copy(&file, &bad).unwrap();
    std::fs::copy(backup::manifest_path(&file), backup::manifest_path(&bad)).unwrap();
    let mut bytes = std::fs::read(&bad).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x5a;
    std::fs::write(&bad, bytes).unwrap();
    let report = backup::verify(&bad).unwrap();
    assert!(!report.ok());
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.starts_with("sha256 mismatch")),
        "{:?}",
        report.problems
    );
    // A manifest whose counts were edited fails too, even with the right sha.
    let mut edited = manifest.clone();
    edited.rows.insert("history".into(), rows + 1);
    let lying = dir.path().join("lying.sqlite");
    std::fs::copy(&file, &lying).unwrap();
    std::fs::write(
        backup::manifest_path(&lying),
        serde_json::to_string(&edited).unwrap(),
    )
    .unwrap();
    let report = backup::verify(&lying).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("row count mismatch in history")),
        "{:?}",
        report.problems
    );

    // Refused while a server holds the directory; nothing moved.
    let total_before = count_history(store.as_ref()).await;
    let lock = ServeLock::serving(&data).unwrap();
    let refused = backup::restore(&file, &db, Utc::now()).unwrap_err();
    assert!(
        refused.to_string().contains("server is running"),
        "{refused}"
    );
    assert!(db.exists());
    store.close().await;
    drop(lock);

    let at = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
    let done = backup::restore(&file, &db, at).unwrap();
    let aside = data.join("pitwall.pre-restore-20261130T200000Z.sqlite");
    assert!(done.kept_aside.contains(&aside), "{:?}", done.kept_aside);
    let old = SqliteStore::open(&aside).await.unwrap();
    assert_eq!(count_history(&old).await, total_before);
    old.close().await;

    let restored = SqliteStore::open(&db).await.unwrap();
    assert_eq!(count_history(&restored).await as i64, rows);
    // The ledger budgets are restored from: only the backed-up spend.
    let day = Utc::now() - chrono::Duration::hours(1);
    assert_eq!(restored.spend_since(day, None).await.unwrap(), 250_000);
    restored.close().await;
}

#[tokio::test]
async fn rotation_on_real_files_keeps_exactly_the_configured_set() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pitwall.sqlite");
    let store = SqliteStore::open(&db).await.unwrap();
    store.insert_history(&entry("q")).await.unwrap();
    store.close().await;
    let backups = dir.path().join("b");
    // 2099-11-30 is a Monday (ISO week 49).
    let times = [
        (2099, 11, 1, 12),
        (2099, 11, 15, 12),
        (2099, 11, 22, 12), // newest of week 47
        (2099, 11, 28, 12),
        (2099, 11, 29, 12), // newest of Sunday 29th and of week 48
        (2099, 11, 30, 6),
        (2099, 11, 30, 18), // newest of its day and week
    ];
    let mut files = Vec::new();
    for (y, m, d, h) in times {
        let at = Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        files.push(backup::snapshot(&db, &backups, at, None).unwrap().0);
    }
    // An older one written last: kept because it was just written.
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 20, 0, 0).unwrap();
    let (newest, _) = backup::snapshot(&db, &backups, now, None).unwrap();
    std::fs::write(backups.join("notes.txt"), "not a backup").unwrap();
    let report = backup::rotate(&backups, 2, 3, Some(&newest)).unwrap();
    assert_eq!(report.deleted.len(), 4);
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "notes.txt",
            "pitwall-20261130T200000Z.manifest.json",
            "pitwall-20261130T200000Z.sqlite",
            "pitwall-20991122T120000Z.manifest.json",
            "pitwall-20991122T120000Z.sqlite",
            "pitwall-20991129T120000Z.manifest.json",
            "pitwall-20991129T120000Z.sqlite",
            "pitwall-20991130T180000Z.manifest.json",
            "pitwall-20991130T180000Z.sqlite",
        ]
    );
    // Two backups in one second do not overwrite each other.
    let (again, _) = backup::snapshot(&db, &backups, now, None).unwrap();
    assert!(again
        .to_string_lossy()
        .ends_with("pitwall-20261130T200000Z-1.sqlite"));
    assert!(backup::verify(&again).unwrap().ok());
}
