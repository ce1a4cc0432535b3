//! The one error type of the crate, with the questions the app asks of it.

use std::time::Duration;

/// Why a chat call (or a conversation step) failed. Messages never hold the API key or request
/// bodies: upstream messages are cut short and scrubbed of anything key-like.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// 429 `rate_limit_exceeded` (or a 429 without a code) still failing after retries, or asking
    /// to wait longer than the policy allows.
    #[error("upstream rate limited (retry after {retry_after:?}): {message}")]
    RateLimited {
        /// What the server asked us to wait, if it said.
        retry_after: Option<Duration>,
        /// Upstream's message, scrubbed.
        message: String,
    },
    /// 429 `insufficient_quota`: the account has no credit; retrying cannot help.
    #[error("upstream quota exhausted: {message}")]
    InsufficientQuota {
        /// Upstream's message, scrubbed.
        message: String,
    },
    /// 401: the key is wrong or revoked.
    #[error("upstream rejected the API key (401): {message}")]
    Unauthorized {
        /// Upstream's message, scrubbed.
        message: String,
    },
    /// 403: the key may not use this model, region or endpoint.
    #[error("upstream refused access (403): {message}")]
    Forbidden {
        /// Upstream's message, scrubbed.
        message: String,
    },
    /// 400, 404, 422 and other 4xx: the request itself is wrong.
    #[error("upstream rejected the request ({status}): {message}")]
    BadRequest {
        /// HTTP status.
        status: u16,
        /// Upstream's message, scrubbed.
        message: String,
    },
    /// 5xx, 408, 409: the upstream failed.
    #[error("upstream failed with status {status}: {message}")]
    UpstreamStatus {
        /// HTTP status.
        status: u16,
        /// Upstream's message, scrubbed.
        message: String,
    },
    /// No complete answer within the per-attempt timeout.
    #[error("upstream did not answer within {0:?}")]
    Timeout(Duration),
    /// The connection could not be made (refused, DNS, TLS).
    #[error("cannot connect to upstream: {0}")]
    Connect(String),
    /// The connection broke while sending or reading.
    #[error("transport error talking to upstream: {0}")]
    Transport(String),
    /// A 2xx answer that is not a usable chat completion.
    #[error("malformed upstream response: {0}")]
    Malformed(String),
    /// The caller's deadline passed; `in_flight` tells whether an upstream call was cut short.
    #[error("deadline exceeded after {attempts} attempt(s)")]
    DeadlineExceeded {
        /// Attempts started before the deadline.
        attempts: u32,
        /// Whether the deadline cut an attempt short (upstream was slow), not only a wait.
        in_flight: bool,
    },
    /// The model kept calling tools after it was told to answer.
    #[error("the model called tools after {rounds} tool rounds and being told to answer")]
    TooManyToolRounds {
        /// Tool rounds taken.
        rounds: u32,
    },
    /// The client could not be built (bad base URL, TLS setup).
    #[error("invalid LLM client configuration: {0}")]
    InvalidConfig(String),
}

