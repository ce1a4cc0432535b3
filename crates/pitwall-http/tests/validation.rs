//! Bad input gets a clear problem document with a stable code, and nothing
//! is recorded for it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::spawn_app;
use serde_json::Value;

async fn post_raw(t: &common::TestApp, content_type: Option<&str>, body: Vec<u8>) -> (u16, Value) {
    let mut req = t.client.post(format!("{}/v1/ask", t.base)).body(body);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "status {status}"
    );
    (status, res.json().await.unwrap())
}

fn expect(case: &str, got: (u16, Value), status: u16, code: &str) {
    assert_eq!(got.0, status, "{case}: {}", got.1);
    assert_eq!(got.1["code"], code, "{case}: {}", got.1);
    assert_eq!(got.1["status"], status, "{case}");
    assert!(
        got.1["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{case}"
    );
    assert!(
        got.1["type"].as_str().is_some_and(|d| d.ends_with(code)),
        "{case}"
    );
}

#[tokio::test]
async fn every_kind_of_bad_input_has_its_own_problem() {
    let t = spawn_app().await;
    let json = Some("application/json");
    expect(
        "malformed",
        post_raw(&t, json, b"{\"question\": ".to_vec()).await,
        400,
        "malformed_json",
    );
    expect(
        "not an object",
        post_raw(&t, json, b"[1,2]".to_vec()).await,
        400,
        "invalid_body",
    );
    expect(
        "trailing garbage",
        post_raw(&t, json, b"{\"question\":\"a\"} x".to_vec()).await,
        400,
        "malformed_json",
    );
    expect(
        "unknown field",
        post_raw(
            &t,
            json,
            br#"{"question":"who won monza 2019","admin":true}"#.to_vec(),
        )
        .await,
        400,
        "invalid_body",
    );
    expect(
        "missing field",
        post_raw(&t, json, b"{}".to_vec()).await,
        400,
        "invalid_body",
    );
    expect(
        "wrong type",
        post_raw(&t, json, br#"{"question":42}"#.to_vec()).await,
        400,
        "invalid_body",
    );
    let mut bad_utf8 = b"{\"question\":\"who won ".to_vec();
    bad_utf8.extend_from_slice(&[0xff, 0xfe]);
    bad_utf8.extend_from_slice(b"\"}");
    expect(
        "invalid utf-8",
        post_raw(&t, json, bad_utf8).await,
        400,
        "malformed_json",
    );
    expect(
        "no content type",
        post_raw(&t, None, br#"{"question":"x"}"#.to_vec()).await,
        415,
        "unsupported_media_type",
    );
    expect(
        "text/plain",
        post_raw(&t, Some("text/plain"), br#"{"question":"x"}"#.to_vec()).await,
        415,
        "unsupported_media_type",
    );
    let huge = format!("{{\"question\":\"{}\"}}", "a".repeat(17 * 1024));
    expect(
        "oversized",
        post_raw(&t, json, huge.into_bytes()).await,
        413,
        "payload_too_large",
    );
    expect(
        "empty",
        post_raw(&t, json, br#"{"question":"   "}"#.to_vec()).await,
        400,
        "invalid_question",
    );
    let long = format!("{{\"question\":\"{}\"}}", "a".repeat(501));
    expect(
        "too long",
        post_raw(&t, json, long.into_bytes()).await,
        400,
        "invalid_question",
    );
    expect(
        "control char",
        post_raw(&t, json, br#"{"question":"who\u0000won"}"#.to_vec()).await,
        400,
        "invalid_question",
    );
    // A JSON content type with charset and a +json suffix are fine.
    let ok = t
        .client
        .post(format!("{}/v1/ask", t.base))
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"question":"who won monza 2019"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    let history: Value = t.get("/v1/history").await.json().await.unwrap();
    assert_eq!(
        history["items"].as_array().unwrap().len(),
        1,
        "only the valid question is recorded"
    );
}

#[tokio::test]
async fn exactly_500_characters_is_accepted() {
    let t = spawn_app().await;
    let q = format!("who won monza 2019 {}", "x".repeat(481));
    assert_eq!(q.chars().count(), 500);
    assert_eq!(t.ask(&q).await.status(), 200);
}

#[tokio::test]
async fn wrong_methods_get_a_problem_document_too() {
    let t = spawn_app().await;
    let res = t
        .client
        .get(format!("{}/v1/ask", t.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    assert!(res.headers()["allow"].to_str().unwrap().contains("POST"));
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "method_not_allowed");
}
