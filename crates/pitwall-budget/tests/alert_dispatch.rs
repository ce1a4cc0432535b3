//! The alert dispatcher against a real local HTTP webhook (axum on 127.0.0.1:0).

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use pitwall_budget::{
    Alert, AlertDispatcher, AlertRetryPolicy, BudgetScope, MemoryAlertSink, Micros,
    ThresholdCrossing,
};

const SECRET_PATH: &str = "/services/T0001/B0002/SECRETTOKEN";

/// How the fake webhook answers.
#[derive(Clone, Copy)]
enum Behaviour {
    /// 500 for the first `n` requests, then 200.
    FailFirst(usize),
    /// Always 400.
    Reject,
    /// Never answers.
    Hang,
}

#[derive(Clone)]
struct Webhook {
    behaviour: Behaviour,
    attempts: Arc<AtomicUsize>,
    accepted: Arc<Mutex<Vec<serde_json::Value>>>,
}

async fn receive(State(hook): State<Webhook>, Json(body): Json<serde_json::Value>) -> StatusCode {
    let attempt = hook.attempts.fetch_add(1, Ordering::SeqCst) + 1;
    match hook.behaviour {
        Behaviour::FailFirst(n) if attempt <= n => StatusCode::INTERNAL_SERVER_ERROR,
        Behaviour::FailFirst(_) => {
            hook.accepted
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(body);
            StatusCode::OK
        }
        Behaviour::Reject => StatusCode::BAD_REQUEST,
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK
        }
    }
}

/// Starts the webhook; returns its full (secret-bearing) URL and its state.
async fn start_webhook(behaviour: Behaviour) -> io::Result<(String, Webhook)> {
    let hook = Webhook {
        behaviour,
        attempts: Arc::new(AtomicUsize::new(0)),
        accepted: Arc::new(Mutex::new(Vec::new())),
    };
    let app = Router::new()
        .route(SECRET_PATH, post(receive))
        .with_state(hook.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((format!("http://{addr}{SECRET_PATH}"), hook))
}

fn fast_retry() -> AlertRetryPolicy {
    AlertRetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        request_timeout: Duration::from_secs(5),
    }
}

fn threshold_alert() -> Alert {
    let crossing = ThresholdCrossing {
        scope: BudgetScope::GlobalDaily,
        period: "2026-11-25".to_owned(),
        percent: 80,
        spent: Micros(4_000_000),
        cap: Micros(5_000_000),
    };
    Alert::from_crossing(&crossing, Utc::now())
}

/// Polls `done` every 10 ms for at most 5 s.
async fn wait_until(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    done()
}

/// Captures log output written by the tracing fmt subscriber.
#[derive(Clone, Default)]
struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// Current-thread runtime: the thread-local log subscriber then sees the dispatcher task too.
#[tokio::test]
async fn failing_webhook_is_retried_until_the_alert_arrives_once_without_leaking_the_url() {
    let logs = LogCapture::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (url, hook) = start_webhook(Behaviour::FailFirst(2)).await.unwrap();
    let sink = Arc::new(MemoryAlertSink::new());
    let dispatcher = AlertDispatcher::spawn(Some(url), sink.clone(), fast_retry());
    let alert = threshold_alert();
    dispatcher.fire(alert.clone());
    assert!(wait_until(|| !hook.accepted.lock().unwrap().is_empty()).await);
    assert!(dispatcher.shutdown(Duration::from_secs(5)).await);

    assert_eq!(
        hook.attempts.load(Ordering::SeqCst),
        3,
        "2 failures then success"
    );
    let accepted = hook.accepted.lock().unwrap().clone();
    assert_eq!(accepted.len(), 1, "delivered exactly once");
    let text = accepted[0]["text"].as_str().unwrap();
    assert!(
        text.contains("budget_threshold") && text.contains("80%"),
        "{text}"
    );
    assert!(
        text.contains("$4.000000") && text.contains("$5.000000"),
        "{text}"
    );
    assert_eq!(sink.alerts(), vec![alert]);

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("alert webhook refused"), "{logged}");
    assert!(logged.contains("http://127.0.0.1"), "{logged}");
    assert!(
        !logged.contains("SECRETTOKEN"),
        "secret path logged: {logged}"
    );
}

