//! The alert dispatcher against a real local HTTP webhook (axum on 127.0.0.1:0).

mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pitwall_budget::{AlertDispatcher, MemoryAlertSink};
use support::{fast_retry, start_webhook, threshold_alert, wait_until, Behaviour};

#[tokio::test]
async fn failing_webhook_is_retried_until_the_alert_arrives_once() {
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
