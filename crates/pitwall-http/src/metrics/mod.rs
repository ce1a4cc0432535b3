//! `GET /metrics`: Prometheus text from `metrics-exporter-prometheus`.
//!
//! The recorder is process-global (the `metrics` facade has one), so it is
//! installed once; every server in the process shares it. Gauges that read
//! live state are refreshed when scraped; table rows and file sizes are
//! sampled every minute by the server (see `pitwall_app::App::sample_storage`).

mod access;
pub mod track;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use pitwall_app::App;

pub use access::MetricsAccess;

/// Rows per commit: powers of two up to the writer's batch cap.
const ROWS_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

/// The installed recorder's handle and the process collector.
struct Installed {
    handle: PrometheusHandle,
    process: metrics_process::Collector,
}

static INSTALLED: OnceLock<Option<Installed>> = OnceLock::new();

/// Installs the Prometheus recorder (once per process; later calls return
/// whether the first succeeded). After this every metric is recorded.
pub fn install() -> bool {
    INSTALLED
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Suffix("_seconds".into()),
                    &pitwall_metrics::record::LATENCY_BUCKETS,
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(pitwall_metrics::APP_DB_COMMIT_ROWS.into()),
                        ROWS_BUCKETS,
                    )
                });
            let handle = match builder.and_then(|b| b.install_recorder()) {
                Ok(handle) => handle,
                Err(e) => {
                    tracing::error!(error = %e, "could not install the metrics recorder; /metrics is off");
                    return None;
                }
            };
            pitwall_metrics::describe();
            // Only now: handles cached before would be no-ops for good.
            pitwall_metrics::hot::enable();
            let process = metrics_process::Collector::default();
            process.describe();
            Some(Installed { handle, process })
        })
        .is_some()
}

/// Drains histogram samples into their buckets every 5 s until aborted:
/// without it, samples pile up in memory between scrapes (or for ever,
/// on an instance nobody scrapes).
pub fn spawn_upkeep() -> Option<tokio::task::JoinHandle<()>> {
    let installed = INSTALLED.get()?.as_ref()?;
    let handle = installed.handle.clone();
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            handle.run_upkeep();
        }
    }))
}

/// Renders every metric after refreshing the live gauges.
pub async fn render(app: &App) -> Option<String> {
    let installed = INSTALLED.get()?.as_ref()?;
    app.refresh_gauges().await;
    installed.process.collect();
    installed.handle.run_upkeep();
    Some(installed.handle.render())
}

/// `GET /metrics` on the main port: loopback or an admin key.
pub async fn metrics_route(_: MetricsAccess, State(app): State<Arc<App>>) -> Response {
    scrape(&app).await
}

async fn scrape(app: &App) -> Response {
    let text = match app.config.metrics.enabled {
        true => render(app).await,
        false => None,
    };
    match text {
        Some(text) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        None => crate::ApiError::NotFound("metrics are off (PITWALL_METRICS=false)".into())
            .into_response(),
    }
}

/// Serves `/metrics` alone on `addr` (`PITWALL_METRICS_BIND`) until the
/// returned task is aborted. No credential: the operator chose the address.
pub async fn serve_separately(
    app: Arc<App>,
    addr: SocketAddr,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(addr = %listener.local_addr()?, "metrics listening");
    let router = Router::new()
        .route(
            "/metrics",
            get(|State(app): State<Arc<App>>| async move { scrape(&app).await }),
        )
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(app);
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    }))
}
