//! The stand-in over real HTTP: the default conversation and every fault's status, headers, body.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

use pitwall_llm_standin::{spawn, Behaviour, RateLimitCode, DEFAULT_SQL};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn question() -> Value {
    json!({
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "You answer F1 questions."},
            {"role": "user", "content": "How many races are there?"}
        ],
        "tools": [{"type": "function", "function": {"name": "run_sql", "description": "run",
            "parameters": {"type": "object", "properties": {"sql": {"type": "string"}},
                           "required": ["sql"], "additionalProperties": false}}}],
        "tool_choice": "auto",
        "max_completion_tokens": 200
    })
}

async fn post(url: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{url}/chat/completions"))
        .bearer_auth("test-llm-key")
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn default_model_calls_run_sql_then_quotes_the_tool_result() {
    let standin = spawn(Behaviour::Ok).await;
    let first = post(&standin.base_url(), &question()).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "application/json");
    assert!(first.headers().contains_key("x-request-id"));
    assert!(first
        .headers()
        .contains_key("x-ratelimit-remaining-requests"));
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["model"], "gpt-4o-mini");
    assert!(body["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert!(body["created"].as_u64().unwrap() > 1_700_000_000);
    let choice = &body["choices"][0];
    assert_eq!(choice["finish_reason"], "tool_calls");
    assert_eq!(choice["message"]["role"], "assistant");
    assert!(choice["message"]["content"].is_null());
    let call = &choice["message"]["tool_calls"][0];
    assert_eq!(call["type"], "function");
    assert_eq!(call["function"]["name"], "run_sql");
    // `arguments` is a JSON document inside a string, as upstream sends it.
    let arguments: Value =
        serde_json::from_str(call["function"]["arguments"].as_str().unwrap()).unwrap();
    assert_eq!(arguments, json!({"sql": DEFAULT_SQL}));
    let usage = &body["usage"];
    let prompt_chars = "You answer F1 questions.How many races are there?".len() as u64;
    assert_eq!(usage["prompt_tokens"], prompt_chars.div_ceil(4));
    assert!(usage["completion_tokens"].as_u64().unwrap() > 0);
    assert_eq!(
        usage["total_tokens"].as_u64().unwrap(),
        usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap()
    );
    assert_eq!(usage["prompt_tokens_details"]["cached_tokens"], 0);

    let mut follow_up = question();
    let messages = follow_up["messages"].as_array_mut().unwrap();
    messages.push(json!({"role": "assistant", "content": null, "tool_calls": [call.clone()]}));
    messages.push(json!({"role": "tool", "tool_call_id": call["id"], "content": "races\n1125"}));
    let second = post(&standin.base_url(), &follow_up).await;
    assert_eq!(second.status(), 200);
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["choices"][0]["finish_reason"], "stop");
    let text = body["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(text.contains("1125"), "{text}");
    assert!(body["choices"][0]["message"].get("tool_calls").is_none());

    let recorded = standin.requests();
    assert_eq!(standin.request_count(), 2);
    assert_eq!(recorded[0].path, "/v1/chat/completions");
    assert_eq!(
        recorded[0].authorization.as_deref(),
        Some("Bearer test-llm-key")
    );
    assert_eq!(
        recorded[1].body.as_ref().unwrap()["messages"][3]["role"],
        "tool"
    );
    standin.shutdown().await;
}

#[tokio::test]
async fn requests_the_real_api_refuses_get_its_400s_and_401() {
    let standin = spawn(Behaviour::Ok).await;
    let mut unanswered = question();
    unanswered["messages"]
        .as_array_mut()
        .unwrap()
        .push(json!({"role": "assistant",
        "tool_calls": [{"id": "call_1", "type": "function",
                        "function": {"name": "run_sql", "arguments": "{}"}}]}));
    let response = post(&standin.base_url(), &unanswered).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("call_1"));

    let mut stray = question();
    stray["messages"]
        .as_array_mut()
        .unwrap()
        .push(json!({"role": "tool", "tool_call_id": "call_9", "content": "x"}));
    assert_eq!(post(&standin.base_url(), &stray).await.status(), 400);

    let no_key = reqwest::Client::new()
        .post(format!("{}/chat/completions", standin.base_url()))
        .json(&question())
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), 401);
    assert!(standin.requests()[2].authorization.is_none());
}

