//! The stand-in speaks Sentry's ingestion protocol: envelopes (plain and
//! gzip), the legacy store endpoint, and Relay's refusals.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::time::Duration;

use pitwall_sentry_standin::{spawn, Reply, SentryStandin};
use serde_json::Value;

const ENVELOPE: &str = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n\
{\"type\":\"event\",\"length\":41}\n\
{\"message\":\"boom\",\"level\":\"error\",\"x\":1}\n";

/// The key and project a DSN names.
fn key_and_project(standin: &SentryStandin) -> (String, String) {
    let dsn = standin.dsn();
    let rest = dsn.strip_prefix("http://").unwrap();
    let (key, rest) = rest.split_once('@').unwrap();
    let project = rest.rsplit('/').next().unwrap();
    (key.to_string(), project.to_string())
}

async fn post(
    standin: &SentryStandin,
    path: &str,
    key: &str,
    encoding: Option<&str>,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(format!("http://{}{path}", standin.addr()))
        .header(
            "x-sentry-auth",
            format!("Sentry sentry_version=7, sentry_client=test/1, sentry_key={key}"),
        )
        .body(body);
    if let Some(encoding) = encoding {
        request = request.header("content-encoding", encoding);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn an_envelope_is_kept_and_answered_with_its_event_id() {
    let standin = spawn().await;
    let (key, project) = key_and_project(&standin);
    let path = format!("/api/{project}/envelope/");
    let response = post(&standin, &path, &key, None, ENVELOPE.into()).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["id"], "9ec79c33ec9942ab8353589fcb2e04dc");
    let events = standin.wait_for_events(1, Duration::from_secs(1)).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["message"], "boom");
    assert_eq!(standin.envelopes()[0].raw, ENVELOPE.as_bytes());

    // The same events over HTTP, for a look from outside the process.
    let listed: Vec<Value> = reqwest::get(format!("http://{}/events", standin.addr()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed, events);
}

#[tokio::test]
async fn gzip_bodies_and_the_store_endpoint_are_understood() {
    let standin = spawn().await;
    let (key, project) = key_and_project(&standin);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(ENVELOPE.as_bytes()).unwrap();
    let path = format!("/api/{project}/envelope/");
    let response = post(&standin, &path, &key, Some("gzip"), gz.finish().unwrap()).await;
    assert_eq!(response.status(), 200);

    let store = format!("/api/{project}/store/");
    let event = br#"{"event_id":"aa","message":"legacy"}"#.to_vec();
    assert_eq!(
        post(&standin, &store, &key, None, event).await.status(),
        200
    );

    let events = standin.events();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["message"], "boom");
    assert_eq!(events[1]["message"], "legacy");
}

#[tokio::test]
async fn wrong_credentials_and_broken_bodies_are_refused_like_relay() {
    let standin = spawn().await;
    let (key, project) = key_and_project(&standin);
    let path = format!("/api/{project}/envelope/");

    let wrong_key = post(&standin, &path, "not-the-key", None, ENVELOPE.into()).await;
    assert_eq!(wrong_key.status(), 401);
    assert_eq!(wrong_key.headers()["x-sentry-error"], "invalid api key");

    let no_auth = reqwest::Client::new()
        .post(format!("http://{}{path}", standin.addr()))
        .body(ENVELOPE)
        .send()
        .await
        .unwrap();
    assert_eq!(no_auth.status(), 401);

    let other_project = post(&standin, "/api/999/envelope/", &key, None, ENVELOPE.into()).await;
    assert_eq!(other_project.status(), 403);

    let broken = post(
        &standin,
        &path,
        &key,
        None,
        b"{}\n{\"length\":500}\n{}".to_vec(),
    )
    .await;
    assert_eq!(broken.status(), 400);
    let body: Value = broken.json().await.unwrap();
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("invalid envelope"));

    let brotli = post(&standin, &path, &key, Some("br"), ENVELOPE.into()).await;
    assert_eq!(brotli.status(), 400);

    assert!(standin.events().is_empty());
    assert_eq!(standin.refused(), 5);
}

#[tokio::test]
async fn rate_limits_size_limits_and_outages_are_answered_on_demand() {
    let standin = spawn().await;
    let (key, project) = key_and_project(&standin);
    let path = format!("/api/{project}/envelope/");

    standin.set_reply(Reply::RateLimited {
        retry_after_secs: 60,
    });
    let limited = post(&standin, &path, &key, None, ENVELOPE.into()).await;
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "60");
    assert_eq!(
        limited.headers()["x-sentry-rate-limits"],
        "60::organization"
    );

    for (reply, status) in [(Reply::TooLarge, 413), (Reply::ServerError, 500)] {
        standin.set_reply(reply);
        let response = post(&standin, &path, &key, None, ENVELOPE.into()).await;
        assert_eq!(response.status(), status);
    }

    standin.set_reply(Reply::Accept);
    assert_eq!(
        post(&standin, &path, &key, None, ENVELOPE.into())
            .await
            .status(),
        200
    );
    assert_eq!(standin.events().len(), 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_also_when_it_only_inflates_past_it() {
    let standin = pitwall_sentry_standin::spawn_with("k", "7", 1024)
        .await
        .unwrap();
    let big = format!(
        "{{}}\n{{\"type\":\"event\"}}\n{{\"pad\":\"{}\"}}\n",
        "x".repeat(4096)
    );
    let path = "/api/7/envelope/";
    assert_eq!(
        post(&standin, path, "k", None, big.clone().into())
            .await
            .status(),
        413
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(big.as_bytes()).unwrap();
    let small = gz.finish().unwrap();
    assert!(small.len() < 1024);
    assert_eq!(
        post(&standin, path, "k", Some("gzip"), small)
            .await
            .status(),
        413
    );
    assert!(standin.events().is_empty());
}
