//! Middleware recording every request: count by route template, method and
//! status class, latency, and requests in flight.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use pitwall_app::App;
use pitwall_metrics::record;

/// The route whose latency has an SLO (the alert rules' p95).
const ASK_ROUTE: &str = "/v1/ask";

/// The label for requests no route matched: raw paths would let any
/// client grow the label set without bound.
const UNMATCHED: &str = "unmatched";

/// Records the request once its response head is ready: in the metrics,
/// the recent traffic the alert rules read and the per-minute roll-ups.
pub async fn track(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let _in_flight = record::InFlight::enter();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_string(), |m| m.as_str().to_string());
    let method = req.method().clone();
    let response = next.run(req).await;
    let (status, secs) = (response.status().as_u16(), started.elapsed().as_secs_f64());
    let is_ask = route == ASK_ROUTE && method == axum::http::Method::POST;
    app.observe_request(route, method.as_str(), is_ask, status, secs);
    response
}
