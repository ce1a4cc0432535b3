//! The real `pitwall` binary refuses an out-of-range numeric setting at
//! start-up with a message naming the variable and its valid range, instead
//! of panicking later when the value is used (a concurrency of `u64::MAX`
//! once panicked inside tokio's semaphore).

#![allow(clippy::unwrap_used, clippy::expect_used)]
// A synchronous test of a child process: it is waited for with a bound.
#![allow(clippy::disallowed_methods)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

fn dump_dir() -> PathBuf {
    std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        })
}

/// Runs `pitwall serve` with `env` and waits (at most two minutes, the
/// import included) for it to exit; returns its status and stderr. A server
/// that starts instead of exiting is killed and fails the test.
fn serve_until_exit(env: &[(&str, &str)]) -> (ExitStatus, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", dir.path().join("data"))
        .env("PITWALL_F1_DATA", dump_dir())
        .env("PITWALL_BIND", "127.0.0.1:0")
        .envs(env.iter().copied())
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pitwall serve started with {env:?} instead of refusing the setting");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

#[test]
fn a_huge_llm_concurrency_is_refused_at_start_up_without_a_panic() {
    let (status, stderr) =
        serve_until_exit(&[("PITWALL_LLM_MAX_CONCURRENCY", "18446744073709551615")]);
    assert!(!status.success(), "{status:?}: {stderr}");
    // 101 is Rust's panic exit code; a clean refusal is 1.
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("PITWALL_LLM_MAX_CONCURRENCY: 18446744073709551615 is out of range"),
        "{stderr}"
    );
    assert!(stderr.contains("expected 1 to "), "{stderr}");
}

#[test]
fn an_out_of_range_file_key_is_refused_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pitwall.toml");
    std::fs::write(&file, "[llm]\nqueue_wait_ms = 0\n").unwrap();
    let (status, stderr) = serve_until_exit(&[("PITWALL_CONFIG", file.to_str().unwrap())]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("queue_wait_ms"), "{stderr}");
    assert!(stderr.contains("0 is out of range"), "{stderr}");
}
