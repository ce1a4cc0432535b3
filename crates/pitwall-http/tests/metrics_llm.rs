//! The LLM, cache, budget, limit and load-shedding metric families: known
//! traffic through the LLM stand-in, then the expected deltas in a scrape.
//! The recorder is process-global, so these tests take turns (`TURN`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::admin::{admin_ok, call, user_with_key, ADMIN};
use common::scrape::Scrape;
use common::{spawn_app_with, TestApp};
use pitwall_llm_standin::{spawn, Behaviour, StandinHandle};
use serde_json::{json, Value};

static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const LLM_QUESTION: &str = "what is the average lap count in races won by drivers from Finland?";

async fn llm_app(standin: &StandinHandle, extra: &[(&str, &str)]) -> TestApp {
    let base_url = standin.base_url();
    let mut env = vec![
        ("OPENAI_API_KEY", "test-llm-key-metrics"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
        ("PITWALL_LLM_RETRY_BASE_MS", "1"),
        ("PITWALL_BUDGET_DAILY_USD", "7"),
    ];
    env.extend_from_slice(extra);
    spawn_app_with(&env).await
}

async fn ask(t: &TestApp, question: &str) -> Value {
    let r = t.ask(question).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn llm_calls_tokens_cost_cache_and_budgets() {
    let _turn = TURN.lock().await;
    let standin = spawn(Behaviour::Ok).await;
    let t = llm_app(&standin, &[]).await;
    let before = Scrape::of(&t).await;
    assert_eq!(ask(&t, LLM_QUESTION).await["source"], "llm");
    assert_eq!(ask(&t, LLM_QUESTION).await["source"], "cache");
    let after = Scrape::of(&t).await;
    let d = |name: &str, labels: &[(&str, &str)]| after.delta(&before, name, labels);
    let calls = standin.request_count() as f64;
    assert!(calls >= 2.0, "a tool call and a final answer");
    assert_eq!(d("pitwall_llm_requests_total", &[("outcome", "ok")]), calls);
    assert_eq!(d("pitwall_llm_upstream_duration_seconds_count", &[]), calls);
    assert!(d("pitwall_llm_tokens_total", &[("kind", "prompt")]) > 0.0);
    assert!(d("pitwall_llm_tokens_total", &[("kind", "completion")]) > 0.0);
    let cost = d("pitwall_llm_cost_micros_total", &[]);
    assert!(cost > 0.0);
    assert_eq!(d("pitwall_llm_queue_wait_seconds_count", &[]), 1.0);
    assert_eq!(d("pitwall_answers_total", &[("source", "llm")]), 1.0);
    assert_eq!(d("pitwall_answers_total", &[("source", "cache")]), 1.0);
    assert_eq!(d("pitwall_answer_intents_total", &[("intent", "llm")]), 2.0);
    assert_eq!(d("pitwall_cache_misses_total", &[]), 1.0);
    assert_eq!(d("pitwall_cache_hits_total", &[]), 1.0);
    assert!(after.sum("pitwall_cache_entries", &[]) >= 1.0);
    assert!(after.sum("pitwall_cache_bytes", &[]) > 0.0);
    // This server's budget: its cap, and at least this run's spend.
    let daily = [("scope", "global_daily")];
    assert_eq!(after.sum("pitwall_budget_cap_micros", &daily), 7_000_000.0);
    assert!(after.sum("pitwall_budget_spent_micros", &daily) >= cost);
    assert_eq!(after.sum("pitwall_budget_reserved_micros", &daily), 0.0);
    assert!(after.has("pitwall_llm_queue_depth") && after.has("pitwall_llm_in_flight"));
    // Per-user budgets are never labels.
    assert!(!after.0.contains("user_daily"));
}

#[tokio::test]
async fn retries_errors_and_breaker_transitions() {
    let _turn = TURN.lock().await;
    let standin = spawn(Behaviour::Ok).await;
    let t = llm_app(
        &standin,
        &[
            ("PITWALL_LLM_MAX_ATTEMPTS", "2"),
            ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "2"),
            ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "60000"),
        ],
    )
    .await;
    let before = Scrape::of(&t).await;
    // One 500, then the retry succeeds.
    standin.push(Behaviour::status(500));
    assert_eq!(ask(&t, LLM_QUESTION).await["source"], "llm");
    let mid = Scrape::of(&t).await;
    let retried = [("cause", "upstream_status")];
    assert_eq!(
        mid.delta(&before, "pitwall_llm_retries_total", &retried),
        1.0
    );
    // Every attempt fails: errors by class, fallbacks, and the breaker opens.
    standin.set_default(Behaviour::status(500));
    for q in [
        "races won by drivers from Brazil?",
        "races won by drivers from Spain?",
    ] {
        let r = ask(&t, &format!("what is the average lap count in {q}")).await;
        assert_eq!(r["reason"], "upstream_unavailable", "{r}");
    }
    let after = Scrape::of(&t).await;
    let d = |name: &str, labels: &[(&str, &str)]| after.delta(&mid, name, labels);
    assert_eq!(
        d("pitwall_llm_errors_total", &[("class", "upstream_status")]),
        2.0
    );
    assert_eq!(
        d("pitwall_llm_requests_total", &[("outcome", "error")]),
        2.0
    );
    assert_eq!(
        d(
            "pitwall_answer_fallbacks_total",
            &[("reason", "upstream_unavailable")]
        ),
        2.0
    );
    let opened = [("breaker", "llm"), ("to", "open")];
    assert_eq!(d("pitwall_breaker_transitions_total", &opened), 1.0);
    assert_eq!(
        after.sum("pitwall_breaker_state", &[("breaker", "llm")]),
        2.0
    );
}

