//! One upstream call, wrapped in every protection: circuit breaker, budget
//! reservation (worst case before, actual after), client-side rate limit,
//! retries (inside the client) and a deadline. Ledger rows and threshold
//! alerts are written here because only here is the actual cost known.

use std::time::{Instant, SystemTime};

use chrono::Utc;
use pitwall_budget::{
    Alert, BudgetError, BudgetScope, Micros, Reservation, TokenUsage, KIND_BILLING_EXHAUSTED,
    KIND_BUDGET_THRESHOLD,
};
use pitwall_guards::breaker::BreakerPermit;
use pitwall_guards::limiter::LimitCost;
use pitwall_llm::{ChatRequest, ChatResponse, EncodedRequest, LlmError, Usage};
use pitwall_store::UsageRow;

use super::{FallbackReason, LlmPath};
use crate::AskContext;

/// The key under which upstream limits are counted (one account).
const UPSTREAM_KEY: &str = "upstream";
/// Tokens of per-message framing the byte count does not see.
const PROMPT_OVERHEAD_TOKENS: u64 = 64;
/// Billing-exhausted alerts are repeated at most this often.
const BILLING_ALERT_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// An upper bound of the prompt's tokens: a BPE token is at least one byte,
/// so the request's byte length cannot be exceeded (chars/3 can, for
/// non-Latin text). Over-reserving only delays a call; under-reserving
/// could overspend a cap. Measured on the bytes that are sent.
fn prompt_token_bound(req: &EncodedRequest) -> u64 {
    u64::try_from(req.len())
        .unwrap_or(u64::MAX)
        .saturating_add(PROMPT_OVERHEAD_TOKENS)
}

/// True when the provider may have billed the failed call: the request was
/// sent and we don't know what happened (timeout, broken or cut response).
fn maybe_billed(err: &LlmError) -> bool {
    matches!(
        err,
        LlmError::Timeout(_)
            | LlmError::Transport(_)
            | LlmError::Malformed(_)
            | LlmError::DeadlineExceeded {
                in_flight: true,
                ..
            }
    )
}

impl LlmPath {
    /// Sends one request under breaker, budget and limiter.
    pub(super) async fn guarded_call(
        &self,
        req: &ChatRequest,
        ctx: &AskContext,
        deadline: Instant,
    ) -> Result<ChatResponse, FallbackReason> {
        let (Some(client), Some(price)) = (&self.client, &self.price) else {
            return Err(FallbackReason::LlmDisabled);
        };
        let req = EncodedRequest::new(req).map_err(|e| {
            tracing::error!(error = %e, "cannot encode the LLM request");
            FallbackReason::UpstreamUnavailable
        })?;
        let prompt_bound = prompt_token_bound(&req);
        let token_cost = prompt_bound.saturating_add(u64::from(self.max_tokens));

        let permit = self.breaker.try_acquire().map_err(|e| {
            tracing::info!(error = %e, "LLM breaker open; falling back");
            FallbackReason::UpstreamUnavailable
        })?;
        let worst = price.worst_case(prompt_bound, u64::from(self.max_tokens));
        let principal = ctx.principal.id.as_str();
        let reserved = match ctx.llm_usd_cap {
            Some(cap) => {
                self.budget
                    .reserve_within(principal, cap, worst, Utc::now())
                    .await
            }
            None => self.budget.reserve(principal, worst, Utc::now()).await,
        };
        let hold = match reserved {
            Ok(hold) => hold,
            Err(BudgetError::Exhausted {
                scope,
                cap,
                spent,
                reserved,
            }) => {
                static EXHAUSTED: crate::log_throttle::LogThrottle =
                    crate::log_throttle::LogThrottle::new();
                if let Some(times) = EXHAUSTED.hit() {
                    tracing::warn!(%scope, request_id = %ctx.request_id, times, "LLM budget exhausted; falling back");
                }
                self.alert_exhausted(&scope, cap, spent, reserved).await;
                return Err(match scope {
                    BudgetScope::UserDaily(_) => FallbackReason::UserBudgetExhausted,
                    _ => FallbackReason::BudgetExhausted,
                });
            }
            Err(e) => {
                // Fail closed: if we cannot account for the call we do not make it.
                tracing::error!(error = %e, "budget store failed; refusing the LLM call");
                return Err(FallbackReason::BudgetExhausted);
            }
        };
        let cost = LimitCost {
            requests: 1,
            tokens: token_cost,
        };
        if let Err(e) = self
            .limiter
            .acquire(UPSTREAM_KEY, cost, SystemTime::now())
            .await
        {
            static RATE_LIMITED: crate::log_throttle::LogThrottle =
                crate::log_throttle::LogThrottle::new();
            if let Some(times) = RATE_LIMITED.hit() {
                tracing::warn!(error = %e, times, "client-side LLM rate limit reached; falling back");
            }
            pitwall_metrics::record::llm_limiter_refused();
            let _ = self.budget.release(hold).await;
            return Err(FallbackReason::RateLimited);
        }

        let sent = Instant::now();
        let result = client.send_with_deadline(&req, deadline).await;
        let error_class = result.as_ref().err().map(LlmError::class);
        pitwall_metrics::record::llm_call(&self.model, sent.elapsed().as_secs_f64(), error_class);
        match result {
            Ok(outcome) => {
                permit.success();
                let used = outcome
                    .usage
                    .prompt_tokens
                    .saturating_add(outcome.usage.completion_tokens);
                self.limiter
                    .return_unused(
                        UPSTREAM_KEY,
                        token_cost.saturating_sub(used),
                        SystemTime::now(),
                    )
                    .await;
                self.book(hold, Some(outcome.usage), &outcome.model, ctx)
                    .await;
                Ok(outcome.response)
            }
            Err(err) => {
                if maybe_billed(&err) {
                    // We may have been billed and cannot know how much: book the worst case.
                    self.book(hold, None, &self.model, ctx).await;
                } else {
                    let _ = self.budget.release(hold).await;
                }
                self.record_failure(&err, permit, ctx).await;
                Err(FallbackReason::UpstreamUnavailable)
            }
        }
    }

