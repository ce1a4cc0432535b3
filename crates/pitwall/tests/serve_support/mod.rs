//! Running the real `pitwall` binary in tests: a command with a clean
//! environment, `serve` started on port 0, SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods, clippy::zombie_processes)]
#![allow(dead_code)] // each test binary uses a different subset

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub fn dump_dir() -> PathBuf {
    std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        })
}

pub fn pitwall(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pitwall"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", data_dir)
        .env("PITWALL_F1_DATA", dump_dir())
        .env("PITWALL_BIND", "127.0.0.1:0")
        .env("PITWALL_LOG_FORMAT", "json");
    cmd
}

pub struct Server {
    pub child: Child,
    pub addr: String,
    pub lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `pitwall serve` and waits for its listening line (the import of a
/// fresh data directory happens before it).
pub fn start(data_dir: &Path) -> Server {
    start_with(data_dir, &[])
}

/// `start` with extra environment variables.
pub fn start_with(data_dir: &Path, env: &[(&str, &str)]) -> Server {
    let mut child = pitwall(data_dir)
        .envs(env.iter().copied())
        .arg("serve")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("server start");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if let Some(addr) = v.get("addr").and_then(|a| a.as_str()) {
            return Server {
                child,
                addr: addr.to_string(),
                lines: rx,
            };
        }
    }
}

/// Sends SIGTERM and waits (up to 20 s) for the exit status.
pub fn terminate(server: &mut Server) -> std::process::ExitStatus {
    let pid = server.child.id().to_string();
    let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            return code;
        }
        assert!(Instant::now() < deadline, "did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}
