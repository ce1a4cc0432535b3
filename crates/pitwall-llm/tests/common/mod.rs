//! Shared helpers for the client tests: a client aimed at a stand-in, with fast retries.

#![allow(dead_code)] // each test binary uses a different part
#![allow(clippy::unwrap_used)] // tests panic on failure by design

use pitwall_llm::{ChatMessage, ChatRequest, LlmClient, LlmClientConfig, RetryPolicy, Role};
use std::time::Duration;

/// A key distinctive enough that finding it anywhere is a leak, not a coincidence. Not `sk-…`:
/// the exact-key scrub must work for any provider's key format, not only OpenAI's.
pub const KEY: &str = "gsk_test_9f8e7d6c5b4a-DO-NOT-LEAK";

/// Retries fast enough for tests, still exponential with jitter.
pub fn fast_policy(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(3),
    }
}

pub fn client_with(base_url: &str, retry: RetryPolicy, attempt_timeout: Duration) -> LlmClient {
    LlmClient::new(LlmClientConfig {
        base_url: base_url.to_string(),
        model: "gpt-4o-mini".into(),
        api_key: KEY.into(),
        max_tokens: 300,
        connect_timeout: Duration::from_millis(500),
        attempt_timeout,
        retry,
    })
    .unwrap()
}

pub fn client(base_url: &str) -> LlmClient {
    client_with(base_url, fast_policy(3), Duration::from_secs(5))
}

/// A plain question without tools.
pub fn simple_request() -> ChatRequest {
    ChatRequest {
        model: "gpt-4o-mini".into(),
        messages: vec![
            ChatMessage::text(Role::System, "Answer briefly."),
            ChatMessage::text(Role::User, "Who won the 2021 title?"),
        ],
        tools: vec![],
        tool_choice: None,
        max_completion_tokens: Some(300),
        temperature: None,
    }
}

/// A port nothing listens on (bound, then released).
pub async fn refused_base_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/v1")
}
