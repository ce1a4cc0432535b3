//! `POST /v1/ask`.

use std::sync::Arc;

use axum::extract::State;
use axum::Extension;
use pitwall_app::{App, AskContext, AskResponse, Question};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::caller::Caller;
use crate::error::{ApiError, Problem};
use crate::json::StrictJson;
use crate::request_id::RequestId;

/// The body of `POST /v1/ask`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskRequest {
    /// The question, 1 to 500 characters after trimming.
    pub question: String,
}

/// Answers a question.
#[utoipa::path(
    post,
    path = "/v1/ask",
    request_body = AskRequest,
    responses(
        (status = 200, description = "Answered, refused or degraded (see `status` and `source`)", body = AskResponse),
        (status = 400, description = "Malformed JSON, unknown field or invalid question", body = Problem),
        (status = 401, description = "The bearer credential is not a valid, active key", body = Problem),
        (status = 403, description = "The key's user is blocked", body = Problem),
        (status = 413, description = "Body over 16 KiB", body = Problem),
        (status = 415, description = "Not application/json", body = Problem),
    )
)]
pub async fn ask(
    State(app): State<Arc<App>>,
    Extension(request_id): Extension<RequestId>,
    Caller(principal): Caller,
    StrictJson(body): StrictJson<AskRequest>,
) -> Result<axum::Json<AskResponse>, ApiError> {
    let question =
        Question::parse(&body.question).map_err(|e| ApiError::InvalidQuestion(e.to_string()))?;
    crate::error_tracking::note_question(question.as_str());
    let ctx = AskContext::new(request_id.0, principal);
    Ok(axum::Json(app.ask(question, &ctx).await?))
}
