//! Metric names and help texts. Names follow Prometheus conventions: a
//! unit suffix (`_seconds`, `_bytes`, `_micros`), `_total` for counters.

use metrics::Unit;

/// What a metric is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only goes up.
    Counter,
    /// Goes up and down.
    Gauge,
    /// A distribution in buckets.
    Histogram,
}

/// One metric: its name, kind, unit and help text.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    /// The Prometheus name.
    pub name: &'static str,
    /// Counter, gauge or histogram.
    pub kind: Kind,
    /// Its unit.
    pub unit: Unit,
    /// The `# HELP` text.
    pub help: &'static str,
}

/// Counter `pitwall_http_requests_total` (labels: route, method, status).
pub const HTTP_REQUESTS: &str = "pitwall_http_requests_total";
/// Histogram `pitwall_http_request_duration_seconds` (labels: route, method).
pub const HTTP_DURATION: &str = "pitwall_http_request_duration_seconds";
/// Gauge `pitwall_http_requests_in_flight`.
pub const HTTP_IN_FLIGHT: &str = "pitwall_http_requests_in_flight";
/// Counter `pitwall_load_shed_total` (labels: reason).
pub const LOAD_SHED: &str = "pitwall_load_shed_total";
/// Counter `pitwall_answers_total` (labels: source).
pub const ANSWERS: &str = "pitwall_answers_total";
/// Counter `pitwall_answer_fallbacks_total` (labels: reason).
pub const FALLBACKS: &str = "pitwall_answer_fallbacks_total";
/// Counter `pitwall_answer_intents_total` (labels: intent).
pub const INTENTS: &str = "pitwall_answer_intents_total";
/// Histogram `pitwall_local_engine_duration_seconds`.
pub const LOCAL_DURATION: &str = "pitwall_local_engine_duration_seconds";
/// Counter `pitwall_local_declined_total` (labels: kind).
pub const LOCAL_DECLINED: &str = "pitwall_local_declined_total";
/// Counter `pitwall_llm_requests_total` (labels: model, outcome).
pub const LLM_REQUESTS: &str = "pitwall_llm_requests_total";
/// Counter `pitwall_llm_retries_total` (labels: cause).
pub const LLM_RETRIES: &str = "pitwall_llm_retries_total";
/// Counter `pitwall_llm_errors_total` (labels: class).
pub const LLM_ERRORS: &str = "pitwall_llm_errors_total";
/// Counter `pitwall_llm_tokens_total` (labels: model, kind).
pub const LLM_TOKENS: &str = "pitwall_llm_tokens_total";
/// Counter `pitwall_llm_cost_micros_total` (labels: model).
pub const LLM_COST: &str = "pitwall_llm_cost_micros_total";
/// Histogram `pitwall_llm_upstream_duration_seconds` (labels: model).
pub const LLM_UPSTREAM_DURATION: &str = "pitwall_llm_upstream_duration_seconds";
/// Gauge `pitwall_llm_queue_depth`.
pub const LLM_QUEUE_DEPTH: &str = "pitwall_llm_queue_depth";
/// Gauge `pitwall_llm_in_flight`.
pub const LLM_IN_FLIGHT: &str = "pitwall_llm_in_flight";
/// Histogram `pitwall_llm_queue_wait_seconds`.
pub const LLM_QUEUE_WAIT: &str = "pitwall_llm_queue_wait_seconds";
/// Counter `pitwall_llm_limiter_waits_total` (labels: outcome).
pub const LLM_LIMITER_WAITS: &str = "pitwall_llm_limiter_waits_total";
/// Counter `pitwall_llm_singleflight_joins_total`.
pub const LLM_SHARED: &str = "pitwall_llm_singleflight_joins_total";
/// Gauge `pitwall_breaker_state` (labels: breaker).
pub const BREAKER_STATE: &str = "pitwall_breaker_state";
/// Counter `pitwall_breaker_transitions_total` (labels: breaker, to).
pub const BREAKER_TRANSITIONS: &str = "pitwall_breaker_transitions_total";
/// Gauge `pitwall_budget_spent_micros` (labels: scope).
pub const BUDGET_SPENT: &str = "pitwall_budget_spent_micros";
/// Gauge `pitwall_budget_reserved_micros` (labels: scope).
pub const BUDGET_RESERVED: &str = "pitwall_budget_reserved_micros";
/// Gauge `pitwall_budget_cap_micros` (labels: scope).
pub const BUDGET_CAP: &str = "pitwall_budget_cap_micros";
/// Counter `pitwall_limit_rejections_total` (labels: plan, kind).
pub const LIMIT_REJECTIONS: &str = "pitwall_limit_rejections_total";
/// Counter `pitwall_auth_failures_total` (labels: reason).
pub const AUTH_FAILURES: &str = "pitwall_auth_failures_total";
/// Counter `pitwall_cache_hits_total`.
pub const CACHE_HITS: &str = "pitwall_cache_hits_total";
/// Counter `pitwall_cache_misses_total`.
pub const CACHE_MISSES: &str = "pitwall_cache_misses_total";
/// Gauge `pitwall_cache_entries`.
pub const CACHE_ENTRIES: &str = "pitwall_cache_entries";
/// Gauge `pitwall_cache_bytes`.
pub const CACHE_BYTES: &str = "pitwall_cache_bytes";
/// Counter `pitwall_cache_evictions_total` (labels: cause).
pub const CACHE_EVICTIONS: &str = "pitwall_cache_evictions_total";
/// Histogram `pitwall_app_db_commit_duration_seconds`.
pub const APP_DB_COMMIT_DURATION: &str = "pitwall_app_db_commit_duration_seconds";
/// Histogram `pitwall_app_db_commit_rows`.
pub const APP_DB_COMMIT_ROWS: &str = "pitwall_app_db_commit_rows";
/// Counter `pitwall_app_db_slow_commits_total`.
pub const APP_DB_SLOW_COMMITS: &str = "pitwall_app_db_slow_commits_total";
/// Gauge `pitwall_app_db_wal_bytes`.
pub const APP_DB_WAL_BYTES: &str = "pitwall_app_db_wal_bytes";
/// Gauge `pitwall_app_db_bytes`.
pub const APP_DB_BYTES: &str = "pitwall_app_db_bytes";
/// Gauge `pitwall_app_db_rows` (labels: table).
pub const APP_DB_ROWS: &str = "pitwall_app_db_rows";
/// Gauge `pitwall_f1_pool_in_use`.
pub const F1_POOL_IN_USE: &str = "pitwall_f1_pool_in_use";
/// Counter `pitwall_f1_pool_waits_total`.
pub const F1_POOL_WAITS: &str = "pitwall_f1_pool_waits_total";
/// Gauge `pitwall_f1_data_generation`.
pub const F1_GENERATION: &str = "pitwall_f1_data_generation";
/// Gauge `pitwall_f1_last_race_timestamp_seconds`.
pub const F1_LAST_RACE: &str = "pitwall_f1_last_race_timestamp_seconds";
/// Gauge `pitwall_backup_last_success_timestamp_seconds`.
pub const BACKUP_LAST_SUCCESS: &str = "pitwall_backup_last_success_timestamp_seconds";
/// Gauge `pitwall_backup_last_result`.
pub const BACKUP_LAST_RESULT: &str = "pitwall_backup_last_result";
/// Gauge `pitwall_backup_interval_seconds`.
pub const BACKUP_INTERVAL: &str = "pitwall_backup_interval_seconds";
/// Gauge `pitwall_uptime_seconds`.
pub const UPTIME: &str = "pitwall_uptime_seconds";
/// Gauge `pitwall_build_info` (labels: version, git_sha, schema_version).
pub const BUILD_INFO: &str = "pitwall_build_info";
/// Gauge `pitwall_tokio_workers`.
pub const TOKIO_WORKERS: &str = "pitwall_tokio_workers";
/// Gauge `pitwall_tokio_alive_tasks`.
pub const TOKIO_ALIVE_TASKS: &str = "pitwall_tokio_alive_tasks";

