//! Typed recording helpers, one per event, so a call site cannot misspell a
//! metric or a label, and label values stay from closed sets.

use metrics::{counter, gauge, histogram};

use crate::names::*;

/// Upper bounds (seconds) of every latency histogram, 0.5 ms to 30 s: the
/// local path answers in about a millisecond, the LLM path in seconds, the
/// request timeout is 60 s. The alert rules' in-memory window uses the same.
pub const LATENCY_BUCKETS: [f64; 15] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The index of the bucket holding `secs`: the first bound it does not
/// exceed, or `LATENCY_BUCKETS.len()` (one more bucket) when slower than all.
pub fn latency_bucket(secs: f64) -> usize {
    LATENCY_BUCKETS
        .iter()
        .position(|b| secs <= *b)
        .unwrap_or(LATENCY_BUCKETS.len())
}

/// Commits slower than this are counted as slow.
pub const SLOW_COMMIT_SECS: f64 = 0.1;

/// One HTTP request answered: `route` is the matched route template
/// (`/v1/history/{id}`), or `unmatched`.
pub fn http_request(route: String, method: &str, status: u16, secs: f64) {
    let index = match status {
        100..=199 => 0,
        200..=299 => 1,
        300..=399 => 2,
        400..=499 => 3,
        _ => 4,
    };
    let method = method_label(method);
    if crate::hot::enabled() {
        return crate::hot::http_request(&route, method, index, secs);
    }
    let class = crate::hot::CLASSES[index];
    counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => class)
        .increment(1);
    histogram!(HTTP_DURATION, "route" => route, "method" => method).record(secs);
}

/// Methods outside the usual set share one label value: a client inventing
/// methods must not grow the label set.
/// The method as a label: the standard ones by name, anything else
/// `other` (hyper accepts any token as a method; labels must stay bounded).
pub fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        "PATCH" => "PATCH",
        _ => "other",
    }
}

/// Counts a request in flight until dropped (also when the request's
/// future is dropped midway, as a timeout or a client going away does).
#[derive(Debug)]
pub struct InFlight(());

impl InFlight {
    /// One more request in flight.
    pub fn enter() -> Self {
        if crate::hot::enabled() {
            crate::hot::in_flight().increment(1.0);
        } else {
            gauge!(HTTP_IN_FLIGHT).increment(1.0);
        }
        InFlight(())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if crate::hot::enabled() {
            crate::hot::in_flight().decrement(1.0);
        } else {
            gauge!(HTTP_IN_FLIGHT).decrement(1.0);
        }
    }
}

/// A request refused at once to protect the server.
pub fn load_shed(reason: &'static str) {
    counter!(LOAD_SHED, "reason" => reason).increment(1);
}

/// A question answered from `source`, with the fallback reason when it is
/// a fallback and the intent when one answered.
pub fn answer(source: &'static str, fallback_reason: Option<&'static str>, intent: Option<&str>) {
    let hot = crate::hot::enabled();
    if hot {
        crate::hot::answers(source).increment(1);
    } else {
        counter!(ANSWERS, "source" => source).increment(1);
    }
    if let Some(reason) = fallback_reason {
        counter!(FALLBACKS, "reason" => reason).increment(1);
    }
    match intent {
        Some(intent) if hot => crate::hot::intents(intent).increment(1),
        Some(intent) => counter!(INTENTS, "intent" => intent.to_string()).increment(1),
        None => {}
    }
}

/// What the local engine did with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalOutcome {
    /// It answered.
    Answered,
    /// It declined, naming words it could not place.
    Unparsed,
    /// It declined for another reason (unsupported, ambiguous, no data).
    Declined,
}

/// The local engine's time for one question and what it did.
pub fn local_engine(secs: f64, outcome: LocalOutcome) {
    if crate::hot::enabled() {
        crate::hot::local_duration().record(secs);
    } else {
        histogram!(LOCAL_DURATION).record(secs);
    }
    let kind = match outcome {
        LocalOutcome::Answered => return,
        LocalOutcome::Unparsed => "unparsed",
        LocalOutcome::Declined => "other",
    };
    counter!(LOCAL_DECLINED, "kind" => kind).increment(1);
}

