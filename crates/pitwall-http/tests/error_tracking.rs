//! Error tracking against the Sentry stand-in: a forced panic (the
//! test-only `POST /test/panic`) and a real 5xx (the app database closed
//! under the running server) each arrive as one event with the request id,
//! route template and release, and without credentials; the question only
//! when allowed; a 4xx sends nothing; without a DSN nothing is sent; and
//! the tracker's refusals (429, 413, 500) do not hurt the server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{spawn_app_with, TestApp};
use pitwall_http::error_tracking::{ErrorTracking, RELEASE};
use pitwall_sentry_standin::{Reply, SentryStandin};
use serde_json::{json, Value};

/// With a quote: the panic message quotes it with `{:?}`, which escapes it.
const QUESTION: &str = "Who won the 2019 \"Italian\" Grand Prix?";
/// Long enough for an event that is coming to arrive.
const PATIENCE: Duration = Duration::from_secs(10);
/// How long to watch for an event that must not come.
const QUIET: Duration = Duration::from_millis(700);

/// A key-shaped bearer credential, built at run time so none is tracked.
fn bearer() -> String {
    format!("p{}_{}_{}", "w", "0123456789abcdef", "c".repeat(64))
}

async fn app_reporting_to(standin: &SentryStandin, extra: &[(&str, &str)]) -> TestApp {
    let dsn = standin.dsn();
    let mut env = vec![("SENTRY_DSN", dsn.as_str())];
    env.extend_from_slice(extra);
    pitwall_http::routes::test_only::enable();
    spawn_app_with(&env).await
}

/// `POST /test/panic` with a bearer key and a request id of our choosing.
async fn force_panic(t: &TestApp, request_id: &str) -> reqwest::Response {
    t.client
        .post(format!("{}/test/panic", t.base))
        .bearer_auth(bearer())
        .header("x-request-id", request_id)
        .json(&json!({ "question": QUESTION }))
        .send()
        .await
        .unwrap()
}

/// The server still answers: liveness and a real question.
async fn assert_still_serving(t: &TestApp) {
    assert_eq!(t.get("/healthz").await.status(), 200);
    let answer = t.ask("Who won the 2021 Abu Dhabi Grand Prix?").await;
    assert_eq!(answer.status(), 200);
}

