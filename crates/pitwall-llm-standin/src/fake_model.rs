//! The deterministic fake model, and the request checks the real API makes before answering.

use crate::wire::{estimate_tokens, Answer};
use serde_json::Value;
use std::collections::HashSet;

/// The SQL the default model asks to run.
pub const DEFAULT_SQL: &str = "SELECT COUNT(*) AS races FROM races";

/// A request the real API would refuse with 400: `(message, param)`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InvalidRequest {
    pub message: String,
    pub param: Option<String>,
}

fn invalid(message: impl Into<String>, param: Option<String>) -> InvalidRequest {
    InvalidRequest {
        message: message.into(),
        param,
    }
}

/// Checks what the real endpoint checks and the client could get wrong: a model, a non-empty
/// message list with known roles, and every tool call answered by a tool message (and no tool
/// message without its call).
pub(crate) fn validate(request: &Value) -> Result<(), InvalidRequest> {
    if request.get("model").and_then(Value::as_str).is_none() {
        return Err(invalid("you must provide a model parameter", None));
    }
    let messages = messages(request).ok_or_else(|| {
        invalid(
            "Missing required parameter: 'messages'.",
            Some("messages".into()),
        )
    })?;
    if messages.is_empty() {
        return Err(invalid(
            "[] is too short - 'messages'",
            Some("messages".into()),
        ));
    }
    let mut pending: Vec<String> = Vec::new();
    let mut answered: HashSet<String> = HashSet::new();
    for (index, message) in messages.iter().enumerate() {
        let role = message.get("role").and_then(Value::as_str).unwrap_or("");
        let param = Some(format!("messages.[{index}].role"));
        if role != "tool" && !pending.is_empty() {
            return Err(invalid(
                format!(
                    "An assistant message with 'tool_calls' must be followed by tool messages \
                     responding to each 'tool_call_id'. The following tool_call_ids did not have \
                     response messages: {}",
                    pending.join(", ")
                ),
                param,
            ));
        }
        match role {
            "system" | "developer" | "user" => {}
            "assistant" => pending = tool_call_ids(message),
            "tool" => {
                let id = message.get("tool_call_id").and_then(Value::as_str);
                match id.and_then(|id| pending.iter().position(|p| p == id)) {
                    Some(at) => {
                        answered.insert(pending.remove(at));
                    }
                    None => {
                        return Err(invalid(
                            "Invalid parameter: messages with role 'tool' must be a response to \
                             a preceeding message with 'tool_calls'.",
                            param,
                        ))
                    }
                }
            }
            other => {
                return Err(invalid(
                    format!("Invalid value: '{other}'. Supported values are: 'system', 'assistant', 'user', 'tool', and 'developer'."),
                    param,
                ))
            }
        }
    }
    if !pending.is_empty() {
        return Err(invalid(
            format!(
                "An assistant message with 'tool_calls' must be followed by tool messages \
                 responding to each 'tool_call_id'. The following tool_call_ids did not have \
                 response messages: {}",
                pending.join(", ")
            ),
            Some("messages".into()),
        ));
    }
    Ok(())
}

/// The fake model: ask for `run_sql` until a tool result is present, then quote the last one.
/// `tool_choice: "none"` (or no tools offered) forces a text answer, as it does upstream.
pub(crate) fn default_answer(request: &Value, next_call_id: impl FnOnce() -> String) -> Answer {
    let messages = messages(request).map(Vec::as_slice).unwrap_or(&[]);
    let last_tool_result = messages
        .iter()
        .rev()
        .find(|m| m.get("role").and_then(Value::as_str) == Some("tool"))
        .and_then(|m| m.get("content"))
        .map(content_text);
    match last_tool_result {
        Some(result) => final_text(request, format!("According to the data: {result}")),
        None if tools_allowed(request) => Answer::ToolCalls(vec![(
            next_call_id(),
            "run_sql".to_string(),
            serde_json::json!({ "sql": DEFAULT_SQL }).to_string(),
        )]),
        None => final_text(
            request,
            "I cannot answer that without running SQL.".to_string(),
        ),
    }
}

/// A text answer, cut to the request's completion-token limit (`finish_reason` "length") as the
/// real model would be.
pub(crate) fn final_text(request: &Value, text: String) -> Answer {
    let limit = request
        .get("max_completion_tokens")
        .or_else(|| request.get("max_tokens"))
        .and_then(Value::as_u64);
    match limit {
        Some(limit) if estimate_tokens(text.chars().count()) > limit => {
            let keep = usize::try_from(limit.saturating_mul(4)).unwrap_or(usize::MAX);
            Answer::Text(text.chars().take(keep).collect(), "length")
        }
        _ => Answer::Text(text, "stop"),
    }
}

/// How many assistant messages the conversation already holds (the turn a script answers).
pub(crate) fn assistant_turns(request: &Value) -> usize {
    messages(request).map_or(0, |messages| {
        messages
            .iter()
            .filter(|m| m.get("role").and_then(Value::as_str) == Some("assistant"))
            .count()
    })
}

/// Prompt tokens: about a quarter of the characters of every message's content and tool calls.
pub(crate) fn prompt_tokens(request: &Value) -> u64 {
    let chars: usize = messages(request).map_or(0, |messages| {
        messages
            .iter()
            .map(|m| {
                let content = m
                    .get("content")
                    .map_or(0, |c| content_text(c).chars().count());
                let calls = m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .map_or(0, |calls| calls.iter().map(|c| c.to_string().len()).sum());
                content + calls
            })
            .sum()
    });
    estimate_tokens(chars).max(1)
}

/// Completion tokens of an answer: its text, or its tool calls' names and arguments.
pub(crate) fn completion_tokens(answer: &Answer) -> u64 {
    let chars = match answer {
        Answer::Text(text, _) => text.chars().count(),
        Answer::ToolCalls(calls) => calls.iter().map(|(_, n, a)| n.len() + a.len()).sum(),
    };
    estimate_tokens(chars).max(1)
}

fn messages(request: &Value) -> Option<&Vec<Value>> {
    request.get("messages").and_then(Value::as_array)
}

fn tools_allowed(request: &Value) -> bool {
    let offered = request
        .get("tools")
        .and_then(Value::as_array)
        .is_some_and(|tools| !tools.is_empty());
    offered && request.get("tool_choice").and_then(Value::as_str) != Some("none")
}

fn tool_call_ids(message: &Value) -> Vec<String> {
    message
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(|calls| {
            calls
                .iter()
                .filter_map(|c| c.get("id").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Message content is a string, or an array of `{"type":"text","text":...}` parts.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(text) => text.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}
