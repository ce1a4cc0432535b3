//! LLM settings.
//!
//! | variable | default | valid range | meaning |
//! |---|---|---|---|
//! | `OPENAI_API_KEY` / `OPENAI_API_KEY_FILE` | unset | | the key; without it the LLM path is off |
//! | `PITWALL_LLM_BASE_URL` | `https://api.openai.com/v1` | | any OpenAI-compatible Chat Completions endpoint |
//! | `PITWALL_LLM_MODEL` | `gpt-4o-mini` | | model name (must have a price) |
//! | `PITWALL_LLM_ENABLED` | `true` | | start with the LLM switched on (admin endpoint toggles it at run time) |
//! | `PITWALL_LLM_PRICES` | built-in table | | TOML price table file |
//! | `PITWALL_LLM_MAX_TOKENS` | `400` | 1 to 1000000 | max completion tokens per call (the reservation's worst case) |
//! | `PITWALL_LLM_RPM` | `500` | 1 to 1000000000 | client-side requests/min towards the upstream |
//! | `PITWALL_LLM_TPM` | `200000` | 1 to 1000000000000 | client-side tokens/min towards the upstream |
//! | `PITWALL_LLM_MAX_CONCURRENCY` | `8` | 1 to 100000 | concurrent upstream questions |
//! | `PITWALL_LLM_QUEUE_SIZE` | `32` | 0 to 1000000 | questions allowed to wait for a slot; beyond it: fallback `queue_full` |
//! | `PITWALL_LLM_QUEUE_WAIT_MS` | `2000` | 1 to 600000 | longest wait for a slot |
//! | `PITWALL_LLM_DEADLINE_MS` | `20000` | 1 to 600000 | total deadline for one question's LLM work |
//! | `PITWALL_LLM_ATTEMPT_TIMEOUT_MS` | `15000` (at most the deadline) | 1 to the deadline | timeout of one upstream attempt |
//! | `PITWALL_LLM_MAX_ATTEMPTS` | `3` | 1 to 10 | attempts per upstream call, the first included |
//! | `PITWALL_LLM_RETRY_BASE_MS` | `500` | 0 to 60000 | backoff ceiling of the first retry (doubles, full jitter) |
//! | `PITWALL_LLM_BREAKER_MIN_REQUESTS` | `10` | 1 to 1000000 | calls in the 30 s window before the breaker may open |
//! | `PITWALL_LLM_BREAKER_COOLDOWN_MS` | `30000` | 1 to 3600000 | how long the breaker stays open before probing |
//!
//! The ranges keep every value usable without overflow or panic where it is
//! used (tokio's semaphore, `Instant + Duration`, the limiter's arithmetic).
//! The concurrency, queue and rate ceilings are far above any provider's
//! limits but leave room for the load benchmark, which points the app at a
//! local stand-in at up to 20,000 questions a second.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::env::Ranged;
use crate::file::LlmSection;
use crate::{ConfigError, Env};

/// Ten minutes, in milliseconds: the longest any one question may wait or
/// run. Longer would hold a request (and its reservation) past any client's
/// patience and past the shutdown grace.
const TEN_MINUTES_MS: u64 = 600_000;

