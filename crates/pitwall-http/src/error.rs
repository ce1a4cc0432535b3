//! The HTTP layer's one error type. Every failure leaves as an RFC 9457
//! problem document with a stable `code` that clients can switch on.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pitwall_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

/// An API failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not valid JSON, or not valid UTF-8.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// Valid JSON of the wrong shape (missing or unknown field, wrong type).
    #[error("invalid request body: {0}")]
    InvalidBody(String),
    /// A question that failed validation.
    #[error("{0}")]
    InvalidQuestion(String),
    /// A bad query-string parameter.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// The body exceeds the limit.
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// Not `application/json`.
    #[error("expected Content-Type: application/json")]
    UnsupportedMediaType,
    /// Missing or wrong credentials.
    #[error("missing or invalid bearer token")]
    Unauthorized,
    /// Not allowed from here.
    #[error("{0}")]
    Forbidden(String),
    /// A valid key of a blocked user.
    #[error("this user is blocked; ask an operator")]
    Blocked,
    /// No such resource.
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with the server's state (e.g. keys without a pepper).
    #[error("{0}")]
    Conflict(String),
    /// The route exists but not for this method.
    #[error("method not allowed on this path")]
    MethodNotAllowed,
    /// The request took longer than the server allows.
    #[error("the request took too long and was stopped")]
    RequestTimeout,
    /// Too many requests in progress; retry shortly.
    #[error("too many questions in progress; try again shortly")]
    Overloaded,
    /// Over one of the principal's plan limits.
    #[error("{}", .0.sentence())]
    Limited(Refusal),
    /// A dependency is down; retrying later may work.
    #[error("{0}")]
    Unavailable(String),
    /// A bug or an unexpected failure; details are logged, not returned.
    #[error("internal error")]
    Internal,
}

/// Which limit refused a request, and when to come back.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// `rate_limited`, `quota_exceeded` or `too_many_concurrent`.
    pub code: &'static str,
    /// The limit that was reached.
    pub limit: u32,
    /// Seconds until a retry can succeed (the `Retry-After` header).
    pub retry_after_secs: u64,
    /// Seconds until the allowance is whole again (per minute) or the
    /// quota resets (per day, at midnight UTC).
    pub reset_secs: u64,
}

impl Refusal {
    fn sentence(&self) -> String {
        match self.code {
            "rate_limited" => format!(
                "over {} requests per minute; retry in {} s",
                self.limit, self.retry_after_secs
            ),
            "quota_exceeded" => format!(
                "over {} requests today (UTC); the quota resets in {} s",
                self.limit, self.reset_secs
            ),
            _ => format!("more than {} requests in progress at once", self.limit),
        }
    }
}

/// The problem document (RFC 9457, `application/problem+json`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short human title.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// Stable machine-readable code.
    pub code: String,
    /// For 429s: the limit reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// For 429s: seconds until the allowance is whole again or the quota resets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reset: Option<u64>,
    /// For 429s: seconds until a retry can succeed (as `Retry-After`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// The HTTP status for this error.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_)
            | ApiError::InvalidBody(_)
            | ApiError::InvalidQuestion(_)
            | ApiError::InvalidParameter(_) => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::Blocked => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::Unavailable(_) | ApiError::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Limited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::InvalidBody(_) => "invalid_body",
            ApiError::InvalidQuestion(_) => "invalid_question",
            ApiError::InvalidParameter(_) => "invalid_parameter",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::Blocked => "blocked",
            ApiError::NotFound(_) => "not_found",
            ApiError::Conflict(_) => "conflict",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::RequestTimeout => "timeout",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Overloaded => "overloaded",
            ApiError::Limited(r) => r.code,
            ApiError::Internal => "internal",
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            kind: format!("urn:pitwall:problem:{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: self.to_string(),
            code: self.code().to_string(),
            limit: self.refusal().map(|r| r.limit),
            reset: self.refusal().map(|r| r.reset_secs),
            retry_after: self.refusal().map(|r| r.retry_after_secs),
        }
    }

    fn refusal(&self) -> Option<&Refusal> {
        match self {
            ApiError::Limited(r) => Some(r),
            _ => None,
        }
    }
}

/// Load shedding is logged at most once a second, with the count: one line per
/// refused request would flood the logs exactly when the machine is busiest.
fn log_overloaded() {
    static REFUSED: pitwall_app::log_throttle::LogThrottle =
        pitwall_app::log_throttle::LogThrottle::new();
    if let Some(refused) = REFUSED.hit() {
        tracing::warn!(
            code = "overloaded",
            refused,
            "questions refused: too many in flight"
        );
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let overloaded = matches!(self, ApiError::Overloaded);
        if overloaded {
            log_overloaded();
        } else if status.is_server_error() {
            tracing::error!(code = self.code(), error = %self, "request failed");
        }
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::Limited(r) = &self {
            if let Ok(v) = HeaderValue::from_str(&r.retry_after_secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if status.is_server_error() {
            // For the error tracker, which sees only the finished response.
            response
                .extensions_mut()
                .insert(crate::error_tracking::ServerFailure {
                    code: self.code(),
                    detail: self.to_string(),
                });
        }
        if overloaded {
            // Load shedding: tell well-behaved clients when to come back.
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::InvalidQuestion(e) => ApiError::InvalidQuestion(e.to_string()),
            AppError::NotFound(id) => ApiError::NotFound(format!("no history entry with id {id}")),
            AppError::F1Data(e) => {
                tracing::error!(error = %e, "F1 data unavailable");
                ApiError::Unavailable("the F1 database is unavailable; try again shortly".into())
            }
            AppError::Overloaded => ApiError::Overloaded,
            AppError::Store(e) => {
                tracing::error!(error = %e, "app database unavailable");
                ApiError::Unavailable(
                    "the history database is unavailable; try again shortly".into(),
                )
            }
            other => {
                tracing::error!(error = %other, "internal error");
                ApiError::Internal
            }
        }
    }
}

impl From<pitwall_app::AdminError> for ApiError {
    fn from(err: pitwall_app::AdminError) -> Self {
        use pitwall_app::AdminError as E;
        match err {
            E::NotFound(m) => ApiError::NotFound(m),
            E::Invalid(m) => ApiError::InvalidBody(m),
            E::KeysDisabled => ApiError::Conflict(err.to_string()),
            E::Store(e) => ApiError::from(AppError::Store(e)),
            E::Random(e) => {
                tracing::error!(error = %e, "random source failed");
                ApiError::Internal
            }
            E::Budget(e) => {
                tracing::error!(error = %e, "budget store unavailable");
                ApiError::Unavailable("the budget store is unavailable; try again shortly".into())
            }
        }
    }
}

/// Middleware: errors produced by layers rather than handlers (axum's 405,
/// the timeout layer's 408) come without a body; give them a problem
/// document too, so every error a client sees has the same shape.
pub async fn problem_for_bare_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(req).await;
    if response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let replacement = match response.status() {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
        StatusCode::REQUEST_TIMEOUT => ApiError::RequestTimeout,
        _ => return response,
    };
    let (parts, _) = response.into_parts();
    let mut problem = replacement.into_response();
    // Keep headers such as `Allow` that say how to do better.
    for (name, value) in parts.headers.iter() {
        problem.headers_mut().entry(name).or_insert(value.clone());
    }
    problem
}
