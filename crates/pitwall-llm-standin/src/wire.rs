//! OpenAI Chat Completions wire shapes the stand-in sends: completions, error bodies, headers.

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode};
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// What the model says in one assistant message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Answer {
    /// Tool calls: `(id, function name, raw arguments string)`.
    ToolCalls(Vec<(String, String, String)>),
    /// Plain text, with the finish reason ("stop" or "length").
    Text(String, &'static str),
}

/// Token counts reported in `usage`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenCounts {
    pub prompt: u64,
    pub completion: u64,
}

/// Roughly four characters per token, as OpenAI's own rule of thumb; never zero for non-empty text.
pub(crate) fn estimate_tokens(chars: usize) -> u64 {
    (chars as u64).div_ceil(4)
}

/// A `chat.completion` object, as returned by `POST /v1/chat/completions`.
pub(crate) fn completion_body(id: u64, model: &str, answer: &Answer, tokens: TokenCounts) -> Value {
    let (message, finish_reason) = match answer {
        Answer::ToolCalls(calls) => {
            let tool_calls: Vec<Value> = calls
                .iter()
                .map(|(call_id, name, arguments)| {
                    json!({
                        "id": call_id,
                        "type": "function",
                        "function": { "name": name, "arguments": arguments },
                    })
                })
                .collect();
            let message = json!({
                "role": "assistant",
                "content": null,
                "tool_calls": tool_calls,
                "refusal": null,
            });
            (message, "tool_calls")
        }
        Answer::Text(text, finish) => {
            let message = json!({ "role": "assistant", "content": text, "refusal": null });
            (message, *finish)
        }
    };
    json!({
        "id": format!("chatcmpl-standin{id:08}"),
        "object": "chat.completion",
        "created": unix_now(),
        "model": model,
        "choices": [{
            "index": 0,
            "message": message,
            "logprobs": null,
            "finish_reason": finish_reason,
        }],
        "usage": {
            "prompt_tokens": tokens.prompt,
            "completion_tokens": tokens.completion,
            "total_tokens": tokens.prompt + tokens.completion,
            "prompt_tokens_details": { "cached_tokens": 0, "audio_tokens": 0 },
            "completion_tokens_details": { "reasoning_tokens": 0, "audio_tokens": 0 },
        },
        "system_fingerprint": "fp_standin",
    })
}

/// OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`.
pub(crate) fn error_body(
    message: &str,
    kind: &str,
    param: Option<&str>,
    code: Option<&str>,
) -> Value {
    json!({ "error": { "message": message, "type": kind, "param": param, "code": code } })
}

/// A JSON response with the headers every OpenAI answer carries.
pub(crate) fn json_response(status: StatusCode, body: &Value, request_id: u64) -> Response<Body> {
    raw_response(status, "application/json", body.to_string(), request_id)
}

/// A response with any body text (used for HTML gateway errors and broken JSON).
pub(crate) fn raw_response(
    status: StatusCode,
    content_type: &'static str,
    body: String,
    request_id: u64,
) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(content_type));
    insert(
        headers,
        "x-request-id",
        &format!("req_standin{request_id:08}"),
    );
    headers.insert("openai-version", HeaderValue::from_static("2020-10-01"));
    headers.insert("openai-processing-ms", HeaderValue::from_static("1"));
    response
}

/// Adds the `x-ratelimit-*` headers OpenAI sends on every answer.
pub(crate) fn add_rate_limit_headers(response: &mut Response<Body>, remaining_requests: u32) {
    let headers = response.headers_mut();
    headers.insert(
        "x-ratelimit-limit-requests",
        HeaderValue::from_static("500"),
    );
    insert(
        headers,
        "x-ratelimit-remaining-requests",
        &remaining_requests.to_string(),
    );
    headers.insert(
        "x-ratelimit-reset-requests",
        HeaderValue::from_static("120ms"),
    );
    headers.insert(
        "x-ratelimit-limit-tokens",
        HeaderValue::from_static("200000"),
    );
    let remaining_tokens = if remaining_requests == 0 {
        "0"
    } else {
        "199000"
    };
    headers.insert(
        "x-ratelimit-remaining-tokens",
        HeaderValue::from_static(remaining_tokens),
    );
    headers.insert(
        "x-ratelimit-reset-tokens",
        HeaderValue::from_static("300ms"),
    );
}

/// Inserts a header whose value came from our own formatting (always valid ASCII).
pub(crate) fn insert(headers: &mut axum::http::HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
