//! Every numeric setting at either end of its valid range builds a working
//! app: nothing downstream of the configuration (the semaphores, the LLM
//! queue, limiter, breaker, deadline arithmetic, retention) panics or
//! overflows on a value the configuration accepts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ask, build_app, llm_env, with, LLM_QUESTIONS, LOCAL_QUESTION};
use pitwall_llm_standin::{spawn, Behaviour};

/// Each numeric variable at the top of its range (see `pitwall-config`).
const MAXIMA: &[(&str, &str)] = &[
    ("PITWALL_SHUTDOWN_GRACE_SECS", "3600"),
    ("PITWALL_HISTORY_RETENTION_DAYS", "36500"),
    ("PITWALL_MAX_IN_FLIGHT", "1000000"),
    ("PITWALL_LLM_MAX_TOKENS", "1000000"),
    ("PITWALL_LLM_RPM", "1000000000"),
    ("PITWALL_LLM_TPM", "1000000000000"),
    ("PITWALL_LLM_MAX_CONCURRENCY", "100000"),
    ("PITWALL_LLM_QUEUE_SIZE", "1000000"),
    ("PITWALL_LLM_QUEUE_WAIT_MS", "600000"),
    ("PITWALL_LLM_DEADLINE_MS", "600000"),
    ("PITWALL_LLM_ATTEMPT_TIMEOUT_MS", "600000"),
    ("PITWALL_LLM_MAX_ATTEMPTS", "10"),
    ("PITWALL_LLM_RETRY_BASE_MS", "60000"),
    ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "1000000"),
    ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "3600000"),
    ("PITWALL_BUDGET_DAILY_USD", "1000000"),
    ("PITWALL_BUDGET_MONTHLY_USD", "1000000"),
    ("PITWALL_BUDGET_USER_DAILY_USD", "1000000"),
];

/// Each numeric variable at the bottom of its range.
const MINIMA: &[(&str, &str)] = &[
    ("PITWALL_SHUTDOWN_GRACE_SECS", "0"),
    ("PITWALL_HISTORY_RETENTION_DAYS", "0"),
    ("PITWALL_MAX_IN_FLIGHT", "1"),
    ("PITWALL_LLM_MAX_TOKENS", "1"),
    ("PITWALL_LLM_RPM", "1"),
    ("PITWALL_LLM_TPM", "1"),
    ("PITWALL_LLM_MAX_CONCURRENCY", "1"),
    ("PITWALL_LLM_QUEUE_SIZE", "0"),
    ("PITWALL_LLM_QUEUE_WAIT_MS", "1"),
    ("PITWALL_LLM_DEADLINE_MS", "1"),
    ("PITWALL_LLM_ATTEMPT_TIMEOUT_MS", "1"),
    ("PITWALL_LLM_MAX_ATTEMPTS", "1"),
    ("PITWALL_LLM_RETRY_BASE_MS", "0"),
    ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "1"),
    ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "1"),
    ("PITWALL_BUDGET_DAILY_USD", "0"),
    ("PITWALL_BUDGET_MONTHLY_USD", "0"),
    ("PITWALL_BUDGET_USER_DAILY_USD", "0"),
];

#[tokio::test]
async fn every_setting_at_its_maximum_builds_an_app_that_answers() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(with(llm_env(&standin.base_url()), MAXIMA)).await;
    let config = &t.app.config.llm;
    assert_eq!(config.max_concurrency, 100_000);
    assert_eq!(config.deadline.as_millis(), 600_000);

    let local = ask(&t.app, LOCAL_QUESTION).await;
    assert_eq!(local.source, "local", "{local:?}");
    // Through the queue, breaker, budget (a million-token reservation),
    // limiter and a ten-minute deadline.
    let llm = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(llm.source, "llm", "{llm:?}");
    assert_eq!(llm.status, "answered");
    // A century of retention: the cutoff is computed and nothing is old enough.
    assert_eq!(t.app.prune_history().await.unwrap(), 0);
    let status = t.app.llm().status().await;
    assert!(status.configured && status.breaker.is_some(), "{status:?}");
}

#[tokio::test]
async fn every_setting_at_its_minimum_builds_an_app_that_falls_back() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(with(llm_env(&standin.base_url()), MINIMA)).await;

    let local = ask(&t.app, LOCAL_QUESTION).await;
    assert_eq!(local.source, "local", "{local:?}");
    // Zero budgets refuse the call before it is made: a fallback, not a panic.
    let llm = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(llm.source, "fallback", "{llm:?}");
    assert_eq!(llm.reason.as_deref(), Some("budget_exhausted"), "{llm:?}");
    assert_eq!(standin.request_count(), 0);
}
