//! Built-in alert rules, one test per rule: drive the condition with real
//! traffic (the LLM stand-in, forced panics, load), see the alert fire once,
//! clear the condition, see it resolve, through `GET /v1/admin/alerts` and
//! the webhook.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "../../pitwall-app/tests/common/webhook.rs"]
mod webhook;

use std::io::Write;
use std::time::Duration;

use common::admin::{admin_ok, call, ADMIN};
use common::{spawn_app_with, TestApp};
use pitwall_app::alerts::Transition;
use pitwall_llm_standin::{spawn, Behaviour};
use serde_json::{json, Value};
use webhook::WebhookReceiver;

const LLM_QUESTION: &str = "what is the average lap count in races won by drivers from Finland?";

/// A server with `[alerts]` thresholds from `toml` (a short window, so a
/// condition clears within the test) and `env` on top.
async fn app_with(toml: &str, env: &[(&str, &str)]) -> (TestApp, tempfile::NamedTempFile) {
    app_in(None, toml, env).await
}

/// As [`app_with`], with the app database in `data` (a restart reuses it).
async fn app_in(
    data: Option<&std::path::Path>,
    toml: &str,
    env: &[(&str, &str)],
) -> (TestApp, tempfile::NamedTempFile) {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        file,
        "[alerts]\nwindow_secs = 0.6\nmin_requests = 3\n{toml}"
    )
    .unwrap();
    let path = file.path().to_str().unwrap().to_string();
    let mut all = vec![
        ("PITWALL_CONFIG", path.as_str()),
        ("PITWALL_ADMIN_TOKEN", ADMIN),
    ];
    all.extend_from_slice(env);
    let t = match data {
        Some(dir) => common::spawn_app_in(common::f1_db(), dir, &all).await,
        None => spawn_app_with(&all).await,
    };
    (t, file)
}

/// A server whose LLM is the stand-in at `base`, with `extra` settings.
async fn llm_app(base: &str, extra: &[(&str, &str)]) -> (TestApp, tempfile::NamedTempFile) {
    let mut env = vec![
        ("OPENAI_API_KEY", "test-llm-key-alerts"),
        ("PITWALL_LLM_BASE_URL", base),
    ];
    env.extend_from_slice(extra);
    app_with("", &env).await
}

