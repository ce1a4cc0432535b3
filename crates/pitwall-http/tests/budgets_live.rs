//! The global LLM budget caps as a live lever: `GET|PUT|DELETE
//! /v1/admin/budgets` shows every budget against its spend, changes the
//! caps for the very next LLM call, keeps the change across a restart, and
//! resets to the configured caps; every change is audited.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{call, ADMIN};
use common::{f1_db, spawn_app_in, TestApp};
use pitwall_llm_standin::{spawn, Behaviour};
use serde_json::{json, Value};

const LLM_QUESTIONS: [&str; 3] = [
    "what is the average lap count in races won by drivers from Finland?",
    "what is the average lap count in races won by drivers from Brazil?",
    "what is the average lap count in races won by drivers from Spain?",
];

async fn ask(t: &TestApp, question: &str) -> Value {
    let (status, body) = call(
        t,
        "POST",
        "/v1/ask",
        None,
        Some(json!({ "question": question })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn budgets(t: &TestApp, method: &str, body: Option<Value>) -> Value {
    let (status, view) = call(t, method, "/v1/admin/budgets", Some(ADMIN), body).await;
    assert_eq!(status, 200, "{method}: {view}");
    view
}

fn caps(daily: f64) -> Value {
    json!({"daily_usd": daily, "monthly_usd": 40.0, "user_daily_usd": 0.5})
}

#[tokio::test]
async fn caps_change_live_survive_a_restart_and_reset_to_the_configured_ones() {
    let standin = spawn(Behaviour::Ok).await;
    let base_url = standin.base_url();
    let data = tempfile::tempdir().unwrap();
    let env = [
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "pepper-budgets-live"),
        ("OPENAI_API_KEY", "test-key-budgets-live"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
        ("PITWALL_BUDGET_DAILY_USD", "5"),
    ];
    let t = spawn_app_in(f1_db(), data.path(), &env).await;

    let view = budgets(&t, "GET", None).await;
    assert_eq!(view["source"], "config", "{view}");
    assert!(view["stored"].is_null(), "{view}");
    assert_eq!(view["caps"]["daily_usd"], 5.0);
    assert_eq!(view["configured"]["monthly_usd"], 50.0);
    assert_eq!(
        view["global"][0]["scope"]["scope"], "global_daily",
        "{view}"
    );
    assert!(
        view["plans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["plan"] == "anonymous"),
        "{view}"
    );

    // A cap of zero refuses the very next LLM call, without calling out.
    let view = budgets(&t, "PUT", Some(caps(0.0))).await;
    assert_eq!(view["source"], "stored");
    assert_eq!(view["caps"], caps(0.0));
    assert_eq!(view["stored"], caps(0.0));
    assert_eq!(view["global"][0]["cap"], 0, "{view}");
    let refused = ask(&t, LLM_QUESTIONS[0]).await;
    assert_eq!(refused["source"], "fallback", "{refused}");
    assert_eq!(refused["reason"], "budget_exhausted", "{refused}");
    assert_eq!(standin.request_count(), 0);

    // Kept across a restart on the same app database, and still enforced.
    drop(t);
    let t = spawn_app_in(f1_db(), data.path(), &env).await;
    let view = budgets(&t, "GET", None).await;
    assert_eq!(view["source"], "stored", "{view}");
    assert_eq!(view["caps"], caps(0.0));
    let still = ask(&t, LLM_QUESTIONS[1]).await;
    assert_eq!(still["reason"], "budget_exhausted", "{still}");
    assert_eq!(standin.request_count(), 0);

    // Raised: admitted at once.
    budgets(&t, "PUT", Some(caps(2.0))).await;
    let admitted = ask(&t, LLM_QUESTIONS[1]).await;
    assert_eq!(admitted["source"], "llm", "{admitted}");
    assert!(standin.request_count() > 0);
    let view = budgets(&t, "GET", None).await;
    assert!(
        view["global"][0]["spent"].as_i64().unwrap() > 0,
        "spend is shown against the cap: {view}"
    );

    // Reset: the configured caps, now and after a restart.
    let view = budgets(&t, "DELETE", None).await;
    assert_eq!(view["source"], "config");
    assert!(view["stored"].is_null(), "{view}");
    assert_eq!(view["caps"]["daily_usd"], 5.0);
    drop(t);
    let t = spawn_app_in(f1_db(), data.path(), &env).await;
    assert_eq!(budgets(&t, "GET", None).await["source"], "config");
    assert_eq!(ask(&t, LLM_QUESTIONS[2]).await["source"], "llm");

    // Every change is in the audit log with before and after.
    let (_, audit) = call(&t, "GET", "/v1/admin/audit", Some(ADMIN), None).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["action"].as_str())
        .filter(|a| a.starts_with("budget."))
        .collect();
    assert_eq!(actions, ["budget.reset", "budget.set", "budget.set"]);
}

#[tokio::test]
async fn bad_caps_are_refused_and_change_nothing() {
    let data = tempfile::tempdir().unwrap();
    let t = spawn_app_in(f1_db(), data.path(), &[("PITWALL_ADMIN_TOKEN", ADMIN)]).await;
    for bad in [
        json!({"daily_usd": -1.0, "monthly_usd": 40.0, "user_daily_usd": 0.5}),
        json!({"daily_usd": 1e9, "monthly_usd": 40.0, "user_daily_usd": 0.5}),
        json!({"daily_usd": 1.0, "monthly_usd": 40.0}),
        json!({"daily_usd": 1.0, "monthly_usd": 40.0, "user_daily_usd": 0.5, "extra": 1}),
        json!({"daily_usd": "1", "monthly_usd": 40.0, "user_daily_usd": 0.5}),
    ] {
        let (status, problem) = call(
            &t,
            "PUT",
            "/v1/admin/budgets",
            Some(ADMIN),
            Some(bad.clone()),
        )
        .await;
        assert_eq!(status, 400, "{bad}: {problem}");
    }
    let view = budgets(&t, "GET", None).await;
    assert_eq!(view["source"], "config", "{view}");
    assert_eq!(view["caps"], view["configured"]);
}
