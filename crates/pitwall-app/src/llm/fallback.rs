//! Why an answer degraded to the fallback. Each reason is a stable string
//! in the response (`reason`) and in history, documented in the README.

use serde::Serialize;

/// Why the LLM did not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackReason {
    /// No key configured, or switched off by an operator.
    LlmDisabled,
    /// A global budget (daily or monthly) has no room for the call.
    BudgetExhausted,
    /// The caller's own daily LLM allowance (its plan's $ or questions per
    /// day, or the configured per-user cap) is used up.
    UserBudgetExhausted,
    /// The upstream failed, timed out, answered garbage, or its breaker is open.
    UpstreamUnavailable,
    /// Too many LLM questions already waiting; we refuse rather than pile up.
    QueueFull,
    /// Our own client-side limit towards the upstream (requests or tokens per minute) is reached.
    RateLimited,
}

impl FallbackReason {
    /// Every reason.
    pub const ALL: [FallbackReason; 6] = [
        FallbackReason::LlmDisabled,
        FallbackReason::BudgetExhausted,
        FallbackReason::UserBudgetExhausted,
        FallbackReason::UpstreamUnavailable,
        FallbackReason::QueueFull,
        FallbackReason::RateLimited,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            FallbackReason::LlmDisabled => "llm_disabled",
            FallbackReason::BudgetExhausted => "budget_exhausted",
            FallbackReason::UserBudgetExhausted => "user_budget_exhausted",
            FallbackReason::UpstreamUnavailable => "upstream_unavailable",
            FallbackReason::QueueFull => "queue_full",
            FallbackReason::RateLimited => "rate_limited",
        }
    }

    /// The sentence shown to the user.
    pub fn user_message(self) -> &'static str {
        match self {
            FallbackReason::LlmDisabled => {
                "I can't answer that one right now: it needs the AI model, which is switched off on this server."
            }
            FallbackReason::BudgetExhausted => {
                "I can't answer that one right now: today's budget for AI answers is used up. Questions the local engine understands still work."
            }
            FallbackReason::UserBudgetExhausted => {
                "I can't answer that one right now: your AI answers for today are used up (they reset at midnight UTC). Questions the local engine understands, and answers already cached, still work."
            }
            FallbackReason::UpstreamUnavailable => {
                "I can't answer that one right now: the AI model is unavailable. Please try again in a minute."
            }
            FallbackReason::QueueFull => {
                "I can't answer that one right now: too many AI questions are in progress. Please try again shortly."
            }
            FallbackReason::RateLimited => {
                "I can't answer that one right now: the AI model's request rate limit is reached. Please try again shortly."
            }
        }
    }
}
