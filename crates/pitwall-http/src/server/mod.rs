//! The listener: our own accept loop over hyper's HTTP/1 connection, so that
//! every connection is bounded in time and in number.
//!
//! `axum::serve` sets no header-read timeout, no idle timeout and no cap on
//! connections: a client that connects and sends nothing (or one header byte a
//! second) holds a socket for ever, and a few hundred of them exhaust the
//! process's file descriptors so that `accept` fails for everyone. Here:
//!
//! * hyper's header-read timeout closes a connection that has not sent a whole
//!   request head within [`ConnectionLimits::header_timeout`]. Its clock starts
//!   when the connection opens and again whenever a response has been sent, so
//!   the same timeout closes idle keep-alive connections;
//! * a response whose writing makes no progress for the same time (a client
//!   that stopped reading) ends the connection;
//! * a request body must arrive within [`crate::json::BODY_READ_TIMEOUT`]
//!   (408), and the whole request within the router's 60 s;
//! * at most [`ConnectionLimits::max_connections`] connections are served at
//!   once; one more is answered `503` with `Connection: close` and closed at
//!   once instead of queueing;
//! * an `accept` error (e.g. `EMFILE`) pauses the loop briefly and it goes on
//!   accepting, logging at most once a second.
//!
//! Only HTTP/1.1 (and 1.0) is served: reverse proxies speak it to their
//! backends, and it keeps one set of timeouts to reason about.

mod accept;
mod fds;
mod stall;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use pitwall_app::App;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

pub use accept::reply_over_capacity;
pub use fds::{connection_cap, raise_open_file_limit, soft_open_file_limit};

/// Largest read buffer per connection, so the largest request head.
const MAX_CONNECTION_BUFFER: usize = 64 * 1024;

/// Connections over the cap being answered 503 at once; more are closed
/// without an answer.
const MAX_PENDING_REFUSALS: usize = 64;

/// Time and count bounds on client connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Longest a connection may take to send a request head, counted from
    /// when it opened or from its previous response (so also the idle
    /// keep-alive timeout).
    pub header_timeout: Duration,
    /// Connections served at once; more are refused with 503.
    pub max_connections: usize,
}

impl ConnectionLimits {
    /// The limits configured for `app`.
    pub fn of(app: &App) -> Self {
        let connections = &app.config.connections;
        Self {
            header_timeout: connections.header_timeout,
            max_connections: connection_cap(connections.max_connections),
        }
    }
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish for
/// at most `grace` before returning.
pub async fn serve(
    app: Arc<App>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let limits = ConnectionLimits::of(&app);
    let mut background = start_metrics(&app).await?;
    // Roll-ups flush whether or not metrics are on: the reports need them.
    background.push(app.spawn_rollup_flusher());
    tracing::info!(
        max_connections = limits.max_connections,
        header_timeout_secs = limits.header_timeout.as_secs(),
        "connection limits"
    );
    // `with_state(())` turns every handler into a ready route once, as
    // `into_make_service` does; without it axum converts them per request
    // (measured: ~30 µs more CPU per question).
    let router = crate::router(Arc::clone(&app)).with_state(());
    // Each connection task holds a receiver; when all are gone the last
    // connection has closed.
    let (stop_tx, stop_rx) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let refusals = Arc::new(Semaphore::new(MAX_PENDING_REFUSALS));
    let mut accept_errors = accept::ErrorLog::default();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(error) => {
                accept_errors.pause_after(&error).await;
                continue;
            }
        };
        match Arc::clone(&slots).try_acquire_owned() {
            Ok(permit) => spawn_connection(
                stream,
                peer,
                router.clone(),
                limits,
                permit,
                stop_rx.clone(),
            ),
            Err(_) => {
                accept_errors.over_capacity(limits.max_connections);
                app.note_shed("connections");
                // Refusals hold a descriptor for up to a second, so they are
                // bounded too; past that a connection is just closed.
                if let Ok(permit) = Arc::clone(&refusals).try_acquire_owned() {
                    tokio::spawn(async move {
                        reply_over_capacity(stream).await;
                        drop(permit);
                    });
                }
            }
        }
    }
    tracing::info!(
        grace_secs = grace.as_secs(),
        "shutting down; letting in-flight requests finish"
    );
    drop(listener);
    let _ = stop_tx.send(true);
    drop(stop_rx);
    if tokio::time::timeout(grace, stop_tx.closed()).await.is_err() {
        tracing::warn!("in-flight requests did not finish within the grace period");
    }
    for task in &background {
        task.abort();
    }
    // Awaited, so a flush in progress is over before the last one runs.
    for task in background {
        let _ = task.await;
    }
    app.shutdown().await;
    tracing::info!("stopped");
    Ok(())
}

/// Installs the metrics recorder (unless `PITWALL_METRICS=false`), starts
/// the storage sampler and, with `PITWALL_METRICS_BIND`, the separate
/// listener; the caller aborts the returned tasks at shutdown.
async fn start_metrics(app: &Arc<App>) -> std::io::Result<Vec<tokio::task::JoinHandle<()>>> {
    let config = app.config.metrics;
    if !config.enabled || !crate::metrics::install() {
        return Ok(Vec::new());
    }
    app.record_build_info(env!("PITWALL_GIT_SHA")).await;
    let mut tasks = vec![app.spawn_storage_sampler()];
    tasks.extend(crate::metrics::spawn_upkeep());
    if let Some(addr) = config.bind {
        tasks.push(crate::metrics::serve_separately(Arc::clone(app), addr).await?);
    }
    Ok(tasks)
}

/// Serves one connection on its own task until it closes, times out or the
/// server stops (then gracefully: the request in progress finishes).
fn spawn_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: ConnectionLimits,
    permit: OwnedSemaphorePermit,
    mut stop: watch::Receiver<bool>,
) {
    // Small responses go out at once instead of waiting for Nagle's timer.
    let _ = stream.set_nodelay(true);
    let service = TowerToHyperService::new(router.map_request(
        move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.map(axum::body::Body::new)
        },
    ));
    tokio::spawn(async move {
        let _permit = permit;
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            // A request head beyond 64 KiB is refused (hyper's default lets
            // each connection buffer ~400 KB).
            .max_buf_size(MAX_CONNECTION_BUFFER)
            .keep_alive(true);
        // A write that makes no progress for this long ends the connection.
        let io = stall::WriteStallLimit::new(stream, limits.header_timeout);
        let conn = builder.serve_connection(TokioIo::new(io), service);
        let mut conn = std::pin::pin!(conn);
        let mut stopping = false;
        loop {
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(error) = result {
                        tracing::debug!(%peer, %error, "connection closed with an error");
                    }
                    break;
                }
                changed = stop.wait_for(|stop| *stop), if !stopping => {
                    stopping = true;
                    if changed.is_ok() {
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
        }
        drop(stop);
    });
}
