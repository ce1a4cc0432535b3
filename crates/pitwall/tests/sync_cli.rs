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
    // The sync asks one request at a time, so the last answer sent before
    // the kill may have been in flight, never cached: it alone may be asked
    // again (seen on CI: the kill landed between the stand-in's reply and
    // the client's cache write).
    let in_flight = first_run
        .iter()
        .rev()
        .find(|a| a.status == 200)
        .map(|a| a.key.clone());
    let fetched: HashSet<String> = first_run
        .iter()
        .filter(|a| a.status == 200 && Some(&a.key) != in_flight.as_ref())
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

/// A `pitwall serve` child and its listening address.
struct Serve {
    child: std::process::Child,
    addr: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `pitwall serve` (JSON logs) and waits for its address.
async fn serve(data_dir: &Path, base_url: &str, sync_on: bool) -> Serve {
    use std::io::BufRead;
    let mut cmd = sync_cmd(data_dir, base_url);
    cmd.env_remove("PITWALL_F1_API_TIMEOUT_SECS")
        .env("PITWALL_BIND", "127.0.0.1:0")
        .env("PITWALL_LOG_FORMAT", "json");
    if sync_on {
        cmd.env("PITWALL_F1_SYNC", "on");
    }
    // `sync_cmd` set the sync's arguments; serve takes none.
    let mut serve_cmd = Command::new(cmd.get_program());
    serve_cmd.env_clear();
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            serve_cmd.env(k, v);
        }
    }
    let mut child = serve_cmd
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if let Some(addr) = v
                .pointer("/fields/addr")
                .or_else(|| v.get("addr"))
                .and_then(|a| a.as_str())
            {
                let _ = tx.send(addr.to_string());
            }
        }
    });
    let addr = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(120)))
        .await
        .unwrap()
        .expect("serve never listened");
    Serve { child, addr }
}

async fn ask(addr: &str, question: &str) -> String {
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{addr}/v1/ask"))
        .json(&serde_json::json!({ "question": question }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["answer"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_syncs_only_when_switched_on_and_answers_about_the_new_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let standin = spawn(StandinConfig::over_shared_data(&shared()))
        .await
        .unwrap();
    let question = "Who won the 2026 Australian Grand Prix?";

    // Default: no network calls at all, and no 2026 results.
    let server = serve(dir.path(), &standin.base_url(), false).await;
    assert!(!ask(&server.addr, question).await.contains("Russell"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        standin.stats().requests,
        0,
        "serve called the API with the sync off"
    );
    drop(server);

    // PITWALL_F1_SYNC=on: the schedule's first run syncs while serving,
    // and the running server answers from the new data without a restart.
    let server = serve(dir.path(), &standin.base_url(), true).await;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let answer = ask(&server.addr, question).await;
        if answer.contains("Russell") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never answered from synced data: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let stats = standin.stats();
    assert_eq!(stats.throttled, 0, "{stats:?}");
    assert!(stats.max_per_second <= 4, "{stats:?}");
}
