//! A strict JSON body extractor: checks the content type, the size (the
//! router's body limit) and the shape, and turns each failure into the right
//! problem instead of axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest request body accepted (16 KiB).
pub const BODY_LIMIT: usize = 16 * 1024;

/// Longest a request body may take to arrive once its head has: a client
/// sending one byte a second would otherwise hold the request (and its
/// connection) for the router's whole 60 s timeout.
pub const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A JSON body deserialised with the target's rules (use `deny_unknown_fields`).
#[derive(Debug)]
pub struct StrictJson<T>(pub T);

impl<S, T> FromRequest<S> for StrictJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers().get(CONTENT_TYPE)) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let read = tokio::time::timeout(BODY_READ_TIMEOUT, Bytes::from_request(req, state));
        let bytes = read
            .await
            .map_err(|_| ApiError::RequestTimeout)?
            .map_err(|rejection| {
                if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge(BODY_LIMIT)
                } else {
                    ApiError::MalformedJson(rejection.body_text())
                }
            })?;
        // serde's derived structs also accept a JSON array of the fields in
        // order (`["who won?"]` as `{"question": ...}`); every body of this
        // API is an object, and anything else is refused as such.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            // Tell valid JSON of the wrong kind from text that is not JSON.
            return Err(
                match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
                    Ok(_) => ApiError::InvalidBody("expected a JSON object".into()),
                    Err(e) => classify(e),
                },
            );
        }
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = T::deserialize(&mut de).map_err(classify)?;
        de.end().map_err(classify)?;
        Ok(StrictJson(value))
    }
}

fn is_json(value: Option<&axum::http::HeaderValue>) -> bool {
    let Some(Ok(raw)) = value.map(|v| v.to_str()) else {
        return false;
    };
    let Ok(mime) = raw.parse::<mime::Mime>() else {
        return false;
    };
    mime.type_() == mime::APPLICATION
        && (mime.subtype() == mime::JSON || mime.suffix().is_some_and(|s| s == mime::JSON))
}

fn classify(err: serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match err.classify() {
        Category::Data => ApiError::InvalidBody(err.to_string()),
        Category::Syntax | Category::Eof | Category::Io => ApiError::MalformedJson(err.to_string()),
    }
}
