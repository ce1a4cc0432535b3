//! The HTTP side: routes, request recording, and turning a behaviour into a response.

use crate::behaviour::Behaviour;
use crate::fake_model::{self, InvalidRequest};
use crate::wire::{self, Answer, TokenCounts};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Response, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// One request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// Request path, e.g. `/v1/chat/completions`.
    pub path: String,
    /// Every header, names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The `authorization` header value, if any (tests check the bearer token was sent).
    pub authorization: Option<String>,
    /// The body parsed as JSON, or `None` when it was not JSON.
    pub body: Option<Value>,
    /// When the request arrived (to check retry spacing).
    pub received_at: Instant,
}

impl RecordedRequest {
    /// The value of a header (name matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// State shared by the handle and every request.
pub(crate) struct Shared {
    pub queue: Mutex<VecDeque<Behaviour>>,
    pub default: Mutex<Behaviour>,
    pub latency: Mutex<Duration>,
    pub requests: Mutex<Vec<RecordedRequest>>,
    pub counter: AtomicU64,
    pub shutdown: watch::Receiver<bool>,
}

/// Locks a mutex, carrying on after a panicked holder: the data are plain records.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Both paths OpenAI clients use (with and without the `/v1` prefix).
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/chat/completions", post(chat_completions))
        .route("/chat/completions", post(chat_completions))
        .with_state(shared)
}

async fn chat_completions(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let id = shared.counter.fetch_add(1, Ordering::SeqCst) + 1;
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let recorded = RecordedRequest {
        path: uri.path().to_string(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        authorization: headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: parsed.clone(),
        received_at: Instant::now(),
    };
    let authorization = recorded.authorization.clone();
    lock(&shared.requests).push(recorded);

    let queued = lock(&shared.queue).pop_front();
    let behaviour = queued.unwrap_or_else(|| lock(&shared.default).clone());
    let (delay, behaviour) = resolve(behaviour, parsed.as_ref());
    let delay = delay + *lock(&shared.latency);
    let mut shutdown = shared.shutdown.clone();
    if !delay.is_zero() {
        tokio::select! {
            () = tokio::time::sleep(delay) => {}
            _ = shutdown.changed() => return shutting_down(id),
        }
    }
    let request = Incoming {
        id,
        body: parsed,
        authorization,
        shared: &shared,
    };
    request.respond(behaviour, &mut shutdown).await
}

/// Peels latency layers and picks a script's step; returns the total delay and what remains.
fn resolve(mut behaviour: Behaviour, request: Option<&Value>) -> (Duration, Behaviour) {
    let mut delay = Duration::ZERO;
    loop {
        behaviour = match behaviour {
            Behaviour::Latency(extra, inner) => {
                delay += extra;
                *inner
            }
            Behaviour::Scripted(mut steps) => {
                if steps.is_empty() {
                    Behaviour::Ok
                } else {
                    let turn = request.map_or(0, fake_model::assistant_turns);
                    steps.swap_remove(turn.min(steps.len() - 1))
                }
            }
            other => return (delay, other),
        }
    }
}

struct Incoming<'a> {
    id: u64,
    body: Option<Value>,
    authorization: Option<String>,
    shared: &'a Shared,
}