/// One upstream LLM call (all its attempts) and how it ended; `error_class`
/// is `None` when it succeeded.
pub fn llm_call(model: &str, secs: f64, error_class: Option<&'static str>) {
    let model = model.to_string();
    let outcome = if error_class.is_some() { "error" } else { "ok" };
    counter!(LLM_REQUESTS, "model" => model.clone(), "outcome" => outcome).increment(1);
    histogram!(LLM_UPSTREAM_DURATION, "model" => model).record(secs);
    if let Some(class) = error_class {
        counter!(LLM_ERRORS, "class" => class).increment(1);
    }
}

/// One failed attempt that is retried, by its cause.
pub fn llm_retry(cause: &'static str) {
    counter!(LLM_RETRIES, "cause" => cause).increment(1);
}

/// Tokens and cost booked for one LLM call.
pub fn llm_usage(model: &str, prompt: u64, cached: u64, completion: u64, cost_micros: i64) {
    for (kind, n) in [
        ("prompt", prompt),
        ("cached", cached),
        ("completion", completion),
    ] {
        counter!(LLM_TOKENS, "model" => model.to_string(), "kind" => kind).increment(n);
    }
    counter!(LLM_COST, "model" => model.to_string())
        .increment(u64::try_from(cost_micros).unwrap_or(0));
}

/// The LLM queue's state now: conversations waiting and holding a slot.
pub fn llm_queue(waiting: usize, in_flight: usize) {
    gauge!(LLM_QUEUE_DEPTH).set(waiting as f64);
    gauge!(LLM_IN_FLIGHT).set(in_flight as f64);
}

/// How long a conversation waited for an LLM slot.
pub fn llm_queue_wait(secs: f64) {
    histogram!(LLM_QUEUE_WAIT).record(secs);
}

/// A call held back by the client-side rate limiter (which refuses
/// rather than queues, so the outcome is always `refused`).
pub fn llm_limiter_refused() {
    counter!(LLM_LIMITER_WAITS, "outcome" => "refused").increment(1);
}

/// A question that shared an identical one's upstream call.
pub fn llm_shared() {
    counter!(LLM_SHARED).increment(1);
}

/// A circuit breaker's state, as the gauge's number: 0 closed, 1 half-open, 2 open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerLevel {
    /// Calls pass.
    Closed = 0,
    /// Probing.
    HalfOpen = 1,
    /// Calls refused.
    Open = 2,
}

impl BreakerLevel {
    fn label(self) -> &'static str {
        match self {
            BreakerLevel::Closed => "closed",
            BreakerLevel::HalfOpen => "half_open",
            BreakerLevel::Open => "open",
        }
    }
}

/// Sets a breaker's state gauge (at start and on every change).
pub fn breaker_state(breaker: &str, level: BreakerLevel) {
    gauge!(BREAKER_STATE, "breaker" => breaker.to_string()).set(level as u8 as f64);
}

/// A breaker entered `level`.
pub fn breaker_transition(breaker: &str, level: BreakerLevel) {
    counter!(BREAKER_TRANSITIONS, "breaker" => breaker.to_string(), "to" => level.label())
        .increment(1);
    breaker_state(breaker, level);
}

/// A global budget's figures now, in micro-dollars (no cap: 0).
pub fn budget(scope: &'static str, spent: i64, reserved: i64, cap: Option<i64>) {
    gauge!(BUDGET_SPENT, "scope" => scope).set(spent as f64);
    gauge!(BUDGET_RESERVED, "scope" => scope).set(reserved as f64);
    // No cap reads as 0 (the alert rules skip it) rather than keeping
    // the last cap's value after it was removed.
    gauge!(BUDGET_CAP, "scope" => scope).set(cap.unwrap_or(0) as f64);
}

