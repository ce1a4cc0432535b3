//! Error tracking: 5xx responses and panics go to Sentry when `SENTRY_DSN`
//! is set; without it no client exists and nothing leaves the machine.
//!
//! Each request runs in a Sentry hub of its own, whose scope carries the
//! request id, the matched route template (never the raw path, which holds
//! ids) and the method; the client adds the release (`pitwall@<version>`).
//! A panic is captured by Sentry's panic hook while the request's hub is
//! current, so it carries the same tags; `CatchPanicLayer` then answers 500
//! and marks the response, so the 500 is not reported a second time. Every
//! event passes the [`scrub`] step before it is sent.

mod scrub;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use pitwall_config::{Config, ExposeSecret};
use sentry::protocol::{Event, Level, Value};
use sentry::{Hub, Scope, SentryFutureExt};

use crate::request_id::RequestId;

/// The release every event names: `pitwall@<version>`.
pub const RELEASE: &str = concat!("pitwall@", env!("CARGO_PKG_VERSION"));

/// How long shutdown waits for queued events to be sent.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a panic waits for its event to be sent.
const PANIC_FLUSH_TIMEOUT: Duration = Duration::from_millis(100);

/// Error tracking could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ErrorTrackingError {
    /// The DSN does not parse. The value is not quoted: it holds the key.
    #[error("SENTRY_DSN is not a valid Sentry DSN (expected https://KEY@HOST/PROJECT)")]
    InvalidDsn,
}

/// The Sentry client, if any, and what it may send. Cheap to clone.
#[derive(Clone, Default)]
pub struct ErrorTracking {
    client: Option<Arc<sentry::Client>>,
}

impl std::fmt::Debug for ErrorTracking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorTracking")
            .field("enabled", &self.is_enabled())
            .finish()
    }
}

/// The tracking [`init`] set up for this process.
static PROCESS: OnceLock<ErrorTracking> = OnceLock::new();

impl ErrorTracking {
    /// A client for `config.errors.dsn`, or none without a DSN.
    pub fn from_config(config: &Config) -> Result<Self, ErrorTrackingError> {
        let Some(dsn) = &config.errors.dsn else {
            return Ok(Self::default());
        };
        let dsn: sentry::types::Dsn = dsn
            .expose_secret()
            .parse()
            .map_err(|_| ErrorTrackingError::InvalidDsn)?;
        let scrubber = scrub::Scrubber {
            secrets: configured_secrets(config),
            include_questions: config.errors.include_questions,
        };
        // The options are non-exhaustive: set field by field.
        let mut options = sentry::ClientOptions::default();
        options.dsn = Some(dsn);
        options.release = Some(RELEASE.into());
        // No IP addresses, cookies or user data from the SDK's side.
        options.send_default_pii = false;
        options.before_send = Some(Arc::new(move |event| Some(scrubber.scrub(event))));
        // The panic hook flushes with this timeout on the panicking worker
        // thread: keep it short so a panic cannot stall the runtime for
        // long while Sentry is slow. Shutdown passes its own, longer one.
        options.shutdown_timeout = PANIC_FLUSH_TIMEOUT;
        let client = sentry::Client::from(sentry::apply_defaults(options));
        Ok(Self {
            client: Some(Arc::new(client)),
        })
    }

    /// The tracking [`init`] set up, else a client of this configuration's
    /// own (tests build several apps in one process, each with its own
    /// stand-in). An invalid DSN here is logged and tracking is off: `serve`
    /// has already refused it at start-up through [`init`].
    pub fn for_config(config: &Config) -> Self {
        if let Some(process) = PROCESS.get() {
            return process.clone();
        }
        Self::from_config(config).unwrap_or_else(|error| {
            tracing::error!(%error, "error tracking is off");
            Self::default()
        })
    }

    /// Whether events are sent anywhere.
    pub fn is_enabled(&self) -> bool {
        self.client.as_ref().is_some_and(|c| c.is_enabled())
    }

    /// Sends what is queued, waiting up to `timeout`; true when all went.
    pub fn flush(&self, timeout: Duration) -> bool {
        self.client.as_ref().is_none_or(|c| c.flush(Some(timeout)))
    }
}

/// Keeps the process's client; dropping it sends what is still queued
/// (up to 2 s). Hold it for as long as the server runs.
#[must_use = "dropping the guard closes the Sentry client"]
#[derive(Debug)]
pub struct ErrorTrackingGuard(ErrorTracking);

impl Drop for ErrorTrackingGuard {
    fn drop(&mut self) {
        if let Some(client) = &self.0.client {
            client.close(Some(FLUSH_TIMEOUT));
        }
    }
}

