//! OpenAI-compatible Chat Completions client with tool calling, retries and usage accounting.
//!
//! - [`LlmClient`] makes one logical call ([`LlmClient::chat`]), retrying inside per its
//!   [`RetryPolicy`], server hints and an optional deadline; the API key never leaves the
//!   `Authorization` header (not in `Debug`, errors or logs).
//! - [`SqlConversation`] is the text-to-SQL loop as a state machine the app drives, so that each
//!   upstream call goes through the app's budget, limiter and breaker.
//! - [`schema_prompt`] builds the compact system prompt.

mod client;
mod conversation;
mod error;
mod prompt;
mod retry;
mod wire;

pub use client::{ChatOutcome, EncodedRequest, LlmClient, LlmClientConfig};
pub use conversation::{
    run_sql_tool, SqlConversation, Step, MAX_SQL_BYTES, MAX_TOOL_RESULT_CHARS, RUN_SQL_TOOL,
};
pub use error::LlmError;
pub use prompt::schema_prompt;
pub use retry::RetryPolicy;
pub use wire::{
    ChatMessage, ChatRequest, ChatResponse, Choice, FunctionCall, FunctionDefinition, Role,
    ToolCall, ToolDefinition, Usage,
};
