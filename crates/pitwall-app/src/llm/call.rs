//! One upstream call, wrapped in every protection: client-side rate limit,
//! budget reservation (worst case before, actual after), circuit breaker,
//! retries (inside the client) and a deadline. Ledger rows and threshold
//! alerts are written here because only here is the actual cost known.

use std::time::Instant;

use chrono::Utc;
use pitwall_budget::{
    estimate_prompt_tokens, Alert, BudgetError, BudgetScope, Micros, TokenUsage,
    KIND_BILLING_EXHAUSTED, KIND_BUDGET_THRESHOLD,
};
use pitwall_guards::limiter::LimitCost;
use pitwall_guards::GuardError;
use pitwall_llm::{ChatRequest, ChatResponse, LlmError};
use pitwall_store::UsageRow;

use super::{FallbackReason, LlmPath};
use crate::AskContext;

/// The key under which upstream limits are counted (one account).
const UPSTREAM_KEY: &str = "upstream";

impl LlmPath {
    /// Sends one request under budget, limiter and breaker.
    pub(super) async fn guarded_call(
        &self,
        req: &ChatRequest,
        ctx: &AskContext,
        deadline: Instant,
    ) -> Result<ChatResponse, FallbackReason> {
        let (Some(client), Some(price)) = (&self.client, &self.price) else {
            return Err(FallbackReason::LlmDisabled);
        };
        let body_len = serde_json::to_string(req).map(|s| s.len()).unwrap_or(0);
        let prompt_estimate = estimate_prompt_tokens(body_len);
        let token_cost = prompt_estimate + u64::from(self.max_tokens);

        match self
            .limiter
            .acquire(
                UPSTREAM_KEY,
                LimitCost {
                    requests: 1,
                    tokens: token_cost,
                },
                std::time::SystemTime::now(),
            )
            .await
        {
            Ok(()) => {}
            Err(GuardError::RateLimited { retry_after }) => {
                tracing::warn!(
                    retry_after_ms = retry_after.as_millis() as u64,
                    "client-side LLM rate limit reached"
                );
                return Err(FallbackReason::RateLimited);
            }
            Err(e) => {
                tracing::warn!(error = %e, "LLM rate limiter refused");
                return Err(FallbackReason::RateLimited);
            }
        }

        let worst = price.worst_case(prompt_estimate, u64::from(self.max_tokens));
        let hold = match self.budget.reserve(&ctx.principal, worst, Utc::now()).await {
            Ok(hold) => hold,
            Err(BudgetError::Exhausted {
                scope,
                cap,
                spent,
                reserved,
            }) => {
                tracing::warn!(%scope, request_id = %ctx.request_id, "LLM budget exhausted; falling back");
                self.alert_exhausted(&scope, cap, spent, reserved).await;
                return Err(FallbackReason::BudgetExhausted);
            }
            Err(e) => {
                // Fail closed: if we cannot account for the call we do not make it.
                tracing::error!(error = %e, "budget store failed; refusing the LLM call");
                return Err(FallbackReason::BudgetExhausted);
            }
        };

        let permit = match self.breaker.try_acquire() {
            Ok(p) => p,
            Err(e) => {
                let _ = self.budget.release(hold).await;
                tracing::info!(error = %e, "LLM breaker open; falling back");
                return Err(FallbackReason::UpstreamUnavailable);
            }
        };

        match client.chat_with_deadline(req, deadline).await {
            Ok(outcome) => {
                permit.success();
                let usage = TokenUsage {
                    prompt_tokens: outcome.usage.prompt_tokens,
                    cached_tokens: outcome.usage.cached_tokens,
                    completion_tokens: outcome.usage.completion_tokens,
                };
                let cost = price.cost(&usage);
                let booked_at = hold.reserved_at;
                match self.budget.settle(hold, cost, Utc::now()).await {
                    Ok(crossings) => {
                        for c in crossings {
                            self.alerts.fire(Alert::from_crossing(&c, Utc::now()));
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "settling an LLM reservation failed"),
                }
                let used = outcome.usage.prompt_tokens + outcome.usage.completion_tokens;
                self.limiter
                    .return_unused(
                        UPSTREAM_KEY,
                        token_cost.saturating_sub(used),
                        std::time::SystemTime::now(),
                    )
                    .await;
                let row = UsageRow {
                    request_id: ctx.request_id.clone(),
                    principal: ctx.principal.clone(),
                    model: outcome.model.clone(),
                    prompt_tokens: i64::try_from(usage.prompt_tokens).unwrap_or(i64::MAX),
                    cached_tokens: i64::try_from(usage.cached_tokens).unwrap_or(i64::MAX),
                    completion_tokens: i64::try_from(usage.completion_tokens).unwrap_or(i64::MAX),
                    cost_micros: cost.0,
                    at: booked_at,
                };
                if let Err(e) = self.store.insert_usage(&row).await {
                    tracing::error!(error = %e, "writing the usage ledger failed");
                }
                tracing::info!(
                    request_id = %ctx.request_id,
                    model = %outcome.model,
                    prompt_tokens = usage.prompt_tokens,
                    cached_tokens = usage.cached_tokens,
                    completion_tokens = usage.completion_tokens,
                    cost_micros = cost.0,
                    attempts = outcome.attempts,
                    "LLM call"
                );
                Ok(outcome.response)
            }
            Err(err) => {
                let _ = self.budget.release(hold).await;
                self.record_failure(&err, permit, ctx);
                Err(FallbackReason::UpstreamUnavailable)
            }
        }
    }

    /// Reservations keep actual spend below a cap, so spend alone rarely
    /// reaches 100 %: the first refusal in a period is what tells the
    /// operator the budget is used up. It shares the 100 % slot with
    /// `settle`'s crossings, so each scope and period alerts once.
    async fn alert_exhausted(
        &self,
        scope: &BudgetScope,
        cap: Micros,
        spent: Micros,
        reserved: Micros,
    ) {
        let now = Utc::now();
        let period = scope.period_key(now);
        if let Ok(true) = self.budget.claim_threshold(scope, &period, 100).await {
            self.alerts.fire(Alert {
                kind: KIND_BUDGET_THRESHOLD.to_string(),
                message: format!(
                    "LLM budget {scope} for {period} reached 100%: a call was refused (cap {cap}, spent {spent}, in flight {reserved})"
                ),
                scope: Some(scope.clone()),
                percent: Some(100),
                at: now,
            });
        }
    }

    fn record_failure(
        &self,
        err: &LlmError,
        permit: pitwall_guards::breaker::BreakerPermit,
        ctx: &AskContext,
    ) {
        if err.counts_as_upstream_failure() {
            permit.failure();
        } else {
            drop(permit);
        }
        tracing::warn!(request_id = %ctx.request_id, error = %err, "LLM call failed");
        if err.is_billing_exhausted() {
            self.breaker
                .force_open("insufficient_quota: the provider account has no credit");
            self.alerts.fire(Alert {
                kind: KIND_BILLING_EXHAUSTED.to_string(),
                message:
                    "The LLM provider refused calls with insufficient_quota (billing exhausted); \
                          the breaker is forced open and answers fall back until credit is added."
                        .to_string(),
                scope: None,
                percent: None,
                at: Utc::now(),
            });
        }
    }
}
