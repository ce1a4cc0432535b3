//! The OpenAPI document describes `truncated` on every answer: a required
//! boolean, so clients can rely on it being present.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use pitwall_http::routes::openapi::ApiDoc;
use utoipa::OpenApi;

#[test]
fn ask_response_documents_truncated_as_a_required_boolean() {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
    let schema = &doc["components"]["schemas"]["AskResponse"];
    assert_eq!(
        schema["properties"]["truncated"]["type"], "boolean",
        "{schema}"
    );
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(required.contains(&"truncated"), "{required:?}");
}
