//! LLM settings.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `OPENAI_API_KEY` / `OPENAI_API_KEY_FILE` | unset | the key; without it the LLM path is off |
//! | `PITWALL_LLM_BASE_URL` | `https://api.openai.com/v1` | any OpenAI-compatible Chat Completions endpoint |
//! | `PITWALL_LLM_MODEL` | `gpt-4o-mini` | model name (must have a price) |
//! | `PITWALL_LLM_ENABLED` | `true` | start with the LLM switched on (admin endpoint toggles it at run time) |
//! | `PITWALL_LLM_PRICES` | built-in table | TOML price table file |
//! | `PITWALL_LLM_MAX_TOKENS` | `400` | max completion tokens per call (the reservation's worst case) |
//! | `PITWALL_LLM_RPM` | `500` | client-side requests/min towards the upstream |
//! | `PITWALL_LLM_TPM` | `200000` | client-side tokens/min towards the upstream |
//! | `PITWALL_LLM_MAX_CONCURRENCY` | `8` | concurrent upstream questions |
//! | `PITWALL_LLM_QUEUE_SIZE` | `32` | questions allowed to wait for a slot; beyond it: fallback `queue_full` |
//! | `PITWALL_LLM_QUEUE_WAIT_MS` | `2000` | longest wait for a slot |
//! | `PITWALL_LLM_DEADLINE_MS` | `20000` | total deadline for one question's LLM work |
//! | `PITWALL_LLM_ATTEMPT_TIMEOUT_MS` | `15000` | timeout of one upstream attempt |
//! | `PITWALL_LLM_MAX_ATTEMPTS` | `3` | attempts per upstream call, the first included |
//! | `PITWALL_LLM_RETRY_BASE_MS` | `500` | backoff ceiling of the first retry (doubles, full jitter) |
//! | `PITWALL_LLM_BREAKER_MIN_REQUESTS` | `10` | calls in the 30 s window before the breaker may open |
//! | `PITWALL_LLM_BREAKER_COOLDOWN_MS` | `30000` | how long the breaker stays open before probing |

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::file::LlmSection;
use crate::{ConfigError, Env};

/// The LLM upstream and the protections around it.
#[derive(Debug)]
pub struct LlmConfig {
    /// The API key; `None` switches the LLM path off.
    pub api_key: Option<SecretString>,
    /// Chat Completions base URL (ends before `/chat/completions`).
    pub base_url: String,
    /// Model name.
    pub model: String,
    /// Whether the LLM starts switched on.
    pub enabled: bool,
    /// Price table file (merged over the built-in table).
    pub prices_file: Option<PathBuf>,
    /// Max completion tokens per call.
    pub max_tokens: u32,
    /// Requests per minute upstream.
    pub requests_per_minute: u64,
    /// Tokens per minute upstream.
    pub tokens_per_minute: u64,
    /// Concurrent upstream questions.
    pub max_concurrency: usize,
    /// Waiting questions allowed.
    pub queue_size: usize,
    /// Longest wait for a slot.
    pub queue_wait: Duration,
    /// Total deadline per question.
    pub deadline: Duration,
    /// Timeout of one attempt.
    pub attempt_timeout: Duration,
    /// Attempts per call.
    pub max_attempts: u32,
    /// First backoff ceiling.
    pub retry_base: Duration,
    /// Calls needed before the breaker may open.
    pub breaker_min_requests: u64,
    /// Breaker open duration.
    pub breaker_cooldown: Duration,
}

impl LlmConfig {
    /// Resolves the LLM settings.
    pub fn load(env: &Env, file: &LlmSection) -> Result<Self, ConfigError> {
        Ok(Self {
            api_key: env.secret("OPENAI_API_KEY")?,
            base_url: env
                .get("PITWALL_LLM_BASE_URL")
                .map(str::to_string)
                .or_else(|| file.base_url.clone())
                .unwrap_or_else(|| "https://api.openai.com/v1".into())
                .trim_end_matches('/')
                .to_string(),
            model: env
                .get("PITWALL_LLM_MODEL")
                .map(str::to_string)
                .or_else(|| file.model.clone())
                .unwrap_or_else(|| "gpt-4o-mini".into()),
            enabled: env
                .flag("PITWALL_LLM_ENABLED")?
                .or(file.enabled)
                .unwrap_or(true),
            prices_file: env
                .path("PITWALL_LLM_PRICES")
                .or_else(|| file.prices.as_ref().map(PathBuf::from)),
            max_tokens: env
                .parse("PITWALL_LLM_MAX_TOKENS")?
                .or(file.max_tokens)
                .unwrap_or(400),
            requests_per_minute: env
                .parse("PITWALL_LLM_RPM")?
                .or(file.requests_per_minute)
                .unwrap_or(500),
            tokens_per_minute: env
                .parse("PITWALL_LLM_TPM")?
                .or(file.tokens_per_minute)
                .unwrap_or(200_000),
            max_concurrency: env
                .parse("PITWALL_LLM_MAX_CONCURRENCY")?
                .or(file.max_concurrency)
                .unwrap_or(8),
            queue_size: env
                .parse("PITWALL_LLM_QUEUE_SIZE")?
                .or(file.queue_size)
                .unwrap_or(32),
            queue_wait: Duration::from_millis(
                env.parse("PITWALL_LLM_QUEUE_WAIT_MS")?
                    .or(file.queue_wait_ms)
                    .unwrap_or(2_000),
            ),
            deadline: Duration::from_millis(
                env.parse("PITWALL_LLM_DEADLINE_MS")?
                    .or(file.deadline_ms)
                    .unwrap_or(20_000),
            ),
            attempt_timeout: Duration::from_millis(
                env.parse("PITWALL_LLM_ATTEMPT_TIMEOUT_MS")?
                    .unwrap_or(15_000),
            ),
            max_attempts: env
                .parse::<u32>("PITWALL_LLM_MAX_ATTEMPTS")?
                .unwrap_or(3)
                .max(1),
            retry_base: Duration::from_millis(
                env.parse("PITWALL_LLM_RETRY_BASE_MS")?.unwrap_or(500),
            ),
            breaker_min_requests: env.parse("PITWALL_LLM_BREAKER_MIN_REQUESTS")?.unwrap_or(10),
            breaker_cooldown: Duration::from_millis(
                env.parse("PITWALL_LLM_BREAKER_COOLDOWN_MS")?
                    .unwrap_or(30_000),
            ),
        })
    }

    /// True when a key is configured, i.e. the LLM path can be used at all.
    pub fn configured(&self) -> bool {
        self.api_key.is_some()
    }
}