async fn listed(t: &TestApp, state: &str) -> Vec<Value> {
    let (status, body) = call(
        t,
        "GET",
        &format!("/v1/admin/alerts?state={state}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().unwrap().clone()
}

fn rules(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|a| a["rule"].as_str().unwrap().to_string())
        .collect()
}

async fn evaluate(t: &TestApp) -> Vec<Transition> {
    t.app.evaluate_alerts().await.unwrap()
}

/// Waits until the short window has passed.
async fn window_passes() {
    tokio::time::sleep(Duration::from_millis(2200)).await;
}

#[tokio::test]
async fn error_rate_fires_once_posts_and_resolves() {
    let hook = WebhookReceiver::start().await;
    pitwall_http::routes::test_only::enable();
    let (t, _f) = app_with("", &[("PITWALL_ALERT_WEBHOOK_URL", &hook.url)]).await;
    assert_eq!(evaluate(&t).await, vec![]);
    for _ in 0..4 {
        let r = t
            .client
            .post(format!("{}/test/panic", t.base))
            .json(&json!({"question": "boom"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 500);
    }
    assert!(evaluate(&t)
        .await
        .contains(&Transition::Fired("error_rate")));
    // Still firing: no second alert.
    assert!(!evaluate(&t)
        .await
        .contains(&Transition::Fired("error_rate")));
    let firing = listed(&t, "firing").await;
    assert_eq!(
        rules(&firing).iter().filter(|r| *r == "error_rate").count(),
        1,
        "{firing:?}"
    );
    let alert = firing.iter().find(|a| a["rule"] == "error_rate").unwrap();
    assert_eq!(alert["severity"], "critical");
    assert!(
        alert["detail"].as_str().unwrap().contains("of 4 requests"),
        "{alert}"
    );
    assert!(alert["resolved_at"].is_null());

    window_passes().await;
    assert!(evaluate(&t)
        .await
        .contains(&Transition::Resolved("error_rate".into())));
    let resolved = listed(&t, "resolved").await;
    let alert = resolved.iter().find(|a| a["rule"] == "error_rate").unwrap();
    assert!(alert["resolved_at"].is_string());
    assert!(!rules(&listed(&t, "firing").await).contains(&"error_rate".to_string()));
    // The webhook heard both the alert and its resolution.
    for _ in 0..50 {
        if hook.bodies().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let bodies = hook.bodies().join("\n");
    assert!(
        bodies.contains("FIRING [critical]") && bodies.contains("RESOLVED"),
        "{bodies}"
    );
}

#[tokio::test]
async fn ask_latency_and_fallback_rate_fire_and_resolve() {
    // An SLO no answer can meet, and no LLM: every unanswerable question falls back.
    let (t, _f) = app_with("ask_p95_ms = 0.0001", &[]).await;
    for _ in 0..3 {
        t.ask("Who won the 2019 Italian Grand Prix in wet conditions on a Tuesday?")
            .await;
    }
    let fired = evaluate(&t).await;
    assert!(
        fired.contains(&Transition::Fired("ask_latency")),
        "{fired:?}"
    );
    assert!(
        fired.contains(&Transition::Fired("fallback_rate")),
        "{fired:?}"
    );
    let firing = listed(&t, "firing").await;
    let fallback = firing
        .iter()
        .find(|a| a["rule"] == "fallback_rate")
        .unwrap();
    assert!(
        fallback["detail"]
            .as_str()
            .unwrap()
            .starts_with("100.0 % of 3 answers"),
        "{fallback}"
    );
    window_passes().await;
    let resolved = evaluate(&t).await;
    assert!(
        resolved.contains(&Transition::Resolved("ask_latency".into())),
        "{resolved:?}"
    );
    assert!(
        resolved.contains(&Transition::Resolved("fallback_rate".into())),
        "{resolved:?}"
    );
}

#[tokio::test]
async fn breaker_open_fires_and_resolves_when_the_upstream_recovers() {
    let standin = spawn(Behaviour::status(500)).await;
    let base = standin.base_url();
    let (t, _f) = llm_app(
        &base,
        &[
            ("PITWALL_LLM_MAX_ATTEMPTS", "1"),
            ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "2"),
            ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "3000"),
        ],
    )
    .await;
    for country in ["Brazil", "Spain"] {
        t.ask(&format!(
            "what is the average lap count in races won by drivers from {country}?"
        ))
        .await;
    }
    assert!(evaluate(&t)
        .await
        .contains(&Transition::Fired("breaker_open")));
    standin.set_default(Behaviour::Ok);
    tokio::time::sleep(Duration::from_millis(3100)).await;
    // Half-open after the cooldown: a probe, not a recovery; still firing.
    let probing = evaluate(&t).await;
    assert!(
        !probing.contains(&Transition::Resolved("breaker_open".into())),
        "{probing:?}"
    );
    let r: Value = t.ask(LLM_QUESTION).await.json().await.unwrap();
    assert_eq!(r["source"], "llm", "the half-open probe succeeds: {r}");
    assert!(evaluate(&t)
        .await
        .contains(&Transition::Resolved("breaker_open".into())));
}

#[tokio::test]
async fn cost_burn_fires_when_the_hour_projects_over_the_month() {
    let standin = spawn(Behaviour::Ok).await;
    let base = standin.base_url();
    let (t, _f) = llm_app(&base, &[("PITWALL_BUDGET_MONTHLY_USD", "0.01")]).await;
    assert!(!evaluate(&t).await.contains(&Transition::Fired("cost_burn")));
    let r: Value = t.ask(LLM_QUESTION).await.json().await.unwrap();
    assert_eq!(r["source"], "llm", "{r}");
    assert!(evaluate(&t).await.contains(&Transition::Fired("cost_burn")));
    let firing = listed(&t, "firing").await;
    let burn = firing.iter().find(|a| a["rule"] == "cost_burn").unwrap();
    assert!(
        burn["detail"]
            .as_str()
            .unwrap()
            .contains("monthly cap 10000 µ$"),
        "{burn}"
    );
}

#[tokio::test]
async fn load_shedding_fires_and_resolves() {
    let standin = spawn(Behaviour::Ok).await;
    standin.set_latency(Duration::from_millis(800));
    let base = standin.base_url();
    let (t, _f) = llm_app(&base, &[("PITWALL_MAX_IN_FLIGHT", "1")]).await;
    // The window is short: evaluate as soon as the shed answer is in.
    let (slow, (shed, fired)) = tokio::join!(t.ask(LLM_QUESTION), async {
        // Once the slow question is upstream, it holds the only slot.
        while standin.request_count() == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let shed = t.ask("Who won the 2021 Abu Dhabi Grand Prix?").await;
        (shed, evaluate(&t).await)
    });
    assert_eq!((slow.status().as_u16(), shed.status().as_u16()), (200, 503));
    assert!(
        fired.contains(&Transition::Fired("load_shedding")),
        "{fired:?}"
    );
    window_passes().await;
    assert!(evaluate(&t)
        .await
        .contains(&Transition::Resolved("load_shedding".into())));
}

#[tokio::test]
async fn storage_rules_fire_on_their_thresholds() {
    // Limits nothing passes: a 1-byte database, a floor of 100 % free disk.
    let (t, _f) = app_with("db_max_bytes = 1\ndisk_free_percent = 100", &[]).await;
    let fired = evaluate(&t).await;
    assert!(fired.contains(&Transition::Fired("db_size")), "{fired:?}");
    assert!(fired.contains(&Transition::Fired("disk_free")), "{fired:?}");
    // And with the defaults, a fresh test database passes both.
    let (calm, _g) = app_with("", &[]).await;
    let fired = evaluate(&calm).await;
    assert!(
        !fired.contains(&Transition::Fired("db_size"))
            && !fired.contains(&Transition::Fired("disk_free")),
        "{fired:?}"
    );
}

#[tokio::test]
async fn budget_alerts_share_the_model_and_resolve_when_the_cap_is_raised() {
    let standin = spawn(Behaviour::Ok).await;
    let base = standin.base_url();
    let (t, _f) = llm_app(&base, &[("PITWALL_BUDGET_DAILY_USD", "0.0008")]).await;
    t.ask(LLM_QUESTION).await;
    let mut firing = Vec::new();
    for _ in 0..50 {
        firing = listed(&t, "firing").await;
        if rules(&firing).contains(&"budget_threshold".to_string()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let budget = firing
        .iter()
        .find(|a| a["rule"] == "budget_threshold")
        .expect("a threshold crossed");
    assert_eq!(budget["scope"], "global_daily");
    admin_ok(
        &t,
        "PUT",
        "/v1/admin/budgets",
        json!({"daily_usd": 100.0, "monthly_usd": 100.0, "user_daily_usd": 1.0}),
    )
    .await;
    let changes = evaluate(&t).await;
    assert!(
        changes.contains(&Transition::Resolved(
            "budget_threshold:global_daily".into()
        )),
        "{changes:?}"
    );
    assert!(!rules(&listed(&t, "firing").await).contains(&"budget_threshold".to_string()));
}

#[tokio::test]
async fn a_restart_neither_repeats_nor_forgets_a_firing_alert() {
    let data = tempfile::tempdir().unwrap();
    let dir = Some(data.path());
    let (t, _f) = app_in(dir, "db_max_bytes = 1", &[]).await;
    assert!(evaluate(&t).await.contains(&Transition::Fired("db_size")));
    drop(t);
    let (again, _g) = app_in(dir, "db_max_bytes = 1", &[]).await;
    assert!(!evaluate(&again)
        .await
        .contains(&Transition::Fired("db_size")));
    let firing = listed(&again, "firing").await;
    assert_eq!(rules(&firing).iter().filter(|r| *r == "db_size").count(), 1);
    drop(again);
    let (relaxed, _h) = app_in(dir, "", &[]).await;
    assert!(evaluate(&relaxed)
        .await
        .contains(&Transition::Resolved("db_size".into())));
}

#[tokio::test]
async fn bad_queries_are_refused_and_non_admins_too() {
    let (t, _f) = app_with("", &[]).await;
    let (status, _) = call(&t, "GET", "/v1/admin/alerts?state=open", Some(ADMIN), None).await;
    assert_eq!(status, 400);
    let (status, _) = call(&t, "GET", "/v1/admin/alerts?limit=0", Some(ADMIN), None).await;
    assert_eq!(status, 400);
    let (status, _) = call(&t, "GET", "/v1/admin/alerts", None, None).await;
    assert_eq!(status, 401);
}
