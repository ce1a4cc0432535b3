//! What the stand-in does with one request: answer like the fake model, or fail in a chosen way.

use std::time::Duration;

/// The `code` of a 429 error body; OpenAI uses the same status for two very different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitCode {
    /// Too many requests or tokens per minute: transient, worth retrying.
    RateLimitExceeded,
    /// The account has no credit left: retrying cannot help.
    InsufficientQuota,
}

impl RateLimitCode {
    /// The wire value of the error's `code` (and `type`) field.
    pub fn as_str(self) -> &'static str {
        match self {
            RateLimitCode::RateLimitExceeded => "rate_limit_exceeded",
            RateLimitCode::InsufficientQuota => "insufficient_quota",
        }
    }
}

/// One request's fate. Queued behaviours are consumed one per request; the default answers the rest.
#[derive(Debug, Clone, PartialEq)]
pub enum Behaviour {
    /// The deterministic fake model: a `run_sql` tool call until a tool result is present, then a
    /// final answer quoting it.
    Ok,
    /// Wait this long, then behave as the inner behaviour (latency combines with any fault).
    Latency(Duration, Box<Behaviour>),
    /// HTTP 429 with OpenAI's rate-limit headers and error body.
    RateLimited {
        /// `rate_limit_exceeded` or `insufficient_quota`.
        code: RateLimitCode,
        /// Raw `retry-after` header value (seconds or an HTTP date), if any.
        retry_after: Option<String>,
        /// `retry-after-ms` header value, if any.
        retry_after_ms: Option<u64>,
    },
    /// An error status (400, 401, 403, 404, 408, 409, 422, 500, 502, 503, ...) with OpenAI's error
    /// body, and an `x-should-retry` header when `should_retry` is set.
    Status {
        /// The HTTP status code.
        status: u16,
        /// Value of the `x-should-retry` header, omitted when `None`.
        should_retry: Option<bool>,
    },
    /// Accept the request and never answer (until the stand-in shuts down).
    Hang,
    /// HTTP 200 with a JSON body cut off half-way.
    MalformedJson,
    /// A `run_sql` tool call whose `arguments` string is this raw text (e.g. not JSON, or JSON
    /// without `sql`).
    InvalidToolArguments(String),
    /// A well-formed `run_sql` tool call with this SQL.
    ToolCall(String),
    /// Several tool calls in one assistant message: `(function name, raw arguments string)`.
    ToolCalls(Vec<(String, String)>),
    /// A final text answer (`finish_reason` "stop", or "length" when cut by the token limit).
    Final(String),
    /// A conversation script: step `n` answers the request that already holds `n` assistant
    /// messages, the last step answering any later turn. Meant as a default behaviour, so that
    /// concurrent conversations each follow the script.
    Scripted(Vec<Behaviour>),
}

impl Behaviour {
    /// This behaviour, answered after `delay`.
    pub fn with_latency(self, delay: Duration) -> Behaviour {
        Behaviour::Latency(delay, Box::new(self))
    }

    /// A 429 `rate_limit_exceeded` with a `retry-after-ms` header.
    pub fn rate_limited_ms(retry_after_ms: u64) -> Behaviour {
        Behaviour::RateLimited {
            code: RateLimitCode::RateLimitExceeded,
            retry_after: None,
            retry_after_ms: Some(retry_after_ms),
        }
    }

    /// A 429 `insufficient_quota` (billing exhausted), without retry hints, as OpenAI sends it.
    pub fn insufficient_quota() -> Behaviour {
        Behaviour::RateLimited {
            code: RateLimitCode::InsufficientQuota,
            retry_after: None,
            retry_after_ms: None,
        }
    }

    /// An error status without an `x-should-retry` header.
    pub fn status(status: u16) -> Behaviour {
        Behaviour::Status {
            status,
            should_retry: None,
        }
    }
}
