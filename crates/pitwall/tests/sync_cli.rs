//! `pitwall sync` as a process against the Jolpica stand-in: killed with
//! SIGKILL mid-sync, the served data is intact; the next run resumes from
//! the cached responses without fetching them again, and the limiter state
//! on disk keeps both runs within the limits.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pitwall_jolpica_standin::{spawn, StandinConfig};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data")
}

fn sync_cmd(data_dir: &Path, base_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pitwall"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", data_dir)
        .env("PITWALL_F1_DATA", shared().join("ergast-csv"))
        .env("PITWALL_F1_API_URL", base_url)
        .env("PITWALL_F1_SYNC_NOW", "2026-08-01T00:00:00Z")
        .env("PITWALL_F1_API_TIMEOUT_SECS", "5")
        .args(["sync", "--until", "2026/11"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_sync_leaves_the_data_intact_and_the_next_run_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f1.sqlite");
    let standin = spawn(StandinConfig::over_shared_data(&shared()))
        .await
        .unwrap();
    let base = standin.base_url();

    let mut child = sync_cmd(dir.path(), &base).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while standin.stats().requests < 25 {
        assert!(Instant::now() < deadline, "the sync never got going");
        assert!(
            child.try_wait().unwrap().is_none(),
            "sync ended before the kill"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap(); // SIGKILL
    tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();

    // The served file is the CSV import, untouched.
    let last = "SELECT max(ra.year * 100 + ra.round) FROM races ra JOIN results r USING (raceId)";
    assert_eq!(count(&db, last), 202521);
    let first_run: Vec<_> = standin.arrivals();
    let fetched: HashSet<String> = first_run
        .iter()
        .filter(|a| a.status == 200)
        .map(|a| a.key.clone())
        .collect();

    let out = tokio::task::spawn_blocking({
        let (dir, base) = (dir.path().to_path_buf(), base.clone());
        move || sync_cmd(&dir, &base).output()
    })
    .await
    .unwrap()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, last), 202611);
    assert_eq!(count(&db, "SELECT count(*) FROM (SELECT 1 FROM results GROUP BY raceId, driverId HAVING count(*) > 1 AND raceId > 1165)"), 0);

    // Nothing fetched before the kill was fetched again (an empty answer,
    // e.g. the next season's schedule, is not cached and may be).
    let refetched: Vec<String> = standin.arrivals()[first_run.len()..]
        .iter()
        .filter(|a| fetched.contains(&a.key) && !a.key.starts_with("2027/"))
        .map(|a| a.key.clone())
        .collect();
    assert!(refetched.is_empty(), "fetched again: {refetched:?}");
    // Both processes together kept within the limits (state on disk).
    let stats = standin.stats();
    assert_eq!(stats.throttled, 0, "{stats:?}");
    assert!(stats.max_per_second <= 4, "{stats:?}");
}