#[tokio::test]
async fn rate_limits_carry_openai_headers_and_codes() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::RateLimited {
        code: RateLimitCode::RateLimitExceeded,
        retry_after: Some("2".into()),
        retry_after_ms: Some(1500),
    });
    standin.push(Behaviour::insufficient_quota());
    let limited = post(&standin.base_url(), &question()).await;
    assert_eq!(limited.status(), 429);
    let headers = limited.headers().clone();
    assert_eq!(headers["retry-after"], "2");
    assert_eq!(headers["retry-after-ms"], "1500");
    assert_eq!(headers["x-ratelimit-remaining-requests"], "0");
    for name in [
        "x-ratelimit-limit-requests",
        "x-ratelimit-reset-requests",
        "x-ratelimit-limit-tokens",
        "x-ratelimit-remaining-tokens",
        "x-ratelimit-reset-tokens",
    ] {
        assert!(headers.contains_key(name), "{name}");
    }
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limit_exceeded");
    assert!(body["error"]["param"].is_null());

    let quota = post(&standin.base_url(), &question()).await;
    assert_eq!(quota.status(), 429);
    assert!(!quota.headers().contains_key("retry-after"));
    let body: Value = quota.json().await.unwrap();
    assert_eq!(body["error"]["code"], "insufficient_quota");
    assert_eq!(body["error"]["type"], "insufficient_quota");
    // The queue is consumed: the third request gets the default model.
    assert_eq!(post(&standin.base_url(), &question()).await.status(), 200);
}

#[tokio::test]
async fn error_statuses_have_openai_bodies_and_optional_should_retry() {
    let standin = spawn(Behaviour::Ok).await;
    for status in [500u16, 503, 408, 409, 400, 401, 403, 404, 422] {
        standin.push(Behaviour::Status {
            status,
            should_retry: Some(status == 400),
        });
        let response = post(&standin.base_url(), &question()).await;
        assert_eq!(response.status().as_u16(), status);
        let flag = if status == 400 { "true" } else { "false" };
        assert_eq!(response.headers()["x-should-retry"], flag);
        let body: Value = response.json().await.unwrap();
        let error = &body["error"];
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{status}"
        );
        assert!(
            error["type"].is_string()
                && error.get("param").is_some()
                && error.get("code").is_some()
        );
    }
    standin.push(Behaviour::status(401));
    let body: Value = post(&standin.base_url(), &question())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"]["code"], "invalid_api_key");
    // Gateway errors are HTML, as the CDN in front of the API sends them.
    standin.push(Behaviour::status(502));
    let gateway = post(&standin.base_url(), &question()).await;
    assert_eq!(gateway.status(), 502);
    assert!(!gateway.headers().contains_key("x-should-retry"));
    assert!(gateway.text().await.unwrap().contains("<html>"));
}

#[tokio::test]
async fn malformed_json_and_invalid_tool_arguments() {
    let standin = spawn(Behaviour::MalformedJson).await;
    let broken = post(&standin.base_url(), &question()).await;
    assert_eq!(broken.status(), 200);
    assert!(serde_json::from_str::<Value>(&broken.text().await.unwrap()).is_err());

    standin.set_default(Behaviour::InvalidToolArguments("{\"sql\": SELECT".into()));
    let body: Value = post(&standin.base_url(), &question())
        .await
        .json()
        .await
        .unwrap();
    let arguments = body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
        .as_str()
        .unwrap();
    assert_eq!(arguments, "{\"sql\": SELECT");
    assert_eq!(body["choices"][0]["finish_reason"], "tool_calls");
}

#[tokio::test]
async fn hang_holds_the_request_until_shutdown_and_latency_delays() {
    let standin = spawn(Behaviour::Hang).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client
        .post(format!("{}/chat/completions", standin.base_url()))
        .bearer_auth("k")
        .json(&question())
        .send()
        .await;
    assert!(result.unwrap_err().is_timeout());
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(standin.request_count(), 1, "the request was accepted");

    standin.set_default(Behaviour::Ok.with_latency(Duration::from_millis(200)));
    let started = Instant::now();
    assert_eq!(post(&standin.base_url(), &question()).await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(200));

    let started = Instant::now();
    standin.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "shutdown released the hanging request"
    );
}

#[tokio::test]
async fn scripts_answer_by_turn_and_token_limits_cut_text() {
    let standin = spawn(Behaviour::Scripted(vec![
        Behaviour::ToolCall("SELECT 1".into()),
        Behaviour::Final("a long answer that will not fit into two tokens".into()),
    ]))
    .await;
    let body: Value = post(&standin.base_url(), &question())
        .await
        .json()
        .await
        .unwrap();
    let call = body["choices"][0]["message"]["tool_calls"][0].clone();
    assert_eq!(
        call["function"]["arguments"],
        json!({"sql": "SELECT 1"}).to_string()
    );
    let mut follow_up = question();
    follow_up["max_completion_tokens"] = json!(2);
    let messages = follow_up["messages"].as_array_mut().unwrap();
    messages.push(json!({"role": "assistant", "content": null, "tool_calls": [call.clone()]}));
    messages.push(json!({"role": "tool", "tool_call_id": call["id"], "content": "1"}));
    let body: Value = post(&standin.base_url(), &follow_up)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["choices"][0]["finish_reason"], "length");
    assert_eq!(body["choices"][0]["message"]["content"], "a long a");
    assert_eq!(body["usage"]["completion_tokens"], 2);
}