/// Every metric with its help text, for [`crate::describe`] and the tests
/// that check the dashboard and alert rules against it.
pub const ALL: &[Metric] = &[
    m(HTTP_REQUESTS, Kind::Counter, Unit::Count, "HTTP requests answered, by route template, method and status class (2xx, 4xx, 5xx)."),
    m(HTTP_DURATION, Kind::Histogram, Unit::Seconds, "Time from request head to response head, by route template and method."),
    m(HTTP_IN_FLIGHT, Kind::Gauge, Unit::Count, "HTTP requests being handled now."),
    m(LOAD_SHED, Kind::Counter, Unit::Count, "Requests refused at once to protect the server, by reason (overloaded: too many questions in flight; f1_busy: every F1 read connection taken; connections: connection cap reached)."),
    m(ANSWERS, Kind::Counter, Unit::Count, "Questions answered, by source (local, cache, llm, fallback)."),
    m(FALLBACKS, Kind::Counter, Unit::Count, "Fallback answers, by the reason the LLM did not answer."),
    m(INTENTS, Kind::Counter, Unit::Count, "Answers by intent (the local engine's question family, or llm)."),
    m(LOCAL_DURATION, Kind::Histogram, Unit::Seconds, "Time the local engine took to answer or decline a question."),
    m(LOCAL_DECLINED, Kind::Counter, Unit::Count, "Questions the local engine did not answer, by kind (unparsed: it named words it could not place; other)."),
    m(LLM_REQUESTS, Kind::Counter, Unit::Count, "Upstream LLM calls (each with its retries), by model and outcome (ok, error)."),
    m(LLM_RETRIES, Kind::Counter, Unit::Count, "Upstream LLM attempts retried, by the cause of the failed attempt."),
    m(LLM_ERRORS, Kind::Counter, Unit::Count, "Upstream LLM calls that failed after their retries, by error class."),
    m(LLM_TOKENS, Kind::Counter, Unit::Count, "Tokens billed by the LLM provider, by model and kind (prompt, cached, completion)."),
    m(LLM_COST, Kind::Counter, Unit::Count, "LLM spend booked, in micro-dollars, by model."),
    m(LLM_UPSTREAM_DURATION, Kind::Histogram, Unit::Seconds, "Upstream LLM call latency (all attempts), by model."),
    m(LLM_QUEUE_DEPTH, Kind::Gauge, Unit::Count, "LLM conversations waiting for a slot."),
    m(LLM_IN_FLIGHT, Kind::Gauge, Unit::Count, "LLM conversations holding a slot."),
    m(LLM_QUEUE_WAIT, Kind::Histogram, Unit::Seconds, "Time an LLM conversation waited for a slot (admitted or not)."),
    m(LLM_LIMITER_WAITS, Kind::Counter, Unit::Count, "Calls the client-side LLM rate limiter held back, by outcome (it refuses rather than queues: refused)."),
    m(LLM_SHARED, Kind::Counter, Unit::Count, "LLM questions that joined an identical one already in flight instead of calling upstream."),
    m(BREAKER_STATE, Kind::Gauge, Unit::Count, "Circuit breaker state by breaker: 0 closed, 1 half-open, 2 open."),
    m(BREAKER_TRANSITIONS, Kind::Counter, Unit::Count, "Circuit breaker state changes, by breaker and the state entered."),
    m(BUDGET_SPENT, Kind::Gauge, Unit::Count, "LLM spend booked in the current period of a global budget, in micro-dollars, by scope."),
    m(BUDGET_RESERVED, Kind::Gauge, Unit::Count, "LLM spend reserved by calls in flight against a global budget, in micro-dollars, by scope."),
    m(BUDGET_CAP, Kind::Gauge, Unit::Count, "The cap of a global budget, in micro-dollars, by scope."),
    m(LIMIT_REJECTIONS, Kind::Counter, Unit::Count, "Requests refused by a principal's plan limits, by plan and kind (rate, quota, concurrency)."),
    m(AUTH_FAILURES, Kind::Counter, Unit::Count, "Requests whose credential was refused, by reason (unauthorized, blocked, locked_out, unavailable)."),
    m(CACHE_HITS, Kind::Counter, Unit::Count, "Answer cache lookups that found an answer."),
    m(CACHE_MISSES, Kind::Counter, Unit::Count, "Answer cache lookups that found nothing."),
    m(CACHE_ENTRIES, Kind::Gauge, Unit::Count, "Answers held in the answer cache."),
    m(CACHE_BYTES, Kind::Gauge, Unit::Bytes, "Weighted size of the answer cache."),
    m(CACHE_EVICTIONS, Kind::Counter, Unit::Count, "Answers removed from the cache other than by replacement, by cause (size, expired, explicit)."),
    m(APP_DB_COMMIT_DURATION, Kind::Histogram, Unit::Seconds, "App database write transaction latency (a group of history, ledger and audit rows)."),
    m(APP_DB_COMMIT_ROWS, Kind::Histogram, Unit::Count, "Rows written per app database commit (group-commit size)."),
    m(APP_DB_SLOW_COMMITS, Kind::Counter, Unit::Count, "App database commits that took longer than 100 ms."),
    m(APP_DB_WAL_BYTES, Kind::Gauge, Unit::Bytes, "Size of the app database's write-ahead log file."),
    m(APP_DB_BYTES, Kind::Gauge, Unit::Bytes, "Size of the app database file."),
    m(APP_DB_ROWS, Kind::Gauge, Unit::Count, "Rows in the app database's growing tables, by table (sampled every 60 s)."),
    m(F1_POOL_IN_USE, Kind::Gauge, Unit::Count, "F1 read connections checked out now."),
    m(F1_POOL_WAITS, Kind::Counter, Unit::Count, "F1 read checkouts that found no idle connection (a new one was opened, or the request was refused at the cap)."),
    m(F1_GENERATION, Kind::Gauge, Unit::Count, "Generation of the F1 data served (bumped by each import)."),
    m(F1_LAST_RACE, Kind::Gauge, Unit::Seconds, "Date of the last race in the F1 data, as a Unix timestamp."),
    m(BACKUP_LAST_SUCCESS, Kind::Gauge, Unit::Seconds, "When the last successful backup of the app database was taken, as a Unix timestamp (absent until one exists)."),
    m(BACKUP_LAST_RESULT, Kind::Gauge, Unit::Count, "Outcome of the last scheduled backup: 1 ok, 0 failed (absent until one ran)."),
    m(BACKUP_INTERVAL, Kind::Gauge, Unit::Seconds, "Time between scheduled backups (PITWALL_BACKUP_INTERVAL); absent when scheduled backups are off."),
    m(UPTIME, Kind::Gauge, Unit::Seconds, "Seconds since the process started serving."),
    m(BUILD_INFO, Kind::Gauge, Unit::Count, "Always 1; its labels name the version, git sha and app schema version."),
    m(TOKIO_WORKERS, Kind::Gauge, Unit::Count, "Tokio worker threads."),
    m(TOKIO_ALIVE_TASKS, Kind::Gauge, Unit::Count, "Tokio tasks alive."),
];

const fn m(name: &'static str, kind: Kind, unit: Unit, help: &'static str) -> Metric {
    Metric {
        name,
        kind,
        unit,
        help,
    }
}
