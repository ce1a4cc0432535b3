//! `pitwall serve` with the scheduled sync: off by default (no call), on
//! with `PITWALL_F1_SYNC=on`, after which it answers about the new rounds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sync_support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pitwall_jolpica_standin::{spawn, StandinConfig};
use sync_support::{shared, sync_cmd};

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