/// A request refused by its principal's plan (`kind`: rate, quota, concurrency).
pub fn limit_rejection(plan: &str, kind: &'static str) {
    counter!(LIMIT_REJECTIONS, "plan" => plan.to_string(), "kind" => kind).increment(1);
}

/// A credential refused.
pub fn auth_failure(reason: &'static str) {
    counter!(AUTH_FAILURES, "reason" => reason).increment(1);
}

/// One answer-cache lookup.
pub fn cache_lookup(hit: bool) {
    if hit {
        counter!(CACHE_HITS).increment(1);
    } else {
        counter!(CACHE_MISSES).increment(1);
    }
}

/// The answer cache's size now.
pub fn cache_size(entries: u64, bytes: u64) {
    gauge!(CACHE_ENTRIES).set(entries as f64);
    gauge!(CACHE_BYTES).set(bytes as f64);
}

/// An answer removed from the cache (`cause`: size, expired, explicit).
pub fn cache_eviction(cause: &'static str) {
    counter!(CACHE_EVICTIONS, "cause" => cause).increment(1);
}

/// One app-database commit of `rows` rows.
pub fn app_db_commit(secs: f64, rows: usize) {
    if crate::hot::enabled() {
        let (duration, sizes) = crate::hot::commits();
        duration.record(secs);
        sizes.record(rows as f64);
    } else {
        histogram!(APP_DB_COMMIT_DURATION).record(secs);
        histogram!(APP_DB_COMMIT_ROWS).record(rows as f64);
    }
    if secs > SLOW_COMMIT_SECS {
        counter!(APP_DB_SLOW_COMMITS).increment(1);
    }
}

/// The app database's files: main file and write-ahead log, in bytes.
pub fn app_db_files(db_bytes: u64, wal_bytes: u64) {
    gauge!(APP_DB_BYTES).set(db_bytes as f64);
    gauge!(APP_DB_WAL_BYTES).set(wal_bytes as f64);
}

/// Rows in one app-database table.
pub fn app_db_rows(table: &'static str, rows: i64) {
    gauge!(APP_DB_ROWS, "table" => table).set(rows as f64);
}

/// F1 read connections checked out now.
pub fn f1_pool_in_use(n: usize) {
    gauge!(F1_POOL_IN_USE).set(n as f64);
}

/// An F1 checkout that found no idle connection.
pub fn f1_pool_wait() {
    counter!(F1_POOL_WAITS).increment(1);
}

/// The F1 data served: its generation and last race date (Unix seconds).
pub fn f1_data(generation: u64, last_race_unix: Option<i64>) {
    gauge!(F1_GENERATION).set(generation as f64);
    if let Some(t) = last_race_unix {
        gauge!(F1_LAST_RACE).set(t as f64);
    }
}

/// Scheduled backups are on, taken every `interval_secs`.
pub fn backup_interval(interval_secs: u64) {
    gauge!(BACKUP_INTERVAL).set(interval_secs as f64);
}

/// A backup attempt's outcome; `last_success_unix` is the newest good
/// backup's time (this one's when it succeeded), if there is one.
pub fn backup_result(ok: Option<bool>, last_success_unix: Option<i64>) {
    if let Some(ok) = ok {
        gauge!(BACKUP_LAST_RESULT).set(if ok { 1.0 } else { 0.0 });
    }
    if let Some(t) = last_success_unix {
        gauge!(BACKUP_LAST_SUCCESS).set(t as f64);
    }
}

/// The runtime's size and the process's age.
pub fn runtime(workers: usize, alive_tasks: usize, uptime_secs: f64) {
    gauge!(TOKIO_WORKERS).set(workers as f64);
    gauge!(TOKIO_ALIVE_TASKS).set(alive_tasks as f64);
    gauge!(UPTIME).set(uptime_secs);
}

/// Sets the build-info gauge (1) with its labels.
pub fn build_info(version: &'static str, git_sha: &'static str, schema_version: i64) {
    gauge!(BUILD_INFO, "version" => version, "git_sha" => git_sha, "schema_version" => schema_version.to_string())
        .set(1.0);
}
