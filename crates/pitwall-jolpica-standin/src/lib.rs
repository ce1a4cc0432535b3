//! A Jolpica F1 API stand-in for tests and benchmarks.
//!
//! It replays `../shared/f1data/jolpica-replay/` (rounds after the CSV dump,
//! re-paged with `limit`/`offset` on every request) and the real responses
//! in `jolpica-fixtures/`, under `/ergast/f1/...` with or without `.json`,
//! enforces the API's limits as sliding windows (429 with the real
//! throttling body), records every arrival so tests can assert that a client
//! never exceeded them, and injects [`Fault`]s on request.

mod fault;
mod limits;
mod server;
mod store;

pub use fault::{Fault, FaultKind};
pub use limits::{max_in_window, Limits};
pub use server::THROTTLED_BODY;
pub use store::ROUND_ENDPOINTS;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use server::{lock, Shared};
use tokio::task::JoinHandle;

/// What can stop the stand-in from starting.
#[derive(Debug, thiserror::Error)]
pub enum StandinError {
    /// A data file could not be read or parsed.
    #[error("stand-in data: {0}")]
    Data(String),
    /// The listening socket could not be bound.
    #[error("cannot bind {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// How to start a stand-in.
#[derive(Debug, Clone)]
pub struct StandinConfig {
    /// Address to listen on; port 0 picks a free one.
    pub bind: SocketAddr,
    /// The replay directory (`{season}/{round}/{endpoint}.json`), if any.
    pub replay_dir: Option<PathBuf>,
    /// The fixtures directory (real responses), if any.
    pub fixtures_dir: Option<PathBuf>,
    /// The limits enforced.
    pub limits: Limits,
}

impl StandinConfig {
    /// 127.0.0.1:0 with Jolpica's limits over the shared data directory
    /// (`…/shared/f1data`), replay and fixtures both.
    pub fn over_shared_data(f1data: &std::path::Path) -> Self {
        StandinConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            replay_dir: Some(f1data.join("jolpica-replay")),
            fixtures_dir: Some(f1data.join("jolpica-fixtures")),
            limits: Limits::default(),
        }
    }
}

/// One request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The normalised path (`2026/3/results`) and the query, if any.
    pub key: String,
    /// When it arrived.
    pub at: Instant,
    /// The status sent (429 when throttled, 304 when not modified).
    pub status: u16,
    /// The `User-Agent` sent.
    pub user_agent: Option<String>,
    /// The `If-None-Match` sent.
    pub if_none_match: Option<String>,
}

/// What the stand-in saw, for assertions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Every request received, throttled ones included.
    pub requests: usize,
    /// Requests answered 429.
    pub throttled: usize,
    /// Requests answered 304.
    pub not_modified: usize,
    /// The most requests received in any one-second window.
    pub max_per_second: usize,
    /// The most requests received in any one-hour window.
    pub max_per_hour: usize,
}

/// A running stand-in; dropping it stops the server.
pub struct StandinHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl std::fmt::Debug for StandinHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandinHandle")
            .field("addr", &self.addr)
            .finish()
    }
}

impl Drop for StandinHandle {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Starts a stand-in with `config` on the current tokio runtime.
pub async fn spawn(config: StandinConfig) -> Result<StandinHandle, StandinError> {
    let store = store::Store::load(config.replay_dir.as_deref(), config.fixtures_dir.as_deref())?;
    let (replay, fixtures) = store.sizes();
    let shared = Arc::new(Shared {
        store,
        limits: Mutex::new(config.limits),
        windows: Mutex::new(limits::Windows::default()),
        faults: Mutex::new(Vec::new()),
        arrivals: Mutex::new(Vec::new()),
    });
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| StandinError::Bind {
            addr: config.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StandinError::Bind {
        addr: config.bind,
        source,
    })?;
    let app = axum::Router::new()
        .fallback(axum::routing::get(server::handle))
        .with_state(shared.clone());
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::warn!(error = %e, "Jolpica stand-in stopped");
        }
    });
    tracing::info!(%addr, replay, fixtures, "Jolpica stand-in listening");
    Ok(StandinHandle {
        addr,
        shared,
        server,
    })
}

impl StandinHandle {
    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL a client is configured with (`http://ADDR/ergast/f1`).
    pub fn base_url(&self) -> String {
        format!("http://{}/ergast/f1", self.addr)
    }

    /// Adds a fault; the first matching fault applies to each request.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Changes the enforced limits.
    pub fn set_limits(&self, limits: Limits) {
        *lock(&self.shared.limits) = limits;
    }

    /// Every request received so far.
    pub fn arrivals(&self) -> Vec<Arrival> {
        lock(&self.shared.arrivals).clone()
    }

    /// Forgets the recorded arrivals (not the limit windows).
    pub fn reset_arrivals(&self) {
        lock(&self.shared.arrivals).clear();
    }

    /// Counts over every arrival so far.
    pub fn stats(&self) -> Stats {
        let arrivals = self.arrivals();
        let mut times: Vec<Instant> = arrivals.iter().map(|a| a.at).collect();
        times.sort();
        Stats {
            requests: arrivals.len(),
            throttled: arrivals.iter().filter(|a| a.status == 429).count(),
            not_modified: arrivals.iter().filter(|a| a.status == 304).count(),
            max_per_second: max_in_window(&times, Duration::from_secs(1)),
            max_per_hour: max_in_window(&times, Duration::from_secs(3600)),
        }
    }
}