impl LlmError {
    /// A short, fixed name of the error's class, for metrics labels and
    /// reports (never the message, which may quote the upstream).
    pub fn class(&self) -> &'static str {
        match self {
            LlmError::RateLimited { .. } => "rate_limited",
            LlmError::InsufficientQuota { .. } => "insufficient_quota",
            LlmError::Unauthorized { .. } => "unauthorized",
            LlmError::Forbidden { .. } => "forbidden",
            LlmError::BadRequest { .. } => "bad_request",
            LlmError::UpstreamStatus { .. } => "upstream_status",
            LlmError::Timeout(_) => "timeout",
            LlmError::Connect(_) => "connect",
            LlmError::Transport(_) => "transport",
            LlmError::Malformed(_) => "malformed",
            LlmError::DeadlineExceeded { .. } => "deadline",
            LlmError::TooManyToolRounds { .. } => "too_many_tool_rounds",
            LlmError::InvalidConfig(_) => "invalid_config",
        }
    }

    /// The upstream HTTP status this error came from, if one was received.
    pub fn status_code_hint(&self) -> Option<u16> {
        match self {
            LlmError::RateLimited { .. } | LlmError::InsufficientQuota { .. } => Some(429),
            LlmError::Unauthorized { .. } => Some(401),
            LlmError::Forbidden { .. } => Some(403),
            LlmError::BadRequest { status, .. } | LlmError::UpstreamStatus { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// Whether trying the same request again later may succeed (the client's own default
    /// decision, before any `x-should-retry` header).
    pub fn is_retryable(&self) -> bool {
        match self {
            LlmError::RateLimited { .. }
            | LlmError::UpstreamStatus { .. }
            | LlmError::Timeout(_)
            | LlmError::Connect(_)
            | LlmError::Transport(_)
            | LlmError::Malformed(_) => true,
            LlmError::InsufficientQuota { .. }
            | LlmError::Unauthorized { .. }
            | LlmError::Forbidden { .. }
            | LlmError::BadRequest { .. }
            | LlmError::DeadlineExceeded { .. }
            | LlmError::TooManyToolRounds { .. }
            | LlmError::InvalidConfig(_) => false,
        }
    }

    /// Errors no server hint may turn into a retry: a bad request, bad credentials and an
    /// exhausted account fail the same way every time, and retrying them only costs money.
    pub fn is_never_retried(&self) -> bool {
        matches!(
            self,
            LlmError::InsufficientQuota { .. }
                | LlmError::Unauthorized { .. }
                | LlmError::Forbidden { .. }
                | LlmError::BadRequest { .. }
        )
    }

    /// True when the account is out of credit: the app opens its breaker and raises an alert.
    pub fn is_billing_exhausted(&self) -> bool {
        matches!(self, LlmError::InsufficientQuota { .. })
    }

    /// Whether this failure says the upstream is unhealthy (feeds the circuit breaker): 5xx,
    /// timeouts, connection trouble, malformed answers, 429s and quota exhaustion do; our own bad
    /// requests, auth problems and model misbehaviour do not.
    pub fn counts_as_upstream_failure(&self) -> bool {
        match self {
            LlmError::RateLimited { .. }
            | LlmError::InsufficientQuota { .. }
            | LlmError::UpstreamStatus { .. }
            | LlmError::Timeout(_)
            | LlmError::Connect(_)
            | LlmError::Transport(_)
            | LlmError::Malformed(_) => true,
            LlmError::DeadlineExceeded { in_flight, .. } => *in_flight,
            LlmError::Unauthorized { .. }
            | LlmError::Forbidden { .. }
            | LlmError::BadRequest { .. }
            | LlmError::TooManyToolRounds { .. }
            | LlmError::InvalidConfig(_) => false,
        }
    }
}

/// Longest upstream message kept in an error, in characters.
const MAX_MESSAGE_CHARS: usize = 300;

/// Makes an upstream message safe to log: the key itself and any `sk-…` token are replaced, and
/// the text is cut to a bounded length (upstreams may echo parts of the request).
pub(crate) fn scrub(message: &str, api_key: &str) -> String {
    let replaced = if api_key.is_empty() {
        message.to_string()
    } else {
        message.replace(api_key, "[redacted]")
    };
    let words: Vec<String> = replaced
        .split(' ')
        .map(|word| {
            if word
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with("sk-")
            {
                "[redacted]".to_string()
            } else {
                word.to_string()
            }
        })
        .collect();
    let joined = words.join(" ");
    let mut cut: String = joined.chars().take(MAX_MESSAGE_CHARS).collect();
    if joined.chars().count() > MAX_MESSAGE_CHARS {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_the_key_and_openai_style_keys_and_bounds_length() {
        let key = "pw-live-123";
        let echoed = scrub("Incorrect API key provided: pw-live-123. Try again.", key);
        assert_eq!(echoed, "Incorrect API key provided: [redacted]. Try again.");
        // An OpenAI-style key, built here so none is tracked as a literal.
        let other = scrub(&format!("key '{}-proj-abcdef' is revoked", "sk"), key);
        assert_eq!(other, "key [redacted] is revoked");
        let long = scrub(&"x".repeat(1000), key);
        assert_eq!(long.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn breaker_and_retry_classification() {
        let message = String::new();
        let quota = LlmError::InsufficientQuota {
            message: message.clone(),
        };
        assert!(
            quota.is_billing_exhausted()
                && quota.counts_as_upstream_failure()
                && !quota.is_retryable()
        );
        let limited = LlmError::RateLimited {
            retry_after: None,
            message: message.clone(),
        };
        assert!(
            limited.is_retryable()
                && limited.counts_as_upstream_failure()
                && !limited.is_billing_exhausted()
        );
        for status in [500, 503, 408, 409] {
            let e = LlmError::UpstreamStatus {
                status,
                message: message.clone(),
            };
            assert!(e.is_retryable() && e.counts_as_upstream_failure());
            assert_eq!(e.status_code_hint(), Some(status));
        }
        for e in [
            LlmError::Unauthorized {
                message: message.clone(),
            },
            LlmError::Forbidden {
                message: message.clone(),
            },
            LlmError::BadRequest {
                status: 400,
                message: message.clone(),
            },
            LlmError::TooManyToolRounds { rounds: 3 },
        ] {
            assert!(
                !e.is_retryable() && !e.counts_as_upstream_failure(),
                "{e:?}"
            );
        }
        for e in [
            LlmError::Timeout(Duration::from_secs(1)),
            LlmError::Connect(message.clone()),
            LlmError::Malformed(message),
        ] {
            assert!(
                e.is_retryable()
                    && e.counts_as_upstream_failure()
                    && e.status_code_hint().is_none()
            );
        }
        assert!(LlmError::DeadlineExceeded {
            attempts: 1,
            in_flight: true
        }
        .counts_as_upstream_failure());
        assert!(!LlmError::DeadlineExceeded {
            attempts: 1,
            in_flight: false
        }
        .counts_as_upstream_failure());
    }
}