#[tokio::test]
async fn limiter_refusals_singleflight_joins_and_load_shedding() {
    let _turn = TURN.lock().await;
    let standin = spawn(Behaviour::Ok).await;
    standin.set_latency(Duration::from_millis(1500));
    let t = llm_app(&standin, &[("PITWALL_MAX_IN_FLIGHT", "2")]).await;
    let before = Scrape::of(&t).await;
    // Two identical questions at once: one upstream conversation. A third
    // question while both are in flight is shed.
    let (a, b, c) = tokio::join!(t.ask(LLM_QUESTION), t.ask(LLM_QUESTION), async {
        // Once the conversation is upstream, both questions hold a slot
        // (the second waits on the first's answer).
        while standin.request_count() == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        t.ask("Who won the 2021 Abu Dhabi Grand Prix?").await
    });
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    assert_eq!(c.status(), 503);
    let after = Scrape::of(&t).await;
    let d = |name: &str, labels: &[(&str, &str)]| after.delta(&before, name, labels);
    assert_eq!(d("pitwall_llm_singleflight_joins_total", &[]), 1.0);
    assert_eq!(
        d("pitwall_load_shed_total", &[("reason", "overloaded")]),
        1.0
    );
    assert_eq!(
        d(
            "pitwall_http_requests_total",
            &[("route", "/v1/ask"), ("status", "5xx")]
        ),
        1.0
    );

    // One upstream request a minute: the conversation's second call is refused.
    let limited = spawn(Behaviour::Ok).await;
    let t = llm_app(&limited, &[("PITWALL_LLM_RPM", "1")]).await;
    let before = Scrape::of(&t).await;
    let r = ask(
        &t,
        "what is the average lap count in races won by drivers from Italy?",
    )
    .await;
    assert_eq!(r["reason"], "rate_limited", "{r}");
    let after = Scrape::of(&t).await;
    let refused = [("outcome", "refused")];
    assert_eq!(
        after.delta(&before, "pitwall_llm_limiter_waits_total", &refused),
        1.0
    );
}

#[tokio::test]
async fn plan_rejections_and_auth_failures() {
    let _turn = TURN.lock().await;
    let t = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "p-metrics-llm"),
    ])
    .await;
    let limits = json!({"requests_per_minute": 1, "requests_per_day": 1000, "llm_questions_per_day": 0,
        "llm_usd_per_day": 0.0, "max_concurrent": 10, "history_retention_days": 0});
    admin_ok(&t, "PUT", "/v1/admin/plans/one-a-minute", limits).await;
    let key = user_with_key(&t, "zeta-user-77", "one-a-minute").await;
    let before = Scrape::of(&t).await;
    let body = json!({"question": "Who won the 2021 Abu Dhabi Grand Prix?"});
    let (first, _) = call(&t, "POST", "/v1/ask", Some(&key), Some(body.clone())).await;
    let (second, _) = call(&t, "POST", "/v1/ask", Some(&key), Some(body)).await;
    assert_eq!((first, second), (200, 429));
    let (bad, _) = call(&t, "GET", "/v1/history", Some("not-a-key"), None).await;
    assert_eq!(bad, 401);
    let after = Scrape::of(&t).await;
    let d = |name: &str, labels: &[(&str, &str)]| after.delta(&before, name, labels);
    let rate = [("plan", "one-a-minute"), ("kind", "rate")];
    assert_eq!(d("pitwall_limit_rejections_total", &rate), 1.0);
    assert_eq!(
        d("pitwall_auth_failures_total", &[("reason", "unauthorized")]),
        1.0
    );
    // Plans are labels; users and keys never are.
    assert!(
        !after.0.contains("zeta-user-77"),
        "a user name leaked into a label"
    );
}