impl Incoming<'_> {
    async fn respond(
        self,
        behaviour: Behaviour,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Response<Body> {
        match behaviour {
            Behaviour::Hang => {
                // Hold the connection open without a byte of answer until the server stops.
                let _ = shutdown.wait_for(|stopping| *stopping).await;
                shutting_down(self.id)
            }
            Behaviour::RateLimited {
                code,
                retry_after,
                retry_after_ms,
            } => {
                let message = match code {
                    crate::RateLimitCode::RateLimitExceeded => {
                        "Rate limit reached for gpt-4o-mini in organization org-standin on \
                         requests per min (RPM): Limit 500, Used 500, Requested 1. Please try \
                         again in 120ms."
                    }
                    crate::RateLimitCode::InsufficientQuota => {
                        "You exceeded your current quota, please check your plan and billing \
                         details."
                    }
                };
                let kind = match code {
                    crate::RateLimitCode::RateLimitExceeded => "requests",
                    crate::RateLimitCode::InsufficientQuota => "insufficient_quota",
                };
                let body = wire::error_body(message, kind, None, Some(code.as_str()));
                let mut response =
                    wire::json_response(StatusCode::TOO_MANY_REQUESTS, &body, self.id);
                wire::add_rate_limit_headers(&mut response, 0);
                let headers = response.headers_mut();
                if let Some(value) = retry_after {
                    wire::insert(headers, "retry-after", &value);
                }
                if let Some(ms) = retry_after_ms {
                    wire::insert(headers, "retry-after-ms", &ms.to_string());
                }
                response
            }
            Behaviour::Status {
                status,
                should_retry,
            } => {
                let mut response = self.status_response(status);
                if let Some(flag) = should_retry {
                    wire::insert(response.headers_mut(), "x-should-retry", &flag.to_string());
                }
                response
            }
            Behaviour::MalformedJson => wire::raw_response(
                StatusCode::OK,
                "application/json",
                r#"{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,"mess"#
                    .to_string(),
                self.id,
            ),
            answering => self.answer(answering),
        }
    }

    /// A model answer, after the checks the real API makes on auth and the request body.
    fn answer(self, behaviour: Behaviour) -> Response<Body> {
        let has_key = self
            .authorization
            .as_deref()
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|key| !key.trim().is_empty());
        if !has_key {
            let body = wire::error_body(
                "You didn't provide an API key. You need to provide your API key in an \
                 Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                "invalid_request_error",
                None,
                None,
            );
            return wire::json_response(StatusCode::UNAUTHORIZED, &body, self.id);
        }
        let Some(request) = self.body.as_ref() else {
            let body = wire::error_body(
                "We could not parse the JSON body of your request. (HINT: This likely means \
                 you aren't using your HTTP library correctly.)",
                "invalid_request_error",
                None,
                None,
            );
            return wire::json_response(StatusCode::BAD_REQUEST, &body, self.id);
        };
        if let Err(InvalidRequest { message, param }) = fake_model::validate(request) {
            let body = wire::error_body(&message, "invalid_request_error", param.as_deref(), None);
            return wire::json_response(StatusCode::BAD_REQUEST, &body, self.id);
        }
        let counter = &self.shared.counter;
        let call_id = || format!("call_standin{:08}", counter.fetch_add(1, Ordering::SeqCst));
        let run_sql = |args: String| Answer::ToolCalls(vec![(call_id(), "run_sql".into(), args)]);
        let answer = match behaviour {
            Behaviour::ToolCall(sql) => run_sql(serde_json::json!({ "sql": sql }).to_string()),
            Behaviour::InvalidToolArguments(raw) => run_sql(raw),
            Behaviour::ToolCalls(calls) => Answer::ToolCalls(
                calls
                    .into_iter()
                    .map(|(name, args)| (call_id(), name, args))
                    .collect(),
            ),
            Behaviour::Final(text) => fake_model::final_text(request, text),
            _ => fake_model::default_answer(request, call_id),
        };
        let tokens = TokenCounts {
            prompt: fake_model::prompt_tokens(request),
            completion: fake_model::completion_tokens(&answer),
        };
        let model = request.get("model").and_then(Value::as_str).unwrap_or("");
        let body = wire::completion_body(self.id, model, &answer, tokens);
        let mut response = wire::json_response(StatusCode::OK, &body, self.id);
        wire::add_rate_limit_headers(&mut response, 499);
        response
    }

    /// An error status with the body OpenAI (or the gateway in front of it) sends.
    fn status_response(&self, status: u16) -> Response<Body> {
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status == 502 {
            // Gateway errors come from the CDN as HTML, not OpenAI JSON.
            let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                        <center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
            return wire::raw_response(code, "text/html", html.to_string(), self.id);
        }
        let key = self
            .authorization
            .as_deref()
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        // OpenAI masks the middle of the key in this message; the stand-in echoes it whole so
        // that tests prove the client never lets it through.
        let unauthorized = format!("Incorrect API key provided: {key}. You can find your API key at https://platform.openai.com/account/api-keys.");
        let (message, kind, error_code) = match status {
            400 => (
                "Invalid request (injected by the stand-in).",
                "invalid_request_error",
                None,
            ),
            401 => (
                unauthorized.as_str(),
                "invalid_request_error",
                Some("invalid_api_key"),
            ),
            403 => (
                "Country, region, or territory not supported",
                "request_forbidden",
                Some("unsupported_country_region_territory"),
            ),
            404 => (
                "The model does not exist or you do not have access to it.",
                "invalid_request_error",
                Some("model_not_found"),
            ),
            408 => ("Request timed out.", "timeout", None),
            409 => (
                "The request conflicted with another request.",
                "conflict",
                None,
            ),
            500 => (
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                None,
            ),
            503 => (
                "The engine is currently overloaded, please try again later.",
                "server_error",
                None,
            ),
            _ => (
                "Unexpected error (injected by the stand-in).",
                "server_error",
                None,
            ),
        };
        let body = wire::error_body(message, kind, None, error_code);
        wire::json_response(code, &body, self.id)
    }
}

fn shutting_down(id: u64) -> Response<Body> {
    let body = wire::error_body("The stand-in is shutting down.", "server_error", None, None);
    wire::json_response(StatusCode::SERVICE_UNAVAILABLE, &body, id)
}
