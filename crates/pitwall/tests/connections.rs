//! Connection bounds of the real binary: silent, dripping and idle
//! keep-alive connections are closed by the header timeout while questions
//! keep being answered; a connection over the cap gets 503 at once; and a
//! full file table (`EMFILE`) is survived.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// A test of a child process: Server::drop kills and waits for it.
#![allow(clippy::zombie_processes)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The header timeout the tests run with.
const HEADER_TIMEOUT: Duration = Duration::from_secs(2);

/// Slack on top of the timeout for a busy 2-core machine.
const MARGIN: Duration = Duration::from_millis(2500);

fn dump_dir() -> PathBuf {
    std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        })
}

struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `pitwall serve` under `prlimit --nofile=LIMIT` on a fresh data
/// directory and waits for its listening line.
fn start(data: &Path, open_files: u32, env: &[(&str, &str)]) -> Server {
    let limit = format!("--nofile={open_files}:{open_files}");
    let mut child = Command::new("prlimit")
        .arg(limit)
        .arg(env!("CARGO_BIN_EXE_pitwall"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", data)
        .env("PITWALL_F1_DATA", dump_dir())
        .env("PITWALL_BIND", "127.0.0.1:0")
        .env("PITWALL_LOG_FORMAT", "json")
        .env(
            "PITWALL_HEADER_TIMEOUT_SECS",
            HEADER_TIMEOUT.as_secs().to_string(),
        )
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("prlimit (util-linux) runs pitwall");
    let stderr = child.stderr.take().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let lines = Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if let Some(addr) = v.get("addr").and_then(|a| a.as_str()) {
                let _ = tx.send(addr.to_string());
            }
            lines.lock().unwrap().push(line);
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("server start");
    Server { child, addr, log }
}

/// Opens a connection; with `first`, also sends it.
async fn open(addr: &str, first: &[u8]) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    if !first.is_empty() {
        s.write_all(first).await.unwrap();
    }
    s
}

/// Waits until the server closes `s` (EOF or reset), returning when; reads
/// and discards whatever the server sends before closing.
async fn closed_by_server(mut s: TcpStream, limit: Duration) -> Option<Instant> {
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(Instant::now()),
            Ok(Ok(_)) => {}
        }
    }
}

/// Sends one header byte every 250 ms until the server closes the connection.
async fn drip_until_closed(mut s: TcpStream, limit: Duration) -> Option<Instant> {
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ")
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let mut buf = [0u8; 1024];
    while started.elapsed() < limit {
        tokio::select! {
            read = s.read(&mut buf) => match read {
                Ok(0) | Err(_) => return Some(Instant::now()),
                Ok(_) => {}
            },
            () = tokio::time::sleep(Duration::from_millis(250)) => {
                if s.write_all(b"a").await.is_err() {
                    return Some(Instant::now());
                }
            }
        }
    }
    None
}

