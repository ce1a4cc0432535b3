//! `interpretation` and `unparsed` over HTTP: on every answer from
//! `POST /v1/ask`, in both history endpoints, and in the OpenAPI document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use pitwall_http::routes::openapi::ApiDoc;
use serde_json::{json, Value};
use utoipa::OpenApi;

/// The local engine declines this for the one word it cannot place.
const UNPLACED_QUESTION: &str = "How many purple races did Lewis Hamilton win?";

#[tokio::test]
async fn answers_and_history_carry_interpretation_and_unparsed() {
    let t = spawn_app().await;
    let local: Value = t
        .ask("Who won the 2012 Monaco Grand Prix?")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(local["source"], "local", "{local}");
    let said = local["interpretation"].as_str().unwrap();
    assert!(said.contains("Monaco") && said.contains("2012"), "{local}");
    assert_eq!(local["unparsed"], json!([]), "always sent: {local}");

    // No LLM configured: the decline still lists the word it could not place.
    let declined: Value = t.ask(UNPLACED_QUESTION).await.json().await.unwrap();
    assert_eq!(declined["status"], "fallback", "{declined}");
    assert_eq!(declined["reason"], "llm_disabled", "{declined}");
    assert_eq!(declined["unparsed"], json!(["purple"]), "{declined}");
    assert_eq!(declined["interpretation"], "Not answered", "{declined}");

    // Both history endpoints return what the answers said.
    let page: Value = t.get("/v1/history").await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for (item, asked) in items.iter().zip([&declined, &local]) {
        assert_eq!(item["id"], asked["id"]);
        assert_eq!(item["interpretation"], asked["interpretation"], "{item}");
        assert_eq!(item["unparsed"], asked["unparsed"], "{item}");
        let id = item["id"].as_str().unwrap();
        let one: Value = t
            .get(&format!("/v1/history/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(one["interpretation"], asked["interpretation"], "{one}");
        assert_eq!(one["unparsed"], asked["unparsed"], "{one}");
    }
}

#[test]
fn the_openapi_document_marks_both_fields_required() {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
    let schema = &doc["components"]["schemas"]["AskResponse"];
    assert_eq!(schema["properties"]["interpretation"]["type"], "string");
    assert_eq!(schema["properties"]["unparsed"]["type"], "array");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for field in ["interpretation", "unparsed"] {
        assert!(required.contains(&field), "{field}: {required:?}");
    }
}
