//! Each retry rule against the stand-in over real HTTP, counting the upstream calls it received.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::{client, client_with, fast_policy, simple_request};
use pitwall_llm::LlmError;
use pitwall_llm_standin::{spawn, Behaviour, RateLimitCode};
use std::time::{Duration, Instant, SystemTime};

fn gap(standin: &pitwall_llm_standin::StandinHandle) -> Duration {
    let requests = standin.requests();
    requests[1].received_at - requests[0].received_at
}

#[tokio::test]
async fn success_sends_the_key_as_bearer_and_reports_usage() {
    let standin = spawn(Behaviour::Final("Max Verstappen.".into())).await;
    let outcome = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 1);
    assert_eq!(outcome.model, "gpt-4o-mini");
    assert_eq!(
        outcome.response.choices[0].message.content.as_deref(),
        Some("Max Verstappen.")
    );
    assert_eq!(
        outcome.usage.prompt_tokens,
        ("Answer briefly.".len() + "Who won the 2021 title?".len()).div_ceil(4) as u64
    );
    assert_eq!(
        outcome.usage.completion_tokens,
        "Max Verstappen.".len().div_ceil(4) as u64
    );
    assert_eq!(outcome.usage.cached_tokens, 0);
    let sent = &standin.requests()[0];
    assert_eq!(
        sent.authorization.as_deref(),
        Some(format!("Bearer {}", common::KEY).as_str())
    );
    assert_eq!(sent.body.as_ref().unwrap()["max_completion_tokens"], 300);
}

#[tokio::test]
async fn rate_limit_exceeded_is_retried_after_retry_after_ms() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::rate_limited_ms(300));
    let outcome = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap();
    assert_eq!((outcome.attempts, standin.request_count()), (2, 2));
    // Backoff alone would be at most 10 ms: the 300 ms came from the header.
    assert!(
        gap(&standin) >= Duration::from_millis(300),
        "{:?}",
        gap(&standin)
    );
}

#[tokio::test]
async fn retry_after_seconds_and_http_date_are_honoured() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::RateLimited {
        code: RateLimitCode::RateLimitExceeded,
        retry_after: Some("1".into()),
        retry_after_ms: None,
    });
    client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap();
    assert!(
        gap(&standin) >= Duration::from_secs(1),
        "{:?}",
        gap(&standin)
    );

    let standin = spawn(Behaviour::Ok).await;
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    standin.push(Behaviour::RateLimited {
        code: RateLimitCode::RateLimitExceeded,
        retry_after: Some(at),
        retry_after_ms: None,
    });
    let outcome = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 2);
    // The date has a one-second resolution: 1 to 2 s from now, less the first call's latency;
    // backoff alone would be at most 10 ms.
    assert!(
        gap(&standin) >= Duration::from_millis(500),
        "{:?}",
        gap(&standin)
    );
    assert!(
        gap(&standin) <= Duration::from_millis(2500),
        "{:?}",
        gap(&standin)
    );
}

#[tokio::test]
async fn a_wait_longer_than_the_cap_gives_up_at_once() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::RateLimited {
        code: RateLimitCode::RateLimitExceeded,
        retry_after: Some("60".into()),
        retry_after_ms: None,
    });
    let started = Instant::now();
    let error = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(standin.request_count(), 1);
    assert!(
        matches!(error, LlmError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(60)),
        "{error:?}"
    );
    assert!(error.counts_as_upstream_failure() && !error.is_billing_exhausted());
}

#[tokio::test]
async fn insufficient_quota_is_not_retried_and_flags_billing() {
    let standin = spawn(Behaviour::insufficient_quota()).await;
    let error = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert_eq!(standin.request_count(), 1);
    assert!(
        matches!(error, LlmError::InsufficientQuota { .. }),
        "{error:?}"
    );
    assert!(error.is_billing_exhausted() && !error.is_retryable());
    assert_eq!(error.status_code_hint(), Some(429));
}

#[tokio::test]
async fn server_errors_408_and_409_are_retried_then_succeed() {
    for status in [500u16, 502, 503, 408, 409] {
        let standin = spawn(Behaviour::Ok).await;
        standin.push(Behaviour::status(status));
        let outcome = client(&standin.base_url())
            .chat(&simple_request())
            .await
            .unwrap();
        assert_eq!(
            (outcome.attempts, standin.request_count()),
            (2, 2),
            "status {status}"
        );
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400u16, 401, 403, 404, 422] {
        let standin = spawn(Behaviour::status(status)).await;
        let error = client(&standin.base_url())
            .chat(&simple_request())
            .await
            .unwrap_err();
        assert_eq!(standin.request_count(), 1, "status {status}");
        assert_eq!(error.status_code_hint(), Some(status));
        assert!(
            !error.counts_as_upstream_failure() && !error.is_retryable(),
            "{error:?}"
        );
        let expected = match status {
            401 => matches!(error, LlmError::Unauthorized { .. }),
            403 => matches!(error, LlmError::Forbidden { .. }),
            _ => matches!(error, LlmError::BadRequest { .. }),
        };
        assert!(expected, "{status}: {error:?}");
    }
}

