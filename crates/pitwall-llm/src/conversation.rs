//! Text-to-SQL conversation as a state machine: the app sends each request itself (inside its
//! budget, limiter and breaker) and feeds the answers back.

use crate::error::LlmError;
use crate::wire::{
    ChatMessage, ChatRequest, ChatResponse, FunctionDefinition, Role, ToolDefinition,
};
use serde_json::{json, Value};

/// Name of the one tool the model may call.
pub const RUN_SQL_TOOL: &str = "run_sql";
/// Longest SQL accepted from the model, in bytes.
pub const MAX_SQL_BYTES: usize = 8 * 1024;
/// Longest tool result sent back to the model, in characters (bounds prompt tokens).
pub const MAX_TOOL_RESULT_CHARS: usize = 8_000;

/// What the app must do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Run this SQL (through the SQL guard) and report with `tool_result(call_id, ..)`.
    RunSql {
        /// Tool call id to answer.
        call_id: String,
        /// The SQL, not yet checked by any guard.
        sql: String,
    },
    /// The model's answer.
    Final {
        /// Answer text.
        text: String,
    },
    /// The tool call was unusable; answer it with `tool_result(call_id, Err(reason))`.
    Rejected {
        /// Tool call id to answer.
        call_id: String,
        /// Why, phrased for the model.
        reason: String,
    },
}

/// One question's conversation with the model.
#[derive(Debug, Clone)]
pub struct SqlConversation {
    messages: Vec<ChatMessage>,
    max_tool_rounds: u32,
    rounds: u32,
    /// Tool calls of the last assistant message still waiting for their tool message.
    unanswered: Vec<String>,
    /// The SQL of the call that is being run, by call id.
    running: Option<(String, String)>,
    final_sql: Option<String>,
}

impl SqlConversation {
    /// Starts a conversation; `max_tool_rounds` (3 is sensible) bounds the SQL the model may run.
    pub fn new(system_prompt: String, question: String, max_tool_rounds: u32) -> SqlConversation {
        SqlConversation {
            messages: vec![
                ChatMessage::text(Role::System, system_prompt),
                ChatMessage::text(Role::User, question),
            ],
            max_tool_rounds,
            rounds: 0,
            unanswered: Vec::new(),
            running: None,
            final_sql: None,
        }
    }

    /// The next request: the conversation so far, the `run_sql` tool, and `tool_choice` "auto" —
    /// or "none" once the tool rounds are spent, to force an answer.
    pub fn next_request(&self, model: &str, max_tokens: u32) -> ChatRequest {
        let tool_choice = if self.rounds >= self.max_tool_rounds {
            "none"
        } else {
            "auto"
        };
        ChatRequest {
            model: model.to_string(),
            messages: self.messages.clone(),
            tools: vec![run_sql_tool()],
            tool_choice: Some(tool_choice.to_string()),
            max_completion_tokens: Some(max_tokens),
            temperature: None,
        }
    }

    /// Takes the model's answer. Tool calls use up a round; only the first call of a message is
    /// handled, the others are answered at once with an error (the API wants every call answered).
    pub fn absorb(&mut self, resp: &ChatResponse) -> Result<Step, LlmError> {
        let message = &resp
            .choices
            .first()
            .ok_or_else(|| LlmError::Malformed("completion without choices".into()))?
            .message;
        let calls = message.tool_calls.as_deref().unwrap_or(&[]);
        let Some(first) = calls.first() else {
            let text = message.content.clone().unwrap_or_default();
            if text.trim().is_empty() {
                return Err(LlmError::Malformed(
                    "the model returned neither text nor a tool call".into(),
                ));
            }
            self.messages
                .push(ChatMessage::text(Role::Assistant, text.clone()));
            return Ok(Step::Final { text });
        };
        if self.rounds >= self.max_tool_rounds {
            return Err(LlmError::TooManyToolRounds {
                rounds: self.rounds,
            });
        }
        self.rounds += 1;
        self.messages.push(ChatMessage {
            role: Role::Assistant,
            content: message.content.clone(),
            tool_calls: Some(calls.to_vec()),
            tool_call_id: None,
        });
        for extra in &calls[1..] {
            self.messages.push(ChatMessage::tool_result(
                extra.id.clone(),
                "error: only one run_sql call per turn is run; this one was ignored",
            ));
        }
        self.unanswered = vec![first.id.clone()];
        match parse_run_sql(&first.function.name, &first.function.arguments) {
            Ok(sql) => {
                self.running = Some((first.id.clone(), sql.clone()));
                Ok(Step::RunSql {
                    call_id: first.id.clone(),
                    sql,
                })
            }
            Err(reason) => {
                self.running = None;
                Ok(Step::Rejected {
                    call_id: first.id.clone(),
                    reason,
                })
            }
        }
    }

