//! Budget and billing alerts are events the LLM path raises as it books
//! spend; this resolves them when their condition has cleared: the period
//! they were raised in is over, or the spend is back under the threshold
//! (the cap was raised), or, for an empty provider account, calls succeed
//! again (the breaker closed).

use chrono::Utc;
use pitwall_budget::{BudgetScope, KIND_BILLING_EXHAUSTED, KIND_BUDGET_THRESHOLD};
use pitwall_guards::breaker::BreakerState;
use pitwall_store::AlertState;

use super::{FiringSet, Transition};
use crate::llm::LlmStatus;
use crate::{App, AppError};

impl App {
    pub(super) async fn resolve_budget_alerts(
        &self,
        firing: &mut FiringSet,
        status: &LlmStatus,
    ) -> Result<Vec<Transition>, AppError> {
        let rows = self.store.list_alerts(AlertState::Firing, 1000).await?;
        let now = Utc::now();
        let mut done = Vec::new();
        for row in rows {
            let cleared = match row.kind.as_str() {
                KIND_BUDGET_THRESHOLD => {
                    let Some(scope) = row.scope.as_deref().and_then(BudgetScope::from_key) else {
                        continue;
                    };
                    let over = scope.period_key(row.at) != scope.period_key(now);
                    let under = status
                        .budgets
                        .iter()
                        .find(|b| b.scope == scope)
                        .is_some_and(|b| {
                            let percent = row.percent.unwrap_or(100);
                            b.cap
                                .is_some_and(|cap| cap.0 > 0 && b.spent.0 * 100 < cap.0 * percent)
                        });
                    over || under
                }
                KIND_BILLING_EXHAUSTED => status
                    .breaker
                    .as_ref()
                    .is_some_and(|b| b.state == BreakerState::Closed),
                _ => continue,
            };
            if !cleared {
                continue;
            }
            // Each threshold resolves on its own: raising the cap past the
            // 100 % one leaves a still-true 80 % one firing.
            self.store
                .resolve_alerts(&row.kind, row.scope.as_deref(), row.percent, now)
                .await?;
            firing.remove(&(row.kind.clone(), row.scope.clone()));
            tracing::info!(rule = %row.kind, scope = row.scope.as_deref().unwrap_or("-"), "alert resolved");
            self.alerts
                .post(&row.kind, format!("RESOLVED {}", row.message));
            let resolved = Transition::Resolved(format!(
                "{}:{}",
                row.kind,
                row.scope.as_deref().unwrap_or("")
            ));
            if !done.contains(&resolved) {
                done.push(resolved);
            }
        }
        Ok(done)
    }
}
