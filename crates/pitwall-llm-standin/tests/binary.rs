//! The `openai-standin` binary: binds, prints its address, answers, rejects bad arguments.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the child even when an assertion fails first.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_base_url_and_serves_with_latency() {
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_openai-standin"))
            .args(["--bind", "127.0.0.1:0", "--latency-ms", "150"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base_url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    assert!(
        base_url.starts_with("http://127.0.0.1:") && base_url.ends_with("/v1"),
        "{line}"
    );

    let started = Instant::now();
    let response = reqwest::Client::new()
        .post(format!("{base_url}/chat/completions"))
        .bearer_auth("k")
        .json(&serde_json::json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]}))
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    drop(child);
    assert_eq!(response.status(), 200);
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    let body: serde_json::Value = response.json().await.unwrap();
    // No tools offered: the fake model answers in text.
    assert_eq!(body["choices"][0]["finish_reason"], "stop");
}

#[test]
fn bad_arguments_exit_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_openai-standin"))
        .args(["--latency-ms", "soon"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: openai-standin"));
}
