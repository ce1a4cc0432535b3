//! Cached handles for the metrics recorded on every request and answer.
//!
//! A `counter!` with labels builds its key (a label vector, owned strings)
//! and looks it up in the recorder's registry on every call. On the hot
//! path that is most of what the metrics cost, so the handles are looked up
//! once per label set and kept here. Caching starts only after [`enable`]
//! (called once the recorder is installed): a handle taken earlier would be
//! the no-op one forever.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use metrics::{counter, gauge, histogram, Counter, Gauge, Histogram};

use crate::names::*;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Starts caching handles; call once, after installing the recorder.
pub fn enable() {
    ENABLED.store(true, Ordering::Release);
}

/// Whether handles are cached (a recorder is installed).
pub(crate) fn enabled() -> bool {
    ENABLED.load(Ordering::Acquire)
}

/// The methods with their own label value, then `other`.
const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "other",
];

/// Status classes, `1xx` to `5xx`.
pub(crate) const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// One route and method's handles, each created on first use (a series
/// appears only once it has happened).
#[derive(Default)]
struct MethodHandles {
    duration: OnceLock<Histogram>,
    requests: [OnceLock<Counter>; 5],
}

/// One route's handles, by method.
#[derive(Default)]
struct RouteHandles {
    methods: [MethodHandles; 8],
}

/// Routes are templates (a bounded set), so the map stays small.
fn routes() -> &'static RwLock<HashMap<String, Arc<RouteHandles>>> {
    static ROUTES: OnceLock<RwLock<HashMap<String, Arc<RouteHandles>>>> = OnceLock::new();
    ROUTES.get_or_init(Default::default)
}

fn route_handles(route: &str) -> Arc<RouteHandles> {
    if let Some(h) = routes()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(route)
    {
        return Arc::clone(h);
    }
    let mut map = routes().write().unwrap_or_else(|e| e.into_inner());
    Arc::clone(map.entry(route.to_string()).or_default())
}

/// Records one request through cached handles (`method` is a label value
/// from [`crate::record::method_label`], `class` an index into `CLASSES`).
pub(crate) fn http_request(route: &str, method: &'static str, class: usize, secs: f64) {
    let m = METHODS.iter().position(|x| *x == method).unwrap_or(7);
    let handles = route_handles(route);
    let Some(h) = handles.methods.get(m) else {
        return;
    };
    let status = CLASSES.get(class).copied().unwrap_or("5xx");
    if let Some(c) = h.requests.get(class) {
        c.get_or_init(|| {
            counter!(HTTP_REQUESTS, "route" => route.to_string(), "method" => method, "status" => status)
        })
        .increment(1);
    }
    h.duration
        .get_or_init(|| histogram!(HTTP_DURATION, "route" => route.to_string(), "method" => method))
        .record(secs);
}

/// The requests-in-flight gauge.
pub(crate) fn in_flight() -> &'static Gauge {
    static G: OnceLock<Gauge> = OnceLock::new();
    G.get_or_init(|| gauge!(HTTP_IN_FLIGHT))
}

/// The answers counter of `source` (a closed list, so a small map).
pub(crate) fn answers(source: &'static str) -> Counter {
    cached(
        &ANSWER_HANDLES,
        source,
        || counter!(ANSWERS, "source" => source),
    )
}

/// The intents counter of `intent` (the engine's closed list, or `llm`).
pub(crate) fn intents(intent: &str) -> Counter {
    cached(
        &INTENT_HANDLES,
        intent,
        || counter!(INTENTS, "intent" => intent.to_string()),
    )
}

/// The local engine's latency histogram.
pub(crate) fn local_duration() -> &'static Histogram {
    static H: OnceLock<Histogram> = OnceLock::new();
    H.get_or_init(|| histogram!(LOCAL_DURATION))
}

/// The app database's commit latency and group-size histograms.
pub(crate) fn commits() -> &'static (Histogram, Histogram) {
    static H: OnceLock<(Histogram, Histogram)> = OnceLock::new();
    H.get_or_init(|| {
        (
            histogram!(APP_DB_COMMIT_DURATION),
            histogram!(APP_DB_COMMIT_ROWS),
        )
    })
}

type Handles = OnceLock<RwLock<HashMap<String, Counter>>>;
static ANSWER_HANDLES: Handles = OnceLock::new();
static INTENT_HANDLES: Handles = OnceLock::new();

fn cached(cache: &'static Handles, label: &str, make: impl FnOnce() -> Counter) -> Counter {
    let map = cache.get_or_init(Default::default);
    if let Some(c) = map.read().unwrap_or_else(|e| e.into_inner()).get(label) {
        return c.clone();
    }
    let mut map = map.write().unwrap_or_else(|e| e.into_inner());
    map.entry(label.to_string()).or_insert_with(make).clone()
}