/// Every envelope the stand-in kept, as text.
fn raw_text(standin: &SentryStandin) -> String {
    standin
        .envelopes()
        .iter()
        .map(|e| String::from_utf8_lossy(&e.raw).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_panic_is_answered_500_and_reported_once_with_request_id_route_and_release() {
    let standin = pitwall_sentry_standin::spawn().await;
    let t = app_reporting_to(&standin, &[]).await;

    let response = force_panic(&t, "panic-request-1").await;
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-request-id"], "panic-request-1");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "internal");
    assert_still_serving(&t).await;

    standin.wait_for_events(1, PATIENCE).await;
    tokio::time::sleep(QUIET).await;
    let events = standin.events();
    assert_eq!(events.len(), 1, "exactly one event: {events:#?}");
    let event = &events[0];
    assert_eq!(event["tags"]["request_id"], "panic-request-1");
    assert_eq!(event["tags"]["route"], "/test/panic");
    assert_eq!(event["release"], RELEASE);
    assert_eq!(RELEASE, concat!("pitwall@", env!("CARGO_PKG_VERSION")));
    let exception = event["exception"]["values"][0]["value"].as_str().unwrap();
    assert!(exception.contains("forced panic"), "{exception}");

    // Nothing of the credential or the question, anywhere in what was sent.
    let raw = raw_text(&standin);
    let key = bearer();
    assert!(!raw.contains(&key[..20]), "the key was sent: {raw}");
    assert!(!raw.to_ascii_lowercase().contains("authorization"), "{raw}");
    assert!(!raw.to_ascii_lowercase().contains("bearer"), "{raw}");
    assert!(!raw.contains(QUESTION), "the question was sent: {raw}");
    assert!(!raw.contains("Italian"), "{raw}");
    assert!(exception.contains("[question]"), "{exception}");
}

#[tokio::test]
async fn the_question_is_sent_when_the_operator_allows_it() {
    let standin = pitwall_sentry_standin::spawn().await;
    let t = app_reporting_to(&standin, &[("PITWALL_ERRORS_INCLUDE_QUESTIONS", "true")]).await;
    assert_eq!(force_panic(&t, "panic-with-question").await.status(), 500);
    let events = standin.wait_for_events(1, PATIENCE).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["extra"]["question"], QUESTION);
    assert_eq!(events[0]["tags"]["request_id"], "panic-with-question");
    // The credential stays out all the same.
    assert!(!raw_text(&standin).contains(&bearer()[..20]));
}

#[tokio::test]
async fn a_real_5xx_is_reported_and_a_4xx_is_not() {
    let standin = pitwall_sentry_standin::spawn().await;
    let t = app_reporting_to(
        &standin,
        &[
            ("PITWALL_ADMIN_TOKEN", common::admin::ADMIN),
            ("PITWALL_KEY_PEPPER", "test-pepper-0123456789"),
        ],
    )
    .await;
    // A real key, used once so that it is verified (and cached) before the
    // database goes away: the failure is then the history read's.
    let key = common::admin::user_with_key(&t, "tracked", "free").await;
    let history = |t: &TestApp| {
        t.client
            .get(format!("{}/v1/history?limit=5", t.base))
            .bearer_auth(&key)
            .send()
    };
    assert_eq!(history(&t).await.unwrap().status(), 200);

    // 4xx: an empty question, an unknown route, a wrong method, a bad key.
    assert_eq!(t.ask("   ").await.status(), 400);
    assert_eq!(t.get("/no/such/route").await.status(), 404);
    assert_eq!(t.get("/v1/ask").await.status(), 405);
    let wrong_key = t
        .client
        .get(format!("{}/v1/history", t.base))
        .bearer_auth(bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_key.status(), 401);
    tokio::time::sleep(QUIET).await;
    assert!(standin.envelopes().is_empty(), "{:#?}", standin.events());

    // A real failure: the app database closed under the running server.
    t.app.store().close().await;
    let response = history(&t).await.unwrap();
    let status = response.status().as_u16();
    assert!(status >= 500, "{status}");
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();

    standin.wait_for_events(1, PATIENCE).await;
    tokio::time::sleep(QUIET).await;
    let events = standin.events();
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = &events[0];
    assert_eq!(event["tags"]["request_id"], request_id.as_str());
    assert_eq!(event["tags"]["route"], "/v1/history");
    assert_eq!(event["tags"]["status"], status.to_string());
    assert_eq!(event["tags"]["code"], "unavailable");
    assert_eq!(event["release"], RELEASE);
    let raw = raw_text(&standin);
    assert!(!raw.contains("limit=5"), "no query strings: {raw}");
    assert!(!raw.contains(&key[..20]), "the key was sent: {raw}");
    assert!(!raw.contains("test-pepper"), "a secret was sent: {raw}");
}

#[tokio::test]
async fn without_a_dsn_nothing_is_sent() {
    // A stand-in that the app is not told about: nothing may reach it, and
    // the app has no client to send anywhere else.
    let standin = pitwall_sentry_standin::spawn().await;
    let t = spawn_app_with(&[]).await;
    assert!(!ErrorTracking::for_config(&t.app.config).is_enabled());

    assert_eq!(force_panic(&t, "no-dsn-panic").await.status(), 500);
    assert_still_serving(&t).await;
    t.app.store().close().await;
    assert!(t.get("/v1/history").await.status().is_server_error());

    tokio::time::sleep(QUIET).await;
    assert!(standin.envelopes().is_empty());
    assert_eq!(standin.refused(), 0);
}

#[tokio::test]
async fn the_trackers_refusals_do_not_hurt_the_server() {
    for reply in [
        Reply::RateLimited {
            retry_after_secs: 60,
        },
        Reply::TooLarge,
        Reply::ServerError,
    ] {
        let standin = pitwall_sentry_standin::spawn().await;
        standin.set_reply(reply.clone());
        let t = app_reporting_to(&standin, &[]).await;
        for n in 0..2 {
            let response = force_panic(&t, &format!("refused-{n}")).await;
            assert_eq!(response.status(), 500, "{reply:?}");
            assert_still_serving(&t).await;
        }
        tokio::time::sleep(QUIET).await;
        assert!(standin.events().is_empty(), "{reply:?}");
        let refused = standin.refused();
        if matches!(reply, Reply::RateLimited { .. }) {
            // The SDK honours Retry-After / X-Sentry-Rate-Limits: the second
            // event is dropped on our side instead of being sent.
            assert_eq!(refused, 1, "{reply:?}");
        } else {
            assert_eq!(refused, 2, "{reply:?}");
        }
    }
}
