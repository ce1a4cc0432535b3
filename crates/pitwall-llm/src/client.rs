//! The HTTP client: one Chat Completions call, retried by the policy, bounded by a deadline.

use crate::error::{scrub, LlmError};
use crate::retry::{server_retry_delay, should_retry_override, RetryPolicy};
use crate::wire::{ChatRequest, ChatResponse, ErrorEnvelope, Usage};
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use std::time::{Duration, Instant, SystemTime};

/// A request serialised once: the same bytes go out on every attempt, and their length is an
/// upper bound of the prompt's tokens (a BPE token is at least one byte) for budget reservations.
#[derive(Debug, Clone)]
pub struct EncodedRequest {
    body: bytes::Bytes,
}

impl EncodedRequest {
    /// Serialises `req` as the JSON body of a Chat Completions call.
    pub fn new(req: &ChatRequest) -> Result<EncodedRequest, LlmError> {
        serde_json::to_vec(req)
            .map(|body| EncodedRequest { body: body.into() })
            .map_err(|e| LlmError::InvalidConfig(format!("cannot encode the request: {e}")))
    }

    /// Length of the body in bytes.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// True for an empty body (never, for a real request).
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }
}

/// Everything the client needs; the key is a [`SecretString`] and never printed.
#[derive(Clone)]
pub struct LlmClientConfig {
    /// Base URL of the API, e.g. `https://api.openai.com/v1` (`/chat/completions` is appended).
    pub base_url: String,
    /// Model name sent with every request.
    pub model: String,
    /// Bearer token.
    pub api_key: SecretString,
    /// Completion token cap the app puts on each request.
    pub max_tokens: u32,
    /// TCP + TLS connect timeout.
    pub connect_timeout: Duration,
    /// Timeout of one attempt, from sending to the last byte of the answer.
    pub attempt_timeout: Duration,
    /// Retry policy.
    pub retry: RetryPolicy,
}

impl std::fmt::Debug for LlmClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClientConfig")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &"[redacted]")
            .field("max_tokens", &self.max_tokens)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

/// A successful call.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatOutcome {
    /// The completion.
    pub response: ChatResponse,
    /// Its token usage (zeros when the server sent none).
    pub usage: Usage,
    /// Attempts made, the successful one included.
    pub attempts: u32,
    /// The model that answered, as the server named it.
    pub model: String,
    /// Wall time of the whole call, retries and waits included.
    pub elapsed: Duration,
}

/// OpenAI-compatible Chat Completions client with retries.
#[derive(Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    endpoint: String,
    config: LlmClientConfig,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClient")
            .field("endpoint", &self.endpoint)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// How one attempt failed, with what the server said about retrying.
struct AttemptFailure {
    error: LlmError,
    should_retry: Option<bool>,
    server_delay: Option<Duration>,
}

impl From<LlmError> for AttemptFailure {
    fn from(error: LlmError) -> Self {
        AttemptFailure {
            error,
            should_retry: None,
            server_delay: None,
        }
    }
}

