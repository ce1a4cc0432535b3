//! Non-blocking alert delivery: log, store, and POST to a Slack-compatible webhook.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;

use crate::alert::{Alert, AlertSink};
use crate::error::BudgetError;

/// Alerts waiting for delivery before [`AlertDispatcher::fire`] starts dropping.
pub const DEFAULT_ALERT_QUEUE_CAPACITY: usize = 256;

/// How hard to try a webhook POST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRetryPolicy {
    /// Attempts per alert, the first included (at least 1 is made).
    pub max_attempts: u32,
    /// Wait after the first failure; doubled after each further one.
    pub initial_backoff: Duration,
    /// Ceiling of the wait between attempts.
    pub max_backoff: Duration,
    /// Limit of one attempt, so a hanging webhook cannot stall the queue forever.
    pub request_timeout: Duration,
}

impl Default for AlertRetryPolicy {
    fn default() -> Self {
        AlertRetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            request_timeout: Duration::from_secs(10),
        }
    }
}

impl AlertRetryPolicy {
    /// The wait after failed attempt number `attempt` (1-based).
    fn backoff_after(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// The webhook target. Its URL's path is a secret (Slack's is the credential), so only
/// `redacted` (scheme and host) is ever logged, and reqwest errors are stripped of the URL.
struct Webhook {
    url: reqwest::Url,
    redacted: String,
    client: reqwest::Client,
}

fn parse_webhook_url(url: &str) -> Result<reqwest::Url, BudgetError> {
    // The parse error text never contains the input, so it is safe to surface.
    let parsed =
        reqwest::Url::parse(url).map_err(|e| BudgetError::InvalidWebhook(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(BudgetError::InvalidWebhook(
            "expected an http(s) URL with a host".to_owned(),
        ));
    }
    Ok(parsed)
}

fn redact(url: &reqwest::Url) -> String {
    format!("{}://{}", url.scheme(), url.host_str().unwrap_or("?"))
}

/// Delivers alerts in the background. [`AlertDispatcher::fire`] never waits: alerts go
/// through a bounded queue and are dropped (and counted) when it is full, because an
/// alerting outage must not slow down or fail the requests that raise alerts.
pub struct AlertDispatcher {
    queue: mpsc::Sender<Alert>,
    dropped: Arc<AtomicU64>,
    stop: Arc<Notify>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

impl AlertDispatcher {
    /// Checks a webhook URL at start-up so a typo fails configuration loudly.
    pub fn validate_webhook_url(url: &str) -> Result<(), BudgetError> {
        parse_webhook_url(url).map(|_| ())
    }

    /// Starts the delivery task (call inside a Tokio runtime) with the default queue size.
    /// An invalid `webhook_url` is logged as an error and the webhook is disabled; alerts are
    /// still logged and stored. Use [`AlertDispatcher::validate_webhook_url`] to fail instead.
    pub fn spawn(
        webhook_url: Option<String>,
        sink: Arc<dyn AlertSink>,
        retry: AlertRetryPolicy,
    ) -> AlertDispatcher {
        AlertDispatcher::spawn_with_capacity(webhook_url, sink, retry, DEFAULT_ALERT_QUEUE_CAPACITY)
    }

    /// Like [`AlertDispatcher::spawn`] with a chosen queue capacity (at least 1).
    pub fn spawn_with_capacity(
        webhook_url: Option<String>,
        sink: Arc<dyn AlertSink>,
        retry: AlertRetryPolicy,
        capacity: usize,
    ) -> AlertDispatcher {
        let webhook = webhook_url.and_then(|url| build_webhook(&url, retry.request_timeout));
        let (queue, rx) = mpsc::channel(capacity.max(1));
        let stop = Arc::new(Notify::new());
        let worker = tokio::spawn(deliver_all(rx, Arc::clone(&stop), sink, webhook, retry));
        AlertDispatcher {
            queue,
            dropped: Arc::new(AtomicU64::new(0)),
            stop,
            worker: Mutex::new(Some(worker)),
        }
    }

    /// Queues an alert without waiting; drops it with a warning when the queue is full or
    /// the dispatcher has shut down.
    pub fn fire(&self, alert: Alert) {
        if let Err(err) = self.queue.try_send(alert) {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            let reason = match err {
                mpsc::error::TrySendError::Full(_) => "queue full",
                mpsc::error::TrySendError::Closed(_) => "dispatcher shut down",
            };
            tracing::warn!(reason, dropped_total = dropped, "alert dropped");
        }
    }

    /// Alerts dropped so far because the queue was full or closed.
    pub fn dropped_count(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Stops accepting alerts and delivers those already queued, waiting at most `wait`.
    /// Returns true when everything queued was delivered (or given up after its retries);
    /// false when the wait ran out and the rest was abandoned.
    pub async fn shutdown(&self, wait: Duration) -> bool {
        let worker = self
            .worker
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let Some(mut worker) = worker else {
            return true;
        };
        // notify_one keeps a permit if the worker is busy delivering, so it is not missed.
        self.stop.notify_one();
        match tokio::time::timeout(wait, &mut worker).await {
            Ok(_) => true,
            Err(_) => {
                let pending = self.queue.max_capacity() - self.queue.capacity();
                tracing::warn!(
                    pending,
                    "alert dispatcher shutdown timed out; abandoning alerts"
                );
                worker.abort();
                false
            }
        }
    }
}

fn build_webhook(url: &str, timeout: Duration) -> Option<Webhook> {
    let url = match parse_webhook_url(url) {
        Ok(url) => url,
        Err(err) => {
            tracing::error!(error = %err, "alert webhook disabled");
            return None;
        }
    };
    match reqwest::Client::builder().timeout(timeout).build() {
        Ok(client) => Some(Webhook {
            redacted: redact(&url),
            url,
            client,
        }),
        Err(err) => {
            tracing::error!(error = %err.without_url(), "alert webhook disabled: no HTTP client");
            None
        }
    }
}

async fn deliver_all(
    mut rx: mpsc::Receiver<Alert>,
    stop: Arc<Notify>,
    sink: Arc<dyn AlertSink>,
    webhook: Option<Webhook>,
    retry: AlertRetryPolicy,
) {
    loop {
        tokio::select! {
            biased;
            _ = stop.notified() => break,
            next = rx.recv() => match next {
                Some(alert) => deliver(&alert, sink.as_ref(), webhook.as_ref(), &retry).await,
                None => return,
            },
        }
    }
    // Shutting down: refuse new alerts, then drain what is already queued.
    rx.close();
    while let Some(alert) = rx.recv().await {
        deliver(&alert, sink.as_ref(), webhook.as_ref(), &retry).await;
    }
}

async fn deliver(
    alert: &Alert,
    sink: &dyn AlertSink,
    webhook: Option<&Webhook>,
    retry: &AlertRetryPolicy,
) {
    tracing::warn!(
        kind = %alert.kind,
        scope = alert.scope.as_ref().map(|s| s.key()),
        percent = alert.percent,
        "ALERT: {}",
        alert.message
    );
    if let Err(err) = sink.store(alert).await {
        tracing::error!(error = %err, kind = %alert.kind, "alert could not be stored");
    }
    if let Some(webhook) = webhook {
        post_with_retries(webhook, &alert.slack_payload(), retry).await;
    }
}

async fn post_with_retries(webhook: &Webhook, body: &serde_json::Value, retry: &AlertRetryPolicy) {
    let attempts = retry.max_attempts.max(1);
    for attempt in 1..=attempts {
        let outcome = webhook
            .client
            .post(webhook.url.clone())
            .json(body)
            .send()
            .await;
        let retryable = match outcome {
            Ok(resp) if resp.status().is_success() => return,
            Ok(resp) => {
                let status = resp.status();
                tracing::warn!(target_host = %webhook.redacted, %status, attempt, "alert webhook refused");
                // Other 4xx mean the request itself is wrong: retrying cannot help.
                status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            }
            Err(err) => {
                tracing::warn!(target_host = %webhook.redacted, error = %err.without_url(), attempt, "alert webhook failed");
                true
            }
        };
        if !retryable || attempt == attempts {
            break;
        }
        tokio::time::sleep(retry.backoff_after(attempt)).await;
    }
    tracing::error!(target_host = %webhook.redacted, "alert webhook gave up; alert only logged and stored");
}