/// Sends a whole keep-alive request, reads its response, then idles.
async fn idle_after_one_request(addr: &str, limit: Duration) -> (Instant, Option<Instant>) {
    let mut s = open(addr, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").await;
    let mut buf = vec![0u8; 4096];
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("{\"status\":\"ok\"}") {
        let n = s.read(&mut buf).await.unwrap();
        assert!(n > 0, "closed before answering");
        got.extend_from_slice(&buf[..n]);
    }
    let answered = Instant::now();
    (answered, closed_by_server(s, limit).await)
}

async fn ask(client: &reqwest::Client, addr: &str) -> u16 {
    client
        .post(format!("http://{addr}/v1/ask"))
        .json(&serde_json::json!({"question": "Who won the 2021 Abu Dhabi Grand Prix?"}))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_dripping_and_idle_connections_close_while_questions_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("data"), 1024, &[]);
    let addr = server.addr.clone();
    let limit = HEADER_TIMEOUT + MARGIN + Duration::from_secs(2);
    let opened = Instant::now();
    let mut silent = Vec::new();
    for _ in 0..150 {
        let s = open(&addr, b"").await;
        silent.push(tokio::spawn(closed_by_server(s, limit)));
    }
    let mut half_sent = Vec::new();
    for _ in 0..50 {
        let s = open(&addr, b"POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\n").await;
        half_sent.push(tokio::spawn(closed_by_server(s, limit)));
    }
    let mut dripping = Vec::new();
    for _ in 0..100 {
        let s = open(&addr, b"").await;
        dripping.push(tokio::spawn(drip_until_closed(s, limit)));
    }
    let mut idle = Vec::new();
    for _ in 0..100 {
        let a = addr.clone();
        idle.push(tokio::spawn(async move {
            idle_after_one_request(&a, limit).await
        }));
    }
    // Meanwhile, ordinary questions on fresh connections are answered.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut answered = 0;
    while opened.elapsed() < HEADER_TIMEOUT + Duration::from_secs(1) {
        assert_eq!(
            ask(&client, &addr).await,
            200,
            "a question failed during the attack"
        );
        answered += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(answered >= 10, "only {answered} questions answered");

    let mut count = 0;
    for task in silent.into_iter().chain(half_sent).chain(dripping) {
        let closed = task.await.unwrap().expect("a connection was never closed");
        let after = closed.duration_since(opened);
        assert!(after <= HEADER_TIMEOUT + MARGIN, "closed after {after:?}");
        assert!(
            after >= HEADER_TIMEOUT - Duration::from_millis(300),
            "closed early: {after:?}"
        );
        count += 1;
    }
    for task in idle {
        let (answered_at, closed) = task.await.unwrap();
        let closed = closed.expect("an idle keep-alive connection was never closed");
        let after = closed.duration_since(answered_at);
        assert!(
            after <= HEADER_TIMEOUT + MARGIN,
            "idle closed after {after:?}"
        );
        count += 1;
    }
    assert_eq!(count, 400);
    assert_eq!(ask(&client, &addr).await, 200, "answering after the attack");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_over_the_cap_gets_503_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(
        &dir.path().join("data"),
        1024,
        &[("PITWALL_MAX_CONNECTIONS", "40")],
    );
    let addr = server.addr.clone();
    let mut held = Vec::new();
    for _ in 0..40 {
        held.push(open(&addr, b"").await);
    }
    // Let the server accept them all.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let r = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "1");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "overloaded");
    assert!(started.elapsed() < Duration::from_secs(1));
    // The held connections time out and free their slots.
    tokio::time::sleep(HEADER_TIMEOUT + MARGIN).await;
    assert_eq!(ask(&client, &addr).await, 200);
    drop(held);
    let refused = server
        .log
        .lock()
        .unwrap()
        .iter()
        .any(|l| l.contains("PITWALL_MAX_CONNECTIONS reached"));
    assert!(refused, "the refusal is logged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_keeps_accepting_after_running_out_of_file_descriptors() {
    let dir = tempfile::tempdir().unwrap();
    // A cap above what the file table allows, so accept hits EMFILE.
    let server = start(
        &dir.path().join("data"),
        256,
        &[("PITWALL_MAX_CONNECTIONS", "1000")],
    );
    let addr = server.addr.clone();
    let mut held = Vec::new();
    for _ in 0..400 {
        held.push(open(&addr, b"").await);
    }
    let hit_emfile = {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let seen = server
                .log
                .lock()
                .unwrap()
                .iter()
                .any(|l| l.contains("accept error"));
            if seen || Instant::now() > deadline {
                break seen;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    assert!(
        hit_emfile,
        "the test did not exhaust the server's file table"
    );
    // The held connections are closed by the header timeout (the ones
    // waiting in the listen queue are accepted and closed in turn), and
    // then questions are answered again.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let deadline = Instant::now() + 3 * (HEADER_TIMEOUT + MARGIN);
    let mut status = 0;
    while Instant::now() < deadline {
        status = ask(&client, &addr).await;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status, 200, "the server did not recover after EMFILE");
    drop(held);
    let log = server.log.lock().unwrap();
    let accept_errors = log.iter().filter(|l| l.contains("accept error")).count();
    assert!(
        accept_errors <= 20,
        "accept errors logged {accept_errors} times: not throttled"
    );
}