    /// Reports a tool call's outcome: `Ok(table text)` or `Err(why it was refused or failed)`.
    /// Ids that are not awaiting an answer are ignored (a stray tool message is a 400 upstream).
    pub fn tool_result(&mut self, call_id: &str, result: Result<String, String>) {
        let Some(at) = self.unanswered.iter().position(|id| id == call_id) else {
            tracing::warn!(
                call_id,
                "tool result for a call that is not awaiting one; ignored"
            );
            return;
        };
        self.unanswered.remove(at);
        let content = match result {
            Ok(table) => {
                if let Some((id, sql)) = self.running.take() {
                    if id == call_id {
                        self.final_sql = Some(sql);
                    }
                }
                bounded(table)
            }
            Err(reason) => {
                self.running = None;
                bounded(format!("error: {reason}"))
            }
        };
        self.messages
            .push(ChatMessage::tool_result(call_id, content));
    }

    /// The last SQL that ran successfully.
    pub fn final_sql(&self) -> Option<&str> {
        self.final_sql.as_deref()
    }

    /// Tool rounds used so far.
    pub fn rounds(&self) -> u32 {
        self.rounds
    }

    /// The messages so far (system prompt and question first).
    pub fn messages(&self) -> &[ChatMessage] {
        &self.messages
    }
}

/// The `run_sql` tool: one required string `sql`, nothing else.
pub fn run_sql_tool() -> ToolDefinition {
    ToolDefinition {
        kind: "function".into(),
        function: FunctionDefinition {
            name: RUN_SQL_TOOL.into(),
            description:
                "Run one read-only SQLite SELECT on the F1 database and get the rows back.".into(),
            parameters: json!({
                "type": "object",
                "properties": {
                    "sql": { "type": "string", "description": "One SQLite SELECT statement." }
                },
                "required": ["sql"],
                "additionalProperties": false
            }),
            // Not `strict`: some OpenAI-compatible servers reject the field, and the arguments
            // are validated here anyway.
            strict: None,
        },
    }
}

/// Checks an untrusted tool call; `Err` is the reason given back to the model.
fn parse_run_sql(name: &str, arguments: &str) -> Result<String, String> {
    if name != RUN_SQL_TOOL {
        let shown: String = name.chars().take(40).collect();
        return Err(format!("unknown tool '{shown}': the only tool is run_sql"));
    }
    let value: Value = serde_json::from_str(arguments).map_err(|e| {
        format!("arguments are not valid JSON ({e}); send {{\"sql\": \"SELECT ...\"}}")
    })?;
    let Value::Object(fields) = value else {
        return Err("arguments must be a JSON object {\"sql\": \"SELECT ...\"}".into());
    };
    if let Some(extra) = fields.keys().find(|k| k.as_str() != "sql") {
        let shown: String = extra.chars().take(40).collect();
        return Err(format!(
            "unexpected argument '{shown}': run_sql takes only \"sql\""
        ));
    }
    let sql = match fields.get("sql") {
        Some(Value::String(sql)) => sql.trim(),
        Some(_) => return Err("\"sql\" must be a string".into()),
        None => return Err("missing \"sql\" argument".into()),
    };
    if sql.is_empty() {
        return Err("\"sql\" is empty".into());
    }
    if sql.len() > MAX_SQL_BYTES {
        return Err(format!(
            "SQL is {} bytes; the limit is {MAX_SQL_BYTES}",
            sql.len()
        ));
    }
    Ok(sql.to_string())
}

fn bounded(text: String) -> String {
    if text.chars().count() <= MAX_TOOL_RESULT_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_TOOL_RESULT_CHARS).collect();
    cut.push_str("\n…(truncated)");
    cut
}
