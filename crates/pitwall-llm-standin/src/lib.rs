//! An OpenAI-compatible stand-in server for tests: real wire format plus injectable faults.
//!
//! It answers `POST /v1/chat/completions` (and `/chat/completions`) with real `chat.completion`
//! objects and real OpenAI error bodies and headers, so a client tested against it is tested
//! against the format it will meet in production. Every request is recorded, and what the next
//! requests get (a model answer, a 429, a 5xx, a hang, a broken body, bad tool arguments...) is
//! chosen by a queue of [`Behaviour`]s that a test can change between requests.

mod behaviour;
mod fake_model;
mod server;
mod wire;

pub use behaviour::{Behaviour, RateLimitCode};
pub use fake_model::DEFAULT_SQL;
pub use server::RecordedRequest;

use server::{lock, Shared};
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How to start a stand-in.
#[derive(Debug, Clone)]
pub struct StandinConfig {
    /// Address to listen on; port 0 picks a free one.
    pub bind: SocketAddr,
    /// Behaviour for requests when the queue is empty.
    pub default: Behaviour,
    /// Latency added to every request, on top of any [`Behaviour::Latency`].
    pub latency: Duration,
}

impl Default for StandinConfig {
    fn default() -> Self {
        StandinConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            default: Behaviour::Ok,
            latency: Duration::ZERO,
        }
    }
}

/// A running stand-in. Dropping it stops the server (in the background); [`shutdown`] waits.
///
/// [`shutdown`]: StandinHandle::shutdown
pub struct StandinHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for StandinHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandinHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Starts a stand-in on 127.0.0.1 with a free port and this default behaviour.
///
/// # Panics
/// When no local port can be bound: a test cannot go on without its server.
pub async fn spawn(default: Behaviour) -> StandinHandle {
    let config = StandinConfig {
        default,
        ..StandinConfig::default()
    };
    match spawn_with(config).await {
        Ok(handle) => handle,
        Err(error) => panic!("the OpenAI stand-in could not bind 127.0.0.1:0: {error}"),
    }
}

/// Starts a stand-in as configured.
pub async fn spawn_with(config: StandinConfig) -> std::io::Result<StandinHandle> {
    let listener = tokio::net::TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = watch::channel(false);
    let shared = Arc::new(Shared {
        queue: Mutex::new(VecDeque::new()),
        default: Mutex::new(config.default),
        latency: Mutex::new(config.latency),
        requests: Mutex::new(Vec::new()),
        counter: AtomicU64::new(0),
        shutdown: stopped.clone(),
    });
    let app = server::router(Arc::clone(&shared));
    let mut until_stopped = stopped;
    let server = tokio::spawn(async move {
        let shutdown = async move {
            let _ = until_stopped.wait_for(|stopping| *stopping).await;
        };
        if let Err(error) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::warn!(%error, "OpenAI stand-in stopped with an error");
        }
    });
    Ok(StandinHandle {
        addr,
        shared,
        stop,
        server: Some(server),
    })
}

impl StandinHandle {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL an OpenAI client is configured with, e.g. `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Queues a behaviour for the next request that finds the queue non-empty.
    pub fn push(&self, behaviour: Behaviour) {
        lock(&self.shared.queue).push_back(behaviour);
    }

    /// Replaces the behaviour used when the queue is empty.
    pub fn set_default(&self, behaviour: Behaviour) {
        *lock(&self.shared.default) = behaviour;
    }

    /// Replaces the latency added to every request.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.shared.latency) = latency;
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests were received so far.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// Stops accepting, releases hanging requests, and waits (up to 2 s) for the server to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for StandinHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
