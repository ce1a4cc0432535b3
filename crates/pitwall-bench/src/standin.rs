//! The OpenAI stand-in, run as a child process of the bench.
//!
//! It runs in its own process (the bench binary re-executed with `standin`) so that its memory
//! (it records every request body) stays out of the measured peak RSS and its work is scheduled
//! by the OS like a real upstream's would be, not on the measured tokio runtime.

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use pitwall_llm_standin::{spawn_with, Behaviour, StandinConfig};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::error::BenchError;

/// The final answer every request gets: one upstream call per question, in both phases.
pub const ANSWER: &str = "The average is 57 laps.";

/// The stand-in never outlives this, even if the bench is killed without closing its stdin.
const MAX_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// Serves the stand-in until stdin closes (the parent ended) or the lifetime cap: the body of
/// the `standin` subcommand. Prints `listening on <base url>` once bound.
pub async fn serve(latency: Duration) -> Result<(), BenchError> {
    let config = StandinConfig {
        default: Behaviour::Final(ANSWER.to_string()),
        latency,
        ..StandinConfig::default()
    };
    let handle = spawn_with(config)
        .await
        .map_err(|e| BenchError::io("binding the stand-in on 127.0.0.1", e))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on {}", handle.base_url())
        .and_then(|()| stdout.flush())
        .map_err(|e| BenchError::io("writing the stand-in address", e))?;
    drop(stdout);
    let parent_gone = async {
        let mut sink = Vec::new();
        let _ = tokio::io::stdin().read_to_end(&mut sink).await;
    };
    let _ = tokio::time::timeout(MAX_LIFETIME, parent_gone).await;
    handle.shutdown().await;
    Ok(())
}

/// A running stand-in child.
pub struct StandinProcess {
    child: Child,
    base_url: String,
}

impl StandinProcess {
    /// Starts `<this binary> standin --latency-ms N` and waits (up to 10 s) for its address.
    pub async fn start(latency: Duration) -> Result<StandinProcess, BenchError> {
        let exe =
            std::env::current_exe().map_err(|e| BenchError::io("locating the bench binary", e))?;
        let mut child = Command::new(exe)
            .arg("standin")
            .arg("--latency-ms")
            .arg(latency.as_millis().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| BenchError::io("starting the stand-in process", e))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| BenchError::Standin("no stdout pipe".into()))?;
        let mut line = String::new();
        let mut reader = BufReader::new(stdout);
        let read = reader.read_line(&mut line);
        match tokio::time::timeout(Duration::from_secs(10), read).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(BenchError::io("reading the stand-in address", e)),
            Err(_) => return Err(BenchError::Standin("no address within 10 s".into())),
        }
        let base_url = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or_else(|| BenchError::Standin(format!("unexpected first line {line:?}")))?
            .to_string();
        Ok(StandinProcess { child, base_url })
    }

    /// The base URL clients are configured with (`http://127.0.0.1:PORT/v1`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The child's process id (for its CPU time), while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Closes its stdin so it stops, and kills it if it has not within 5 s.
    pub async fn stop(mut self) {
        drop(self.child.stdin.take());
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}
