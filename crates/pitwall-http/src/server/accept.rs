//! What the accept loop does when it cannot serve a connection: back off
//! after an `accept` error, refuse one connection too many, and log either at
//! most once a second so a flood cannot flood the log too.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Pause after an `accept` error other than a peer's reset: the usual cause
/// is `EMFILE`/`ENFILE`, which only clears when some connection closes, so
/// retrying at once would spin on one core.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(50);

/// Longest we spend reading the request head of a connection over the cap,
/// and again writing the refusal.
const REFUSAL_TIMEOUT: Duration = Duration::from_secs(1);

/// The whole response sent to a connection over the cap. Written by hand
/// because no HTTP machinery (and no request read) is spent on it.
const OVER_CAPACITY_RESPONSE: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: application/problem+json\r\n\
retry-after: 1\r\n\
connection: close\r\n\
content-length: 141\r\n\
\r\n\
{\"type\":\"urn:pitwall:problem:overloaded\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"too many open connections\",\"code\":\"overloaded\"}";

/// Throttled logging of accept errors and refused connections.
#[derive(Debug, Default)]
pub(super) struct ErrorLog {
    last_error_log: Option<Instant>,
    suppressed_errors: u64,
    last_refusal_log: Option<Instant>,
    suppressed_refusals: u64,
}

impl ErrorLog {
    /// Logs (throttled) an accept error and pauses when it is not a mere
    /// peer reset.
    pub(super) async fn pause_after(&mut self, error: &std::io::Error) {
        if is_connection_error(error) {
            return;
        }
        if due(&mut self.last_error_log) {
            tracing::error!(
                %error,
                suppressed = self.suppressed_errors,
                "accept error; pausing and accepting again (raise the open-file limit or lower PITWALL_MAX_CONNECTIONS)"
            );
            self.suppressed_errors = 0;
        } else {
            self.suppressed_errors += 1;
        }
        tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
    }

    /// Logs (throttled) a connection refused because all slots are taken.
    pub(super) fn over_capacity(&mut self, max_connections: usize) {
        if due(&mut self.last_refusal_log) {
            tracing::warn!(
                max_connections,
                suppressed = self.suppressed_refusals,
                "connection refused: PITWALL_MAX_CONNECTIONS reached"
            );
            self.suppressed_refusals = 0;
        } else {
            self.suppressed_refusals += 1;
        }
    }
}

/// True (and the clock reset) when the last log line is over a second old.
fn due(last: &mut Option<Instant>) -> bool {
    let now = Instant::now();
    if last.is_some_and(|at| now.duration_since(at) < Duration::from_secs(1)) {
        return false;
    }
    *last = Some(now);
    true
}

/// A peer that gave up before we accepted it: nothing to wait for.
fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Answers a connection over the cap with `503 overloaded` and closes it:
/// refusing at once tells a client to back off, where leaving it in the
/// listen queue would look like a hung server. The request head is read
/// first (briefly, and at most 8 KiB), because HTTP clients treat a
/// response that arrives before their request as a protocol error.
pub async fn reply_over_capacity(mut stream: TcpStream) {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    let read_head = async {
        while head.len() < 8 * 1024 && !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        true
    };
    if !matches!(
        tokio::time::timeout(REFUSAL_TIMEOUT, read_head).await,
        Ok(true)
    ) {
        return;
    }
    let refuse = async {
        stream.write_all(OVER_CAPACITY_RESPONSE).await?;
        stream.shutdown().await?;
        // Closing with unread request bytes (a body) would send a reset,
        // which can destroy our response before the client reads it; so
        // read (and drop) what it sends until it closes, briefly.
        let mut drained = 0;
        while drained < 64 * 1024 {
            match stream.read(&mut buf).await? {
                0 => break,
                n => drained += n,
            }
        }
        Ok::<_, std::io::Error>(())
    };
    let _ = tokio::time::timeout(REFUSAL_TIMEOUT, refuse).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_declares_its_exact_body_length() {
        let text = std::str::from_utf8(OVER_CAPACITY_RESPONSE).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("content-length: {}", body.len())));
        let problem: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(problem["code"], "overloaded");
    }
}
