//! The HTTP side: one handler for every GET, in the order the real API
//! applies things (throttle, then lookup), with faults and conditional
//! requests on top.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Response, StatusCode, Uri};
use serde_json::Value;

use crate::fault::{self, FaultKind};
use crate::limits::{Limits, Windows};
use crate::store::{self, Found, Store};
use crate::{Arrival, Fault};

/// The body Jolpica sends with a 429 (no `Retry-After` header).
pub const THROTTLED_BODY: &str = r#"{"detail":"Request was throttled."}"#;

/// State shared by the handle and every request.
pub(crate) struct Shared {
    pub store: Store,
    pub limits: Mutex<Limits>,
    pub windows: Mutex<Windows>,
    pub faults: Mutex<Vec<Fault>>,
    pub arrivals: Mutex<Vec<Arrival>>,
}

/// Locks a mutex, carrying on after a panicked holder: the data are plain records.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// `/ergast/f1/2026/3/results.json` -> `2026/3/results`.
pub(crate) fn normalise(path: &str) -> String {
    let p = path.strip_prefix("/ergast/f1").unwrap_or(path);
    let p = p.trim_matches('/');
    p.strip_suffix(".json").unwrap_or(p).to_string()
}

fn query_number(query: Option<&str>, name: &str) -> Option<usize> {
    query?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| v.parse().ok())
}

fn respond(status: StatusCode, body: String, etag: Option<String>) -> Response<Body> {
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(tag) = etag {
        builder = builder.header(header::ETAG, tag);
    }
    builder
        .body(Body::from(body))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// A strong validator over the body (FNV-1a, 64 bits).
fn etag_of(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

/// Serves one GET.
pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response<Body> {
    let now = Instant::now();
    let header_text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let key = normalise(uri.path());
    let query = uri.query();
    let mut arrival = Arrival {
        key: match query {
            Some(q) => format!("{key}?{q}"),
            None => key.clone(),
        },
        at: now,
        status: 200,
        user_agent: header_text(header::USER_AGENT),
        if_none_match: header_text(header::IF_NONE_MATCH),
    };
    let limits = *lock(&shared.limits);
    if !lock(&shared.windows).admit(now, limits) {
        arrival.status = 429;
        lock(&shared.arrivals).push(arrival);
        return respond(StatusCode::TOO_MANY_REQUESTS, THROTTLED_BODY.into(), None);
    }
    let fault = fault::take(&mut lock(&shared.faults), &key);
    let (status, text, etag) = build(&shared, &key, query, fault.as_ref()).await;
    let not_modified = etag.is_some() && etag == arrival.if_none_match;
    arrival.status = if not_modified { 304 } else { status.as_u16() };
    lock(&shared.arrivals).push(arrival);
    if not_modified {
        return respond(StatusCode::NOT_MODIFIED, String::new(), etag);
    }
    respond(status, text, etag)
}

/// The status, body and validator for `key` after `fault`.
async fn build(
    shared: &Shared,
    key: &str,
    query: Option<&str>,
    fault: Option<&FaultKind>,
) -> (StatusCode, String, Option<String>) {
    let limit = query_number(query, "limit").unwrap_or(30).clamp(1, 100);
    let offset = query_number(query, "offset").unwrap_or(0);
    match fault {
        Some(FaultKind::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = format!(r#"{{"detail":"stand-in fault {code}"}}"#);
            return (status, body, None);
        }
        Some(FaultKind::Hang(d)) => tokio::time::sleep(*d).await,
        _ => {}
    }
    let lookup_key = match fault {
        Some(FaultKind::PreviousRound) => fault::previous_round(key).unwrap_or_else(|| key.into()),
        _ => key.to_string(),
    };
    let found = match fault {
        Some(FaultKind::Empty) => match store::empty_for(key) {
            Some(v) => Found::Empty(v),
            None => Found::Missing,
        },
        _ => shared.store.find(&lookup_key, query),
    };
    let mut body: Value = match found {
        Found::Fixture(text) => {
            let tag = etag_of(&text);
            return (StatusCode::OK, text, Some(tag));
        }
        Found::Replay(v) => store::page(v, key, limit, offset),
        Found::Empty(v) => v,
        Found::Missing => {
            return (
                StatusCode::NOT_FOUND,
                r#"{"detail":"Not found."}"#.into(),
                None,
            )
        }
    };
    match fault {
        Some(FaultKind::RenameField { from, to }) => fault::rename(&mut body, from, to),
        Some(FaultKind::DuplicateRows) => {
            if let Some(list) = store::paged_list(&mut body) {
                let doubled: Vec<Value> =
                    list.iter().flat_map(|v| [v.clone(), v.clone()]).collect();
                *list = doubled;
            }
        }
        _ => {}
    }
    let mut text = body.to_string();
    let tag = etag_of(&text);
    if fault == Some(&FaultKind::Truncate) {
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    (StatusCode::OK, text, Some(tag))
}
