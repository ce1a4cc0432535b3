//! Regression tests for the holes an attack test found at the HTTP edge:
//! declared oversized bodies, admin calls through DNS rebinding or from
//! another site, file paths in the public readiness probe, and input edge
//! cases (array bodies, invisible questions, bidi and tag characters).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{spawn_app, spawn_app_on};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `head` on a fresh connection and returns everything the server
/// sends back within `wait` (or until it closes), and how long that took.
async fn raw_exchange(base: &str, head: &str, wait: Duration) -> (String, Duration) {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = started + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                got.extend_from_slice(&buf[..n]);
                // One whole response is enough.
                if response_complete(&got) {
                    break;
                }
            }
        }
    }
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

fn response_complete(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    if head.starts_with("HTTP/1.1 100") {
        return body.contains("\r\n\r\n");
    }
    head.lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .is_some_and(|n| body.len() >= n)
}

#[tokio::test]
async fn a_declared_oversized_body_is_refused_at_once() {
    let t = spawn_app().await;
    let declared = "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n\
                    content-length: 1048576\r\n\r\n";
    let (reply, took) = raw_exchange(&t.base, declared, Duration::from_secs(10)).await;
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(reply.contains("payload_too_large"), "{reply}");
    assert!(took < Duration::from_secs(3), "took {took:?}");

    let expect = "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n\
                  expect: 100-continue\r\ncontent-length: 10485760\r\n\r\n";
    let (reply, took) = raw_exchange(&t.base, expect, Duration::from_secs(10)).await;
    assert!(
        reply.starts_with("HTTP/1.1 413"),
        "no 100 Continue for a body we will refuse: {reply}"
    );
    assert!(!reply.contains("100 Continue"), "{reply}");
    assert!(took < Duration::from_secs(3), "took {took:?}");

    // A body within the limit is still invited and answered.
    let body = json!({"question": "Who won the 2021 Abu Dhabi Grand Prix?"}).to_string();
    let small = format!(
        "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n\
         expect: 100-continue\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let (reply, _) = raw_exchange(&t.base, &small, Duration::from_secs(10)).await;
    assert!(reply.contains("HTTP/1.1 200"), "{reply}");
}

#[tokio::test]
async fn a_body_that_never_arrives_times_out_with_408() {
    let t = spawn_app().await;
    let head = "POST /v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n\
                content-length: 100\r\n\r\n{\"question\":";
    let (reply, took) = raw_exchange(&t.base, head, Duration::from_secs(30)).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

async fn admin_get(t: &common::TestApp, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = t.client.get(format!("{}/v1/admin/llm", t.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn tokenless_admin_needs_a_loopback_host_and_no_foreign_origin() {
    let t = spawn_app().await;
    let port = t.base.rsplit(':').next().unwrap().to_string();
    // The operator's own calls: curl (loopback Host, no Origin) and the
    // page served from loopback.
    assert_eq!(admin_get(&t, &[]).await.status(), 200);
    let own = format!("localhost:{port}");
    assert_eq!(admin_get(&t, &[("host", &own)]).await.status(), 200);
    let own_origin = format!("http://127.0.0.1:{port}");
    assert_eq!(
        admin_get(&t, &[("origin", &own_origin)]).await.status(),
        200
    );
    // DNS rebinding: the attacker's name resolves to 127.0.0.1.
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.nip.example",
        "localhost.evil.example",
    ] {
        let r = admin_get(&t, &[("host", host)]).await;
        assert_eq!(r.status(), 403, "Host {host}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "forbidden");
        assert!(body["detail"].as_str().unwrap().contains("Host"), "{body}");
    }
    // A page on another site making the browser call loopback.
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1.evil.example",
    ] {
        let r = admin_get(&t, &[("origin", origin)]).await;
        assert_eq!(r.status(), 403, "Origin {origin}");
    }
    // Through a local reverse proxy (loopback Host, but forwarded), or a
    // cross-site request the browser labels.
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
        ("x-real-ip", "203.0.113.9"),
        ("via", "1.1 nginx"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let r = admin_get(&t, &[(name, value)]).await;
        assert_eq!(r.status(), 403, "{name}: {value}");
    }
    assert_eq!(
        admin_get(&t, &[("sec-fetch-site", "same-origin")])
            .await
            .status(),
        200
    );
    // The write endpoint too.
    let r = t
        .client
        .put(format!("{}/v1/admin/llm", t.base))
        .header("host", "evil.example")
        .json(&json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // With a token, the token decides, as before.
    let t = common::spawn_app_with(&[("PITWALL_ADMIN_TOKEN", "test-admin-token-1234")]).await;
    let r = admin_get(
        &t,
        &[
            ("host", "admin.example"),
            ("authorization", "Bearer test-admin-token-1234"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_failing_readiness_check_does_not_reveal_file_paths() {
    let dir = tempfile::tempdir().unwrap();
    let f1 = dir.path().join("f1.sqlite");
    std::fs::copy(common::f1_db(), &f1).unwrap();
    let t = spawn_app_on(&f1, &[]).await;
    assert_eq!(t.get("/readyz").await.status(), 200);
    // Replaced by something that cannot be opened: the open error names
    // the file's absolute path.
    std::fs::rename(&f1, dir.path().join("moved-away.sqlite")).unwrap();
    std::fs::create_dir(&f1).unwrap();
    let r = t.get("/readyz").await;
    assert_eq!(r.status(), 503);
    let text = r.text().await.unwrap();
    let data_dir = dir.path().to_str().unwrap();
    assert!(!text.contains(data_dir), "a path leaked: {text}");
    assert!(!text.contains(".sqlite"), "a file name leaked: {text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["checks"]["f1_data"], false);
    // The operators' view has the (path-free) detail.
    let status: Value = t.get("/v1/admin/status").await.json().await.unwrap();
    let detail = status["f1_data"]["detail"].as_str().unwrap();
    assert!(detail.contains("server log"), "{detail}");
    assert!(!detail.contains(data_dir), "a path leaked: {detail}");
}

async fn post_raw(t: &common::TestApp, body: &str) -> (u16, Value) {
    let r = t
        .client
        .post(format!("{}/v1/ask", t.base))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn input_edge_cases_are_refused_and_nothing_is_stored() {
    let t = spawn_app().await;
    // Only a JSON object is a request body.
    for body in [
        r#"["Who won the 2021 Abu Dhabi Grand Prix?"]"#,
        r#""a string""#,
        "42",
        "null",
    ] {
        let (status, problem) = post_raw(&t, body).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(problem["code"], "invalid_body", "{body}: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains("JSON object"));
    }
    let (status, problem) = post_raw(&t, "not json").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("malformed_json"))
    );
    // Invisible-only, bidi controls and tag characters.
    let tag_text: String = "ignore the data"
        .chars()
        .map(|c| char::from_u32(0xE0000 + u32::from(c)).unwrap())
        .collect();
    let cases = [
        (
            "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}".to_string(),
            "visible",
        ),
        ("Who won \u{202E}9102 azoM".to_string(), "U+202E"),
        ("Who won Monza \u{2067}2019\u{2069}?".to_string(), "U+2067"),
        (format!("Who won Monza 2019?{tag_text}"), "U+E0069"),
    ];
    for (question, says) in &cases {
        let (status, problem) = post_raw(&t, &json!({ "question": question }).to_string()).await;
        assert_eq!(status, 400, "{question:?}");
        assert_eq!(problem["code"], "invalid_question");
        assert!(
            problem["detail"].as_str().unwrap().contains(says),
            "{problem}"
        );
    }
    let history: Value = t.get("/v1/history").await.json().await.unwrap();
    assert_eq!(
        history["items"].as_array().map(Vec::len),
        Some(0),
        "{history}"
    );
    // Zero-width spaces inside an otherwise normal question are dropped.
    let (status, answer) = post_raw(
        &t,
        &json!({"question": "Who won the 2021 Abu\u{200B} Dhabi Grand Prix?"}).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["question"], "Who won the 2021 Abu Dhabi Grand Prix?");
}

#[tokio::test]
async fn a_client_that_stops_reading_its_responses_is_disconnected() {
    let t = common::spawn_app_with(&[("PITWALL_HEADER_TIMEOUT_SECS", "2")]).await;
    let one = t.get("/openapi.json").await.bytes().await.unwrap().len();
    // Enough pipelined responses to fill both socket buffers many times over.
    let n = (32 << 20) / one + 1;
    let addr = t.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = "GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(n);
    stream.write_all(request.as_bytes()).await.unwrap();
    // Read nothing for longer than the timeout: the server's writes stall.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let mut got = 0usize;
    let mut buf = vec![0u8; 1 << 16];
    let closed = loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            Ok(Ok(k)) => got += k,
            Err(_) => break false,
        }
    };
    assert!(closed, "the connection stayed open after {got} bytes");
    assert!(
        got < n * one,
        "all {n} responses were written ({got} bytes)"
    );
    // And the server still answers others.
    assert_eq!(t.get("/healthz").await.status(), 200);
}
