//! The routes: Sentry's ingestion endpoints with its real replies, and
//! `GET /events` for a look from outside the test process.

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{MatchedPath, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::envelope::{self, Envelope};
use crate::Reply;

/// State shared by the handlers and the handle.
pub(crate) struct Shared {
    /// The DSN's public key every request must carry.
    pub key: String,
    /// The project id in the DSN.
    pub project: String,
    /// Largest body accepted (after decompression), else 413.
    pub max_bytes: usize,
    /// What the next requests get.
    pub reply: Mutex<Reply>,
    /// Envelopes accepted, in arrival order.
    pub envelopes: Mutex<Vec<Envelope>>,
    /// Requests answered with an error (bad key, rate limit, too large...).
    pub refused: AtomicU64,
    /// Woken on every accepted envelope.
    pub arrived: Notify,
}

/// A mutex whose holder panicked is still usable: the data is a list that
/// no update leaves half-written.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/{project}/envelope/", post(ingest))
        .route("/api/{project}/envelope", post(ingest))
        .route("/api/{project}/store/", post(ingest))
        .route("/api/{project}/store", post(ingest))
        .route("/events", get(events_route))
        .with_state(shared)
}

/// Sentry's error body: `{"detail": ...}`, with the reason repeated in
/// `X-Sentry-Error` as Relay does.
fn refuse(shared: &Shared, status: StatusCode, detail: &str) -> Response {
    shared.refused.fetch_add(1, Ordering::Relaxed);
    let mut response = (status, Json(json!({ "detail": detail }))).into_response();
    if let Ok(value) = HeaderValue::from_str(detail) {
        response.headers_mut().insert("x-sentry-error", value);
    }
    response
}

/// Turns a (decompressed) body into an envelope.
type Decode = fn(&[u8]) -> Result<Envelope, envelope::EnvelopeError>;

/// Both ingestion endpoints: an envelope, or (legacy `store`) a bare event.
async fn ingest(
    State(shared): State<Arc<Shared>>,
    Path(project): Path<String>,
    matched: MatchedPath,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let decode: Decode = if matched.as_str().contains("/store") {
        |raw: &[u8]| Envelope::of_event(raw.to_vec())
    } else {
        envelope::parse
    };
    receive(&shared, &project, query.as_deref(), &headers, &body, decode)
}

async fn events_route(State(shared): State<Arc<Shared>>) -> Json<Vec<Value>> {
    Json(
        lock(&shared.envelopes)
            .iter()
            .flat_map(Envelope::events)
            .collect(),
    )
}

/// The checks in Relay's order: credentials, the configured reply (quota),
/// encoding, size, format; then the envelope is kept.
fn receive(
    shared: &Shared,
    project: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
    decode: Decode,
) -> Response {
    match sentry_key(headers, query) {
        Some(key) if key == shared.key => {}
        Some(_) => return refuse(shared, StatusCode::UNAUTHORIZED, "invalid api key"),
        None => {
            return refuse(
                shared,
                StatusCode::UNAUTHORIZED,
                "missing authorization information",
            )
        }
    }
    if project != shared.project {
        return refuse(
            shared,
            StatusCode::FORBIDDEN,
            "project id does not match the key",
        );
    }
    let reply = lock(&shared.reply).clone();
    match reply {
        Reply::Accept => {}
        Reply::RateLimited { retry_after_secs } => return rate_limited(shared, retry_after_secs),
        Reply::TooLarge => return too_large(shared),
        Reply::ServerError => {
            return refuse(
                shared,
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal server error",
            )
        }
    }
    let raw = match decompress(headers, body, shared.max_bytes) {
        Ok(Some(raw)) => raw,
        Ok(None) => return too_large(shared),
        Err(detail) => return refuse(shared, StatusCode::BAD_REQUEST, &detail),
    };
    let envelope = match decode(&raw) {
        Ok(envelope) => envelope,
        Err(e) => return refuse(shared, StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let id = envelope
        .headers
        .get("event_id")
        .cloned()
        .unwrap_or(Value::Null);
    lock(&shared.envelopes).push(envelope);
    shared.arrived.notify_waiters();
    Json(json!({ "id": id })).into_response()
}

fn rate_limited(shared: &Shared, retry_after_secs: u64) -> Response {
    let mut response = refuse(
        shared,
        StatusCode::TOO_MANY_REQUESTS,
        "event submission rejected with_reason: RateLimited",
    );
    let secs = retry_after_secs.to_string();
    // Empty categories: every kind of data, for the whole organisation.
    let limits = format!("{secs}::organization");
    for (name, value) in [("retry-after", secs), ("x-sentry-rate-limits", limits)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

fn too_large(shared: &Shared) -> Response {
    refuse(
        shared,
        StatusCode::PAYLOAD_TOO_LARGE,
        "envelope exceeded size limits",
    )
}

/// The DSN key from `X-Sentry-Auth` (`Sentry sentry_key=..., ...`), else
/// from the `sentry_key` query parameter (browser SDKs).
fn sentry_key(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    let from_header = headers
        .get("x-sentry-auth")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().strip_prefix("Sentry "))
        .and_then(|pairs| field(pairs.split(','), "sentry_key"));
    from_header.or_else(|| query.and_then(|q| field(q.split('&'), "sentry_key")))
}

fn field<'a>(pairs: impl Iterator<Item = &'a str>, name: &str) -> Option<String> {
    pairs
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim().to_string())
}

/// The body with its `Content-Encoding` undone; `Ok(None)` when it is (or
/// inflates to) more than `max` bytes.
fn decompress(headers: &HeaderMap, body: &[u8], max: usize) -> Result<Option<Vec<u8>>, String> {
    if body.len() > max {
        return Ok(None);
    }
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("identity")
        .trim()
        .to_ascii_lowercase();
    let reader: Box<dyn Read + '_> = match encoding.as_str() {
        "identity" | "" => return Ok(Some(body.to_vec())),
        "gzip" | "x-gzip" => Box::new(flate2::read::GzDecoder::new(body)),
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(body)),
        other => return Err(format!("unsupported content encoding {other:?}")),
    };
    // One byte more than allowed tells "too large" from "exactly the limit"
    // without inflating a bomb to the end.
    let limit = u64::try_from(max).map_or(u64::MAX, |m| m.saturating_add(1));
    let mut raw = Vec::new();
    reader
        .take(limit)
        .read_to_end(&mut raw)
        .map_err(|e| format!("cannot decode the {encoding} body: {e}"))?;
    Ok((raw.len() <= max).then_some(raw))
}
