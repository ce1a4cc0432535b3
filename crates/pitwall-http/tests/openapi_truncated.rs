//! The OpenAPI document describes `truncated` on every answer: a required
//! boolean, so clients can rely on it being present; and `column_labels`,
//! the optional `chart` hint and the chart and capabilities routes.

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

/// `column_labels` (required, strings) and `chart` (optional, the
/// `ChartHint` shape with `kind` line|bar), the chart route and the
/// capabilities route are all in the document.
#[test]
fn the_document_describes_labels_charts_and_capabilities() {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let ask = &schemas["AskResponse"];
    assert_eq!(ask["properties"]["column_labels"]["type"], "array", "{ask}");
    assert_eq!(
        ask["properties"]["column_labels"]["items"]["type"],
        "string"
    );
    let required: Vec<&str> = ask["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(required.contains(&"column_labels"), "{required:?}");
    assert!(
        !required.contains(&"chart"),
        "chart is optional: {required:?}"
    );
    assert!(
        ask["properties"]["chart"]
            .to_string()
            .contains("#/components/schemas/ChartHint"),
        "{ask}"
    );
    let hint = &schemas["ChartHint"];
    for field in ["kind", "x", "y", "series", "series_column"] {
        assert!(hint["properties"].get(field).is_some(), "{field}: {hint}");
    }
    let hint_required: Vec<&str> = hint["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(hint_required, vec!["kind", "x", "y", "series"]);
    let kinds = schemas["ChartKind"]["enum"].to_string();
    assert!(
        kinds.contains("\"line\"") && kinds.contains("\"bar\""),
        "{kinds}"
    );
    let chart = &doc["paths"]["/v1/history/{id}/chart.svg"]["get"];
    assert!(
        chart["responses"]["200"]["content"]
            .get("image/svg+xml")
            .is_some(),
        "{chart}"
    );
    assert!(chart["responses"].get("404").is_some());
    let caps = &doc["paths"]["/v1/capabilities"]["get"];
    assert!(caps["responses"].get("200").is_some(), "{caps}");
    assert!(schemas.get("Capabilities").is_some());
}
