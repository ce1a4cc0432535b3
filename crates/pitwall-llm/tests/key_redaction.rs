//! The API key must not appear in Debug output, errors or tracing output, on any path — even when
//! the upstream echoes it back (the stand-in's 401 does, whole).
//!
//! One test in this binary on purpose: tracing caches callsite interest process-wide, so
//! parallel tests with thread-local subscribers can miss each other's events.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::{client, client_with, fast_policy, simple_request, KEY};
use pitwall_llm::LlmError;
use pitwall_llm_standin::{spawn, Behaviour};
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Tracing output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn capture_all_tracing() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        // Plain text: with ANSI colours (on when features unify in a workspace build)
        // "attempts=3" reads "attempts\x1b[0m=\x1b[0m3".
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

#[tokio::test(flavor = "current_thread")]
async fn the_key_never_appears_in_debug_errors_or_traces() {
    let (captured, guard) = capture_all_tracing();
    let standin = spawn(Behaviour::Ok).await;
    let fast = client_with(
        &standin.base_url(),
        fast_policy(2),
        Duration::from_millis(200),
    );
    let mut errors: Vec<LlmError> = Vec::new();

    assert!(fast.chat(&simple_request()).await.is_ok());
    for behaviour in [
        Behaviour::status(401),
        Behaviour::status(400),
        Behaviour::status(403),
        Behaviour::status(500),
        Behaviour::status(502),
        Behaviour::insufficient_quota(),
        Behaviour::rate_limited_ms(5),
        Behaviour::MalformedJson,
        Behaviour::Hang,
    ] {
        standin.set_default(behaviour);
        errors.push(fast.chat(&simple_request()).await.unwrap_err());
    }
    standin.set_default(Behaviour::Hang);
    errors.push(
        fast.chat_with_deadline(
            &simple_request(),
            Instant::now() + Duration::from_millis(50),
        )
        .await
        .unwrap_err(),
    );
    let refused = client(&common::refused_base_url().await);
    errors.push(refused.chat(&simple_request()).await.unwrap_err());

    // The upstream really did send the key back, and it was scrubbed.
    let LlmError::Unauthorized { message } = &errors[0] else {
        panic!("{:?}", errors[0])
    };
    assert!(
        message.contains("Incorrect API key provided: [redacted]"),
        "{message}"
    );

    let mut exposed = vec![format!("{fast:?}"), format!("{refused:?}")];
    for error in &errors {
        exposed.push(format!("{error}"));
        exposed.push(format!("{error:?}"));
    }
    let traces = captured.text();
    exposed.push(traces.clone());
    for text in &exposed {
        assert!(!text.contains(KEY), "key leaked in: {text}");
        assert!(
            !text.contains("DO-NOT-LEAK"),
            "part of the key leaked in: {text}"
        );
    }
    assert!(
        exposed[0].contains("api_key: \"[redacted]\""),
        "{}",
        exposed[0]
    );
    // The capture really saw the failure paths (otherwise the absence above proves nothing).
    assert!(
        traces.contains("retrying llm call") && traces.contains("llm call failed"),
        "{traces}"
    );
    assert!(traces.contains("upstream rejected the API key"), "{traces}");

    // Connection refused is retried up to max attempts (seen only in the traces: nothing listens).
    drop(guard);
    let (captured, _guard) = capture_all_tracing();
    let error = client(&common::refused_base_url().await)
        .chat(&simple_request())
        .await
        .unwrap_err();
    assert!(matches!(error, LlmError::Connect(_)), "{error:?}");
    let traces = captured.text();
    assert_eq!(traces.matches("retrying llm call").count(), 2, "{traces}");
    assert!(traces.contains("attempts=3"), "{traces}");
}