/// Sets up error tracking for the process (`pitwall serve`): the client
/// also becomes the main hub's, so a panic outside any request (a
/// background task) is reported too, and [`crate::router`] uses it.
pub fn init(config: &Config) -> Result<ErrorTrackingGuard, ErrorTrackingError> {
    let tracking = ErrorTracking::from_config(config)?;
    if tracking.is_enabled() {
        Hub::main().bind_client(tracking.client.clone());
        tracing::info!(release = RELEASE, "error tracking on");
    }
    let tracking = PROCESS.get_or_init(|| tracking).clone();
    Ok(ErrorTrackingGuard(tracking))
}

/// Every secret value the server holds, cut out of any event text that
/// would quote one.
fn configured_secrets(config: &Config) -> Vec<String> {
    [
        &config.llm.api_key,
        &config.access.key_pepper,
        &config.admin_token,
        &config.alert_webhook_url,
        &config.database_url,
        &config.redis_url,
    ]
    .into_iter()
    .flatten()
    .map(|s| s.expose_secret().to_string())
    .collect()
}

/// Marks a response the panic hook already reported.
#[derive(Debug, Clone, Copy)]
pub struct PanicReported;

/// What an [`crate::ApiError`] 5xx was, attached to its response for the
/// event (the body is already bytes by then).
#[derive(Debug, Clone)]
pub struct ServerFailure {
    /// The problem's stable code.
    pub code: &'static str,
    /// Its detail sentence.
    pub detail: String,
}

/// Attaches the question being answered to the request's scope; the
/// client's `before_send` keeps it only when
/// `PITWALL_ERRORS_INCLUDE_QUESTIONS=true`. A no-op without tracking.
pub fn note_question(question: &str) {
    sentry::configure_scope(|scope| {
        scope.set_extra(scrub::QUESTION_EXTRA, Value::String(question.to_string()));
    });
}

/// Middleware: runs the request in a hub of its own and reports a 5xx
/// response (except load shedding, which is by design and would flood the
/// tracker exactly when the machine is busiest).
pub async fn track(State(tracking): State<ErrorTracking>, req: Request, next: Next) -> Response {
    let Some(client) = tracking.client.filter(|c| c.is_enabled()) else {
        return next.run(req).await;
    };
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str)
        .to_string();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.0.clone())
        .unwrap_or_default();
    let method = req.method().to_string();
    let hub = Arc::new(Hub::new(Some(client), Arc::new(Scope::default())));
    hub.configure_scope(|scope| {
        scope.set_tag("request_id", &request_id);
        scope.set_tag("route", &route);
        scope.set_tag("method", &method);
    });
    let response = next.run(req).bind_hub(Arc::clone(&hub)).await;
    let status = response.status();
    if !status.is_server_error() || response.extensions().get::<PanicReported>().is_some() {
        return response;
    }
    let failure = response.extensions().get::<ServerFailure>();
    if failure.is_some_and(|f| f.code == "overloaded") {
        return response;
    }
    // A 5xx not built from an `ApiError` (none today) has no code.
    let code = failure.map_or("error", |f| f.code);
    let mut event = Event {
        level: Level::Error,
        message: Some(format!("{} {code} on {method} {route}", status.as_u16())),
        fingerprint: vec![
            "http-5xx".into(),
            route.clone().into(),
            status.as_u16().to_string().into(),
            code.to_string().into(),
        ]
        .into(),
        ..Default::default()
    };
    event
        .tags
        .insert("status".into(), status.as_u16().to_string());
    if let Some(failure) = failure {
        event.tags.insert("code".into(), failure.code.into());
        event
            .extra
            .insert("detail".into(), Value::String(failure.detail.clone()));
    }
    hub.capture_event(event);
    response
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use pitwall_config::{Config, Env};

    use super::ErrorTracking;

    #[test]
    fn no_dsn_no_client() {
        let config = Config::load(&Env::default()).unwrap();
        assert!(!ErrorTracking::from_config(&config).unwrap().is_enabled());
    }

    #[test]
    fn a_bad_dsn_is_refused_without_quoting_it() {
        let dsn = "not-a-dsn-but-a-private-value";
        let config = Config::load(&Env::from_pairs([("SENTRY_DSN", dsn)])).unwrap();
        let error = ErrorTracking::from_config(&config).unwrap_err().to_string();
        assert!(error.contains("SENTRY_DSN"), "{error}");
        assert!(!error.contains("private-value"), "{error}");
    }
}
