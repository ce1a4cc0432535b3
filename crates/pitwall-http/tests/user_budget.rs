//! A principal's own LLM allowance (its plan's questions and $ per day):
//! once spent, it still gets local and cached answers, with the fallback
//! reason `user_budget_exhausted`, while others keep theirs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{admin_ok, call, user_with_key, ADMIN};
use common::{spawn_app_with, TestApp};
use pitwall_llm_standin::{spawn, Behaviour};
use serde_json::{json, Value};

const LLM_QUESTION: &str = "what is the average lap count in races won by drivers from Finland?";
const OTHER_LLM_QUESTION: &str =
    "what is the average lap count in races won by drivers from Brazil?";
const LOCAL_QUESTION: &str = "Who won the 2021 Abu Dhabi Grand Prix?";

async fn ask(t: &TestApp, key: &str, question: &str) -> Value {
    let body = json!({ "question": question });
    let (status, out) = call(t, "POST", "/v1/ask", Some(key), Some(body)).await;
    assert_eq!(status, 200, "{out}");
    out
}

fn plan(llm_questions: u32, usd: f64) -> Value {
    json!({"requests_per_minute": 1000, "requests_per_day": 1000, "llm_questions_per_day": llm_questions,
        "llm_usd_per_day": usd, "max_concurrent": 10, "history_retention_days": 0})
}

#[tokio::test]
async fn a_spent_user_gets_local_and_cached_answers_with_user_budget_exhausted() {
    let standin = spawn(Behaviour::Ok).await;
    let base_url = standin.base_url();
    let t = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "pepper-user-budget"),
        ("OPENAI_API_KEY", "test-llm-key-user-budget"),
        ("PITWALL_LLM_BASE_URL", &base_url),
    ])
    .await;
    admin_ok(&t, "PUT", "/v1/admin/plans/one-question", plan(1, 1.0)).await;
    admin_ok(&t, "PUT", "/v1/admin/plans/no-money", plan(100, 0.0)).await;
    let one = user_with_key(&t, "one-question", "one-question").await;
    let broke = user_with_key(&t, "no-money", "no-money").await;
    let other = user_with_key(&t, "free", "free").await;

    let first = ask(&t, &one, LLM_QUESTION).await;
    assert_eq!(first["source"], "llm", "{first}");
    let second = ask(&t, &one, OTHER_LLM_QUESTION).await;
    assert_eq!(second["source"], "fallback", "{second}");
    assert_eq!(second["reason"], "user_budget_exhausted");
    assert!(
        second["answer"]
            .as_str()
            .unwrap()
            .contains("your AI answers for today"),
        "{second}"
    );
    let local = ask(&t, &one, LOCAL_QUESTION).await;
    assert_eq!(local["source"], "local", "local answers still work");
    let cached = ask(&t, &one, LLM_QUESTION).await;
    assert_eq!(
        cached["source"], "cache",
        "cached answers still work: {cached}"
    );

    let calls = standin.request_count();
    let refused = ask(&t, &broke, OTHER_LLM_QUESTION).await;
    assert_eq!(
        refused["reason"], "user_budget_exhausted",
        "a $0 plan: {refused}"
    );
    assert_eq!(
        standin.request_count(),
        calls,
        "no call over the user's budget"
    );
    let fine = ask(&t, &other, OTHER_LLM_QUESTION).await;
    assert_eq!(fine["source"], "llm", "others keep theirs: {fine}");
}