#[tokio::test]
async fn x_should_retry_false_stops_retries_and_true_cannot_force_forbidden_ones() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::Status {
        status: 503,
        should_retry: Some(false),
    });
    let error = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert_eq!(standin.request_count(), 1);
    assert_eq!(error.status_code_hint(), Some(503));

    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::Status {
        status: 400,
        should_retry: Some(true),
    });
    // ... but it cannot force a retry of a request that fails the same way
    // every time (400/401/403, insufficient_quota): that would only cost money.
    let error = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert_eq!(standin.request_count(), 1);
    assert_eq!(error.status_code_hint(), Some(400));

    // Without a header, a broken body is retried once, not more.
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::MalformedJson);
    standin.push(Behaviour::MalformedJson);
    let error = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert!(
        matches!(error, pitwall_llm::LlmError::Malformed(_)),
        "{error:?}"
    );
    assert_eq!(
        standin.request_count(),
        2,
        "a broken body is retried once by default"
    );
}

#[tokio::test]
async fn a_hanging_attempt_times_out_and_is_retried() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::Hang);
    let client = client_with(
        &standin.base_url(),
        fast_policy(3),
        Duration::from_millis(300),
    );
    let started = Instant::now();
    let outcome = client.chat(&simple_request()).await.unwrap();
    assert_eq!((outcome.attempts, standin.request_count()), (2, 2));
    assert!(started.elapsed() >= Duration::from_millis(300));

    standin.set_default(Behaviour::Hang);
    let error = client.chat(&simple_request()).await.unwrap_err();
    assert!(
        matches!(error, LlmError::Timeout(d) if d == Duration::from_millis(300)),
        "{error:?}"
    );
    assert_eq!(standin.request_count(), 2 + 3);
    assert!(error.counts_as_upstream_failure());
}

#[tokio::test]
async fn malformed_bodies_are_retried_once_only() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::MalformedJson);
    let outcome = client(&standin.base_url())
        .chat(&simple_request())
        .await
        .unwrap();
    assert_eq!(outcome.attempts, 2);

    let standin = spawn(Behaviour::MalformedJson).await;
    let error = client_with(&standin.base_url(), fast_policy(5), Duration::from_secs(5))
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert!(matches!(error, LlmError::Malformed(_)), "{error:?}");
    assert_eq!(standin.request_count(), 2, "one retry, not five attempts");
}

#[tokio::test]
async fn max_attempts_bound_the_upstream_calls() {
    let standin = spawn(Behaviour::status(500)).await;
    let error = client_with(&standin.base_url(), fast_policy(4), Duration::from_secs(5))
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert_eq!(standin.request_count(), 4);
    assert!(
        matches!(error, LlmError::UpstreamStatus { status: 500, .. }),
        "{error:?}"
    );
    assert!(error.counts_as_upstream_failure());
}

#[tokio::test]
async fn connection_refused_ends_in_connect_error() {
    let base_url = common::refused_base_url().await;
    let started = Instant::now();
    let error = client(&base_url).chat(&simple_request()).await.unwrap_err();
    assert!(matches!(error, LlmError::Connect(_)), "{error:?}");
    assert!(error.is_retryable() && error.counts_as_upstream_failure());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn the_deadline_is_never_slept_past() {
    // Each 429 asks for 600 ms: the second retry would end after the 1 s deadline.
    let standin = spawn(Behaviour::rate_limited_ms(600)).await;
    let started = Instant::now();
    let error = client_with(&standin.base_url(), fast_policy(5), Duration::from_secs(5))
        .chat_with_deadline(&simple_request(), started + Duration::from_millis(1000))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(standin.request_count(), 2);
    assert!(matches!(error, LlmError::RateLimited { .. }), "{error:?}");

    // A hanging upstream is cut at the deadline, not at the 5 s attempt timeout.
    standin.set_default(Behaviour::Hang);
    let started = Instant::now();
    let error = client_with(&standin.base_url(), fast_policy(5), Duration::from_secs(5))
        .chat_with_deadline(&simple_request(), started + Duration::from_millis(300))
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(800),
        "{elapsed:?}"
    );
    assert_eq!(
        error,
        LlmError::DeadlineExceeded {
            attempts: 1,
            in_flight: true
        }
    );

    let error = client(&standin.base_url())
        .chat_with_deadline(&simple_request(), Instant::now())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        LlmError::DeadlineExceeded {
            attempts: 0,
            in_flight: false
        }
    );
    assert!(!error.counts_as_upstream_failure());
}
