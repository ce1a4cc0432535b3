//! A Sentry stand-in server for tests: it receives what a Sentry SDK sends,
//! in Sentry's real wire format, and keeps it for the test to inspect.
//!
//! It answers `POST /api/{project_id}/envelope/` (and the legacy
//! `/api/{project_id}/store/`) as Sentry's ingestion (Relay) does: it checks
//! the DSN key in `X-Sentry-Auth` (or `?sentry_key=`) and the project id,
//! undoes `Content-Encoding: gzip`/`deflate`, parses the envelope (header
//! line, then items with or without `length`) and replies `{"id": ...}`.
//! The errors are Relay's too, so a client can be tested against them: 401
//! for a wrong key, 403 for a wrong project, 400 for a broken envelope, 413
//! over the size limit and, on demand ([`Reply`]), 429 with `Retry-After`
//! and `X-Sentry-Rate-Limits`, or a 500. `GET /events` lists the event
//! payloads received, as JSON.

mod envelope;
mod server;

pub use envelope::{parse as parse_envelope, Envelope, EnvelopeError, Item};

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use server::{lock, Shared};
use tokio::task::JoinHandle;

/// What the stand-in answers to the next envelopes (after the key check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Keep the envelope, 200.
    Accept,
    /// 429 with `Retry-After` and `X-Sentry-Rate-Limits` (all categories).
    RateLimited {
        /// The wait announced, in seconds.
        retry_after_secs: u64,
    },
    /// 413 `envelope exceeded size limits`.
    TooLarge,
    /// 500.
    ServerError,
}

/// Largest envelope accepted by default (after decompression), like
/// Relay's limit for an event.
pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;

/// The DSN's public key when none is chosen.
const DEFAULT_KEY: &str = "0123456789abcdef0123456789abcdef";

/// A running stand-in. Dropping it stops the server: nothing it holds
/// needs a graceful end.
pub struct SentryStandin {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl std::fmt::Debug for SentryStandin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentryStandin")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Starts a stand-in on 127.0.0.1 with a free port, project `1`.
///
/// # Panics
/// When no local port can be bound: a test cannot go on without its server.
pub async fn spawn() -> SentryStandin {
    match spawn_with(DEFAULT_KEY, "1", DEFAULT_MAX_BYTES).await {
        Ok(standin) => standin,
        Err(error) => panic!("the Sentry stand-in could not bind 127.0.0.1:0: {error}"),
    }
}

/// Starts a stand-in expecting this DSN key and project id, refusing
/// bodies over `max_bytes` with 413.
pub async fn spawn_with(
    key: &str,
    project: &str,
    max_bytes: usize,
) -> std::io::Result<SentryStandin> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared {
        key: key.to_string(),
        project: project.to_string(),
        max_bytes,
        reply: Mutex::new(Reply::Accept),
        envelopes: Mutex::new(Vec::new()),
        refused: AtomicU64::new(0),
        arrived: tokio::sync::Notify::new(),
    });
    let app = server::router(Arc::clone(&shared));
    let server = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, app).await {
            tracing::warn!(%error, "Sentry stand-in stopped with an error");
        }
    });
    Ok(SentryStandin {
        addr,
        shared,
        server,
    })
}

impl SentryStandin {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The DSN a Sentry SDK is configured with: `http://KEY@ADDR/PROJECT`.
    pub fn dsn(&self) -> String {
        format!(
            "http://{}@{}/{}",
            self.shared.key, self.addr, self.shared.project
        )
    }

    /// Sets what the next envelopes get.
    pub fn set_reply(&self, reply: Reply) {
        *lock(&self.shared.reply) = reply;
    }

    /// Every envelope accepted so far, in arrival order.
    pub fn envelopes(&self) -> Vec<Envelope> {
        lock(&self.shared.envelopes).clone()
    }

    /// The payloads of every `event` item accepted so far.
    pub fn events(&self) -> Vec<Value> {
        lock(&self.shared.envelopes)
            .iter()
            .flat_map(Envelope::events)
            .collect()
    }

    /// How many requests were answered with an error status.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::Relaxed)
    }

    /// Waits until at least `count` events arrived or `timeout` passed, and
    /// returns the events there are then.
    pub async fn wait_for_events(&self, count: usize, timeout: Duration) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before looking, so an arrival in between still wakes us.
            let arrived = self.shared.arrived.notified();
            let events = self.events();
            if events.len() >= count {
                return events;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return self.events();
            }
        }
    }
}

impl Drop for SentryStandin {
    fn drop(&mut self) {
        self.server.abort();
    }
}
