//! The webhook URL's secret path never reaches the logs. One test in its own binary, with a
//! global subscriber, because tracing caches per-callsite interest across threads and a
//! thread-local subscriber would miss events first seen by concurrently running tests.

mod support;

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pitwall_budget::{AlertDispatcher, MemoryAlertSink};
use support::{fast_retry, start_webhook, threshold_alert, wait_until, Behaviour, SECRET_PATH};

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

impl LogCapture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

#[tokio::test]
async fn webhook_failures_are_logged_with_the_host_only() {
    let logs = LogCapture::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    // A webhook answering 500 twice, then 200.
    let (url, hook) = start_webhook(Behaviour::FailFirst(2)).await.unwrap();
    let sink = Arc::new(MemoryAlertSink::new());
    let dispatcher = AlertDispatcher::spawn(Some(url), sink.clone(), fast_retry());
    dispatcher.fire(threshold_alert());
    assert!(wait_until(|| !hook.accepted.lock().unwrap().is_empty()).await);
    assert!(dispatcher.shutdown(Duration::from_secs(5)).await);
    let logged = logs.text();
    assert_eq!(
        logged.matches("alert webhook refused").count(),
        2,
        "{logged}"
    );
    assert!(logged.contains("target_host=http://127.0.0.1"), "{logged}");

    // A webhook refusing connections: reqwest errors name the URL unless stripped.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}{SECRET_PATH}");
    let dispatcher = AlertDispatcher::spawn(Some(url), sink.clone(), fast_retry());
    dispatcher.fire(threshold_alert());
    assert!(dispatcher.shutdown(Duration::from_secs(5)).await);
    assert_eq!(
        sink.alerts().len(),
        2,
        "stored although the webhook is down"
    );
    let logged = logs.text();
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