impl LlmClient {
    /// Builds the client (rustls, connection pool, connect timeout).
    pub fn new(config: LlmClientConfig) -> Result<LlmClient, LlmError> {
        let base = config.base_url.trim_end_matches('/');
        let endpoint = format!("{base}/chat/completions");
        reqwest::Url::parse(&endpoint)
            .map_err(|e| LlmError::InvalidConfig(format!("base_url is not a URL: {e}")))?;
        if config.retry.max_attempts == 0 {
            return Err(LlmError::InvalidConfig(
                "retry.max_attempts must be at least 1".into(),
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("pitwall-llm/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LlmError::InvalidConfig(format!("cannot build HTTP client: {e}")))?;
        Ok(LlmClient {
            http,
            endpoint,
            config,
        })
    }

    /// The configured model name.
    pub fn model(&self) -> &str {
        &self.config.model
    }

    /// The configured completion token cap.
    pub fn max_tokens(&self) -> u32 {
        self.config.max_tokens
    }

    /// Sends the request, retrying per the policy, with no deadline beyond the policy's bounds.
    pub async fn chat(&self, req: &ChatRequest) -> Result<ChatOutcome, LlmError> {
        self.run(&EncodedRequest::new(req)?, None).await
    }

    /// Like [`chat`](Self::chat), but never waits or keeps an attempt running past `deadline`.
    pub async fn chat_with_deadline(
        &self,
        req: &ChatRequest,
        deadline: Instant,
    ) -> Result<ChatOutcome, LlmError> {
        self.run(&EncodedRequest::new(req)?, Some(deadline)).await
    }

    /// Like [`chat_with_deadline`](Self::chat_with_deadline) for a request the caller already
    /// encoded (to size its budget reservation from the same bytes that are sent).
    pub async fn send_with_deadline(
        &self,
        req: &EncodedRequest,
        deadline: Instant,
    ) -> Result<ChatOutcome, LlmError> {
        self.run(req, Some(deadline)).await
    }

    async fn run(
        &self,
        req: &EncodedRequest,
        deadline: Option<Instant>,
    ) -> Result<ChatOutcome, LlmError> {
        let started = Instant::now();
        let policy = &self.config.retry;
        let mut attempts: u32 = 0;
        let mut malformed_seen: u32 = 0;
        loop {
            let now = Instant::now();
            let remaining = deadline.map(|d| d.saturating_duration_since(now));
            if remaining == Some(Duration::ZERO) {
                return Err(LlmError::DeadlineExceeded {
                    attempts,
                    in_flight: false,
                });
            }
            attempts += 1;
            let budget = remaining.map_or(self.config.attempt_timeout, |r| {
                r.min(self.config.attempt_timeout)
            });
            let cut_by_deadline = budget < self.config.attempt_timeout;
            let failure = match tokio::time::timeout(budget, self.attempt(req)).await {
                Ok(Ok(response)) => {
                    let outcome = ChatOutcome {
                        usage: response.usage.unwrap_or_default(),
                        model: if response.model.is_empty() {
                            self.config.model.clone()
                        } else {
                            response.model.clone()
                        },
                        response,
                        attempts,
                        elapsed: started.elapsed(),
                    };
                    tracing::debug!(
                        model = %outcome.model,
                        attempts,
                        prompt_tokens = outcome.usage.prompt_tokens,
                        completion_tokens = outcome.usage.completion_tokens,
                        cached_tokens = outcome.usage.cached_tokens,
                        elapsed_ms = outcome.elapsed.as_millis() as u64,
                        "llm call succeeded"
                    );
                    return Ok(outcome);
                }
                Ok(Err(failure)) => failure,
                Err(_) if cut_by_deadline => {
                    tracing::warn!(model = %self.config.model, attempts, "llm call cut by the deadline");
                    return Err(LlmError::DeadlineExceeded {
                        attempts,
                        in_flight: true,
                    });
                }
                Err(_) => AttemptFailure::from(LlmError::Timeout(budget)),
            };
            if matches!(failure.error, LlmError::Malformed(_)) {
                malformed_seen += 1;
            }
            // A broken body is retried once: a second one is likely a proxy or model problem.
            let default_retry = match failure.error {
                LlmError::Malformed(_) => malformed_seen == 1,
                ref other => other.is_retryable(),
            };
            // `x-should-retry: true` may not override the rules that protect
            // us: 400/401/403 and insufficient_quota are never retried.
            let retry = match failure.should_retry {
                Some(true) if failure.error.is_never_retried() => false,
                Some(forced) => forced,
                None => default_retry,
            };
            let error = failure.error;
            if !retry || attempts >= policy.max_attempts {
                tracing::warn!(model = %self.config.model, attempts, retry, error = %error, "llm call failed");
                return Err(error);
            }
            let delay = match failure.server_delay {
                Some(asked) if asked > policy.max_retry_after => {
                    tracing::warn!(model = %self.config.model, attempts, asked_ms = asked.as_millis() as u64, error = %error, "upstream asked to wait longer than allowed; giving up");
                    return Err(error);
                }
                Some(asked) => asked,
                None => policy.backoff(attempts),
            };
            if deadline.is_some_and(|d| Instant::now() + delay >= d) {
                tracing::warn!(model = %self.config.model, attempts, delay_ms = delay.as_millis() as u64, error = %error, "no time left for a retry before the deadline");
                return Err(error);
            }
            tracing::info!(model = %self.config.model, attempts, delay_ms = delay.as_millis() as u64, error = %error, "retrying llm call");
            pitwall_metrics::record::llm_retry(error.class());
            tokio::time::sleep(delay).await;
        }
    }

    /// One HTTP exchange: send, read the whole body, classify.
    async fn attempt(&self, req: &EncodedRequest) -> Result<ChatResponse, AttemptFailure> {
        let response = self
            .http
            .post(&self.endpoint)
            .bearer_auth(self.config.api_key.expose_secret())
            .header(CONTENT_TYPE, "application/json")
            .body(req.body.clone())
            .send()
            .await
            .map_err(|e| AttemptFailure::from(transport_error(&e)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| AttemptFailure::from(transport_error(&e)))?;
        if (200..300).contains(&status) {
            return parse_completion(&body).map_err(AttemptFailure::from);
        }
        Err(AttemptFailure {
            error: self.status_error(status, &headers, &body),
            should_retry: should_retry_override(&headers),
            server_delay: server_retry_delay(&headers, SystemTime::now()),
        })
    }

    /// Maps an error status and OpenAI error body to the error the app acts on.
    fn status_error(&self, status: u16, headers: &HeaderMap, body: &[u8]) -> LlmError {
        let parsed = serde_json::from_slice::<ErrorEnvelope>(body)
            .ok()
            .map(|e| e.error);
        let key = self.config.api_key.expose_secret();
        let message = match parsed.as_ref().and_then(|e| e.message.as_deref()) {
            Some(text) => scrub(text, key),
            None => format!("non-JSON error body ({} bytes)", body.len()),
        };
        let code = parsed
            .as_ref()
            .and_then(|e| e.code.as_ref())
            .and_then(|c| c.as_str().map(str::to_string));
        let kind = parsed.as_ref().and_then(|e| e.kind.clone());
        match status {
            429 if code.as_deref() == Some("insufficient_quota")
                || kind.as_deref() == Some("insufficient_quota") =>
            {
                LlmError::InsufficientQuota { message }
            }
            429 => LlmError::RateLimited {
                retry_after: server_retry_delay(headers, SystemTime::now()),
                message,
            },
            401 => LlmError::Unauthorized { message },
            403 => LlmError::Forbidden { message },
            408 | 409 | 500..=599 => LlmError::UpstreamStatus { status, message },
            _ => LlmError::BadRequest { status, message },
        }
    }
}

/// A 2xx body must be a completion with at least one choice.
fn parse_completion(body: &[u8]) -> Result<ChatResponse, LlmError> {
    let response: ChatResponse = serde_json::from_slice(body)
        .map_err(|e| LlmError::Malformed(format!("not a chat completion: {e}")))?;
    if response.choices.is_empty() {
        return Err(LlmError::Malformed("completion without choices".into()));
    }
    Ok(response)
}

/// Describes a reqwest failure by kind and cause chain, without the URL.
fn transport_error(error: &reqwest::Error) -> LlmError {
    let mut text = String::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(cause) = source {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    if text.is_empty() {
        text = "unknown cause".into();
    }
    if error.is_connect() {
        LlmError::Connect(text)
    } else if error.is_timeout() {
        LlmError::Timeout(Duration::ZERO)
    } else {
        LlmError::Transport(text)
    }
}