#[tokio::test]
async fn unreachable_webhook_errors_are_logged_without_the_url() {
    let logs = LogCapture::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A port that was free a moment ago: connections are refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}{SECRET_PATH}");
    let sink = Arc::new(MemoryAlertSink::new());
    let dispatcher = AlertDispatcher::spawn(Some(url), sink.clone(), fast_retry());
    dispatcher.fire(threshold_alert());
    assert!(dispatcher.shutdown(Duration::from_secs(5)).await);

    assert_eq!(
        sink.alerts().len(),
        1,
        "stored although the webhook is down"
    );
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        logged.matches("alert webhook failed").count(),
        4,
        "{logged}"
    );
    assert!(logged.contains("gave up"), "{logged}");
    assert!(
        !logged.contains("SECRETTOKEN"),
        "secret path logged: {logged}"
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (url, hook) = start_webhook(Behaviour::Reject).await.unwrap();
    let sink = Arc::new(MemoryAlertSink::new());
    let dispatcher = AlertDispatcher::spawn(Some(url), sink.clone(), fast_retry());
    dispatcher.fire(threshold_alert());
    assert!(dispatcher.shutdown(Duration::from_secs(5)).await);
    assert_eq!(hook.attempts.load(Ordering::SeqCst), 1);
    assert_eq!(sink.alerts().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fire_never_blocks_on_a_hanging_webhook_and_counts_drops() {
    let (url, hook) = start_webhook(Behaviour::Hang).await.unwrap();
    let sink = Arc::new(MemoryAlertSink::new());
    let dispatcher = AlertDispatcher::spawn_with_capacity(Some(url), sink.clone(), fast_retry(), 4);
    dispatcher.fire(threshold_alert());
    // The worker takes the first alert, stores it, then hangs on the webhook.
    assert!(wait_until(|| hook.attempts.load(Ordering::SeqCst) == 1).await);
    assert_eq!(sink.alerts().len(), 1, "stored before the webhook call");

    let started = Instant::now();
    for _ in 0..100 {
        dispatcher.fire(threshold_alert());
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_millis(200),
        "100 fires took {elapsed:?}"
    );
    assert_eq!(
        dispatcher.dropped_count(),
        96,
        "capacity 4 queued, the rest dropped"
    );

    let started = Instant::now();
    assert!(
        !dispatcher.shutdown(Duration::from_millis(200)).await,
        "cannot drain"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "shutdown wait is bounded"
    );
    dispatcher.fire(threshold_alert());
    assert_eq!(dispatcher.dropped_count(), 97, "fire after shutdown drops");
}

#[tokio::test]
async fn shutdown_drains_queued_alerts() {
    let (url, hook) = start_webhook(Behaviour::FailFirst(0)).await.unwrap();
    let sink = Arc::new(MemoryAlertSink::new());
    let dispatcher = AlertDispatcher::spawn(Some(url), sink.clone(), fast_retry());
    for _ in 0..5 {
        dispatcher.fire(threshold_alert());
    }
    assert!(dispatcher.shutdown(Duration::from_secs(5)).await);
    assert_eq!(hook.accepted.lock().unwrap().len(), 5);
    assert_eq!(sink.alerts().len(), 5);
    assert_eq!(dispatcher.dropped_count(), 0);
}

#[test]
fn webhook_urls_are_validated() {
    assert!(AlertDispatcher::validate_webhook_url("https://hooks.example.com/x/y").is_ok());
    for bad in ["not a url", "ftp://example.com/x", "file:///etc/passwd"] {
        assert!(AlertDispatcher::validate_webhook_url(bad).is_err(), "{bad}");
    }
}
