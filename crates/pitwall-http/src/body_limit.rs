//! Refuses a body that is declared too large before any of it is read.
//!
//! The router's body limit only trips once 16 KiB have actually arrived, so a
//! client that declares `Content-Length: 1048576` and sends nothing (or sends
//! `Expect: 100-continue`) would otherwise hold its request open until the
//! body-read timeout, or be invited with `100 Continue` to send megabytes we
//! are going to refuse. hyper sends `100 Continue` only when the body is
//! first read, so answering here means it is never sent.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::json::BODY_LIMIT;

/// Middleware: `413 payload_too_large` at once for a declared length over
/// [`BODY_LIMIT`], with `Connection: close` because the unread body would
/// otherwise have to be drained before the connection could be reused.
pub async fn refuse_declared_oversize(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|len| len > BODY_LIMIT as u64) {
        let mut response = ApiError::PayloadTooLarge(BODY_LIMIT).into_response();
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return response;
    }
    next.run(request).await
}