    /// Settles a reservation and writes the ledger row. Without usage (or
    /// with an all-zero one, which a server that omits `usage` gives) the
    /// reserved worst case is booked, so unknown spend is never booked as $0.
    async fn book(&self, hold: Reservation, usage: Option<Usage>, model: &str, ctx: &AskContext) {
        let usage = usage.filter(|u| u.prompt_tokens > 0 || u.completion_tokens > 0);
        let (tokens, cost) = match (&usage, &self.price) {
            (Some(u), Some(price)) => {
                let tokens = TokenUsage {
                    prompt_tokens: u.prompt_tokens,
                    cached_tokens: u.cached_tokens,
                    completion_tokens: u.completion_tokens,
                };
                let cost = price.cost(&tokens);
                (tokens, cost)
            }
            _ => (
                TokenUsage {
                    prompt_tokens: 0,
                    cached_tokens: 0,
                    completion_tokens: 0,
                },
                hold.amount,
            ),
        };
        let booked_at = hold.reserved_at;
        match self.budget.settle(hold, cost, Utc::now()).await {
            Ok(crossings) => {
                for c in crossings {
                    // Stamped with the reservation's time: the crossing belongs
                    // to that period even when it settles after midnight, and
                    // a restart restores "already alerted" from this stamp.
                    self.alerts.fire(Alert::from_crossing(&c, booked_at));
                }
            }
            Err(e) => tracing::error!(error = %e, "settling an LLM reservation failed"),
        }
        let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        let row = UsageRow {
            request_id: ctx.request_id.clone(),
            principal: ctx.principal.id.as_str().to_string(),
            model: model.to_string(),
            prompt_tokens: as_i64(tokens.prompt_tokens),
            cached_tokens: as_i64(tokens.cached_tokens),
            completion_tokens: as_i64(tokens.completion_tokens),
            cost_micros: cost.0,
            at: booked_at,
        };
        // Rides the next commit (the question's history row, written next)
        // instead of costing a commit of its own; durable before the answer
        // is acknowledged.
        self.store.queue_usage(&row).await;
        self.rollups.billed(
            booked_at,
            &row.principal,
            ctx.principal.plan.as_str(),
            cost.0,
        );
        pitwall_metrics::record::llm_usage(
            model,
            tokens.prompt_tokens,
            tokens.cached_tokens,
            tokens.completion_tokens,
            cost.0,
        );
        tracing::info!(
            request_id = %ctx.request_id,
            model,
            prompt_tokens = tokens.prompt_tokens,
            cached_tokens = tokens.cached_tokens,
            completion_tokens = tokens.completion_tokens,
            cost_micros = cost.0,
            usage_known = usage.is_some(),
            "LLM call booked"
        );
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

    async fn record_failure(&self, err: &LlmError, permit: BreakerPermit, ctx: &AskContext) {
        if err.counts_as_upstream_failure() {
            permit.failure();
        } else {
            drop(permit);
        }
        tracing::warn!(request_id = %ctx.request_id, error = %err, "LLM call failed");
        if err.is_billing_exhausted() {
            self.breaker
                .force_open("insufficient_quota: the provider account has no credit");
            let mut last = self.last_billing_alert.lock().await;
            if last.is_none_or(|at| at.elapsed() >= BILLING_ALERT_EVERY) {
                *last = Some(Instant::now());
                self.alerts.fire(Alert {
                    kind: KIND_BILLING_EXHAUSTED.to_string(),
                    message: "The LLM provider refused calls with insufficient_quota (billing exhausted); \
                              the breaker is forced open and answers fall back until credit is added."
                        .to_string(),
                    scope: None,
                    percent: None,
                    at: Utc::now(),
                });
            }
        }
    }
}