const MAX_TOKENS: Ranged<u32> = Ranged {
    var: "PITWALL_LLM_MAX_TOKENS",
    key: Some("llm.max_tokens"),
    default: 400,
    min: 1,
    max: 1_000_000,
};
const RPM: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_RPM",
    key: Some("llm.requests_per_minute"),
    default: 500,
    min: 1,
    max: 1_000_000_000,
};
const TPM: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_TPM",
    key: Some("llm.tokens_per_minute"),
    default: 200_000,
    min: 1,
    max: 1_000_000_000_000,
};
const MAX_CONCURRENCY: Ranged<usize> = Ranged {
    var: "PITWALL_LLM_MAX_CONCURRENCY",
    key: Some("llm.max_concurrency"),
    default: 8,
    min: 1,
    max: 100_000,
};
const QUEUE_SIZE: Ranged<usize> = Ranged {
    var: "PITWALL_LLM_QUEUE_SIZE",
    key: Some("llm.queue_size"),
    default: 32,
    min: 0,
    max: 1_000_000,
};
const QUEUE_WAIT_MS: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_QUEUE_WAIT_MS",
    key: Some("llm.queue_wait_ms"),
    default: 2_000,
    min: 1,
    max: TEN_MINUTES_MS,
};
const DEADLINE_MS: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_DEADLINE_MS",
    key: Some("llm.deadline_ms"),
    default: 20_000,
    min: 1,
    max: TEN_MINUTES_MS,
};
/// Its upper end is also capped by the deadline (see [`LlmConfig::load`]).
const ATTEMPT_TIMEOUT_MS: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_ATTEMPT_TIMEOUT_MS",
    key: None,
    default: 15_000,
    min: 1,
    max: TEN_MINUTES_MS,
};
const MAX_ATTEMPTS: Ranged<u32> = Ranged {
    var: "PITWALL_LLM_MAX_ATTEMPTS",
    key: None,
    default: 3,
    min: 1,
    max: 10,
};
/// 0 retries at once (tests); a minute is already longer than a user waits.
const RETRY_BASE_MS: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_RETRY_BASE_MS",
    key: None,
    default: 500,
    min: 0,
    max: 60_000,
};
const BREAKER_MIN_REQUESTS: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_BREAKER_MIN_REQUESTS",
    key: None,
    default: 10,
    min: 1,
    max: 1_000_000,
};
/// An hour at most: the breaker adds it to an `Instant`.
const BREAKER_COOLDOWN_MS: Ranged<u64> = Ranged {
    var: "PITWALL_LLM_BREAKER_COOLDOWN_MS",
    key: None,
    default: 30_000,
    min: 1,
    max: 3_600_000,
};

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
        let deadline_ms = env.ranged(&DEADLINE_MS, file.deadline_ms)?;
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
            max_tokens: env.ranged(&MAX_TOKENS, file.max_tokens)?,
            requests_per_minute: env.ranged(&RPM, file.requests_per_minute)?,
            tokens_per_minute: env.ranged(&TPM, file.tokens_per_minute)?,
            max_concurrency: env.ranged(&MAX_CONCURRENCY, file.max_concurrency)?,
            queue_size: env.ranged(&QUEUE_SIZE, file.queue_size)?,
            queue_wait: Duration::from_millis(env.ranged(&QUEUE_WAIT_MS, file.queue_wait_ms)?),
            deadline: Duration::from_millis(deadline_ms),
            attempt_timeout: Duration::from_millis(attempt_timeout_ms(env, deadline_ms)?),
            max_attempts: env.ranged(&MAX_ATTEMPTS, None)?,
            retry_base: Duration::from_millis(env.ranged(&RETRY_BASE_MS, None)?),
            breaker_min_requests: env.ranged(&BREAKER_MIN_REQUESTS, None)?,
            breaker_cooldown: Duration::from_millis(env.ranged(&BREAKER_COOLDOWN_MS, None)?),
        })
    }

    /// True when a key is configured, i.e. the LLM path can be used at all.
    pub fn configured(&self) -> bool {
        self.api_key.is_some()
    }
}

/// One attempt may not outlast the whole question: a longer timeout could
/// never fire and would only mislead whoever tunes it. Unset, it is the
/// default shortened to the deadline, so setting a short deadline alone
/// stays valid.
fn attempt_timeout_ms(env: &Env, deadline_ms: u64) -> Result<u64, ConfigError> {
    let Some(raw) = env.get(ATTEMPT_TIMEOUT_MS.var) else {
        return Ok(ATTEMPT_TIMEOUT_MS.default.min(deadline_ms));
    };
    let ms = env.ranged(&ATTEMPT_TIMEOUT_MS, None)?;
    if ms > deadline_ms {
        return Err(ConfigError::Invalid {
            name: ATTEMPT_TIMEOUT_MS.var.into(),
            reason: format!(
                "{raw} is longer than PITWALL_LLM_DEADLINE_MS ({deadline_ms}); expected 1 to {deadline_ms}"
            ),
        });
    }
    Ok(ms)
}
