//! The LLM path: questions the local engine cannot answer, under budget,
//! through the queue, limiter, breaker and retry, with guarded SQL.

mod call;
mod conversation;
mod fallback;
mod sink;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, Utc};
use pitwall_budget::{
    AlertDispatcher, AlertRetryPolicy, BudgetCaps, BudgetScope, BudgetStatus, BudgetStore,
    InProcessBudget, Micros, PeriodKind, Price, PriceTable, KIND_BUDGET_THRESHOLD,
};
use pitwall_config::{Config, ExposeSecret, LlmConfig, SecretString};
use pitwall_f1data::Table;
use pitwall_guards::breaker::{BreakerConfig, BreakerSnapshot, CircuitBreaker, LocalBreaker};
use pitwall_guards::limiter::{LimiterConfig, LocalRateLimiter, RateLimiter};
use pitwall_guards::queue::{BoundedGate, ConcurrencyGate, GateGauges};
use pitwall_guards::singleflight::Group;
use pitwall_llm::{LlmClient, LlmClientConfig, RetryPolicy};
use pitwall_store::AppStore;
use serde::Serialize;

pub use fallback::FallbackReason;

use crate::AppError;

/// What the LLM produced for a question.
#[derive(Debug, Clone)]
pub struct LlmAnswer {
    /// The model's one-sentence answer.
    pub text: String,
    /// The last SQL that ran (as rewritten by the guard), if any.
    pub sql: Option<String>,
    /// Its table.
    pub table: Table,
    /// The text or table was cut to the size caps (4,000 characters; 200
    /// rows and 64 KiB of cell text).
    pub truncated: bool,
}

impl LlmAnswer {
    /// The model's answer cut to the size caps, before it is shared with
    /// coalesced callers, cached, served or stored.
    pub fn capped(mut text: String, sql: Option<String>, mut table: Table) -> Self {
        let text_cut = crate::answer::cap_answer(&mut text);
        let rows_cut = crate::answer::cap_rows(&mut table.rows);
        Self {
            text,
            sql,
            table,
            truncated: text_cut || rows_cut,
        }
    }
}

/// The LLM's operational state, for `/readyz` and the admin endpoint.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LlmStatus {
    /// A key is configured.
    pub configured: bool,
    /// Switched on (config flag, admin endpoint).
    pub enabled: bool,
    /// The model.
    pub model: String,
    /// Circuit breaker state, when configured.
    #[schema(value_type = Object)]
    pub breaker: Option<BreakerSnapshot>,
    /// The global budgets (per-principal ones are in the admin usage views).
    #[schema(value_type = Vec<Object>)]
    pub budgets: Vec<BudgetStatus>,
}

/// Everything around the upstream model.
pub struct LlmPath {
    client: Option<LlmClient>,
    model: String,
    max_tokens: u32,
    price: Option<Price>,
    budget: Arc<dyn BudgetStore>,
    limiter: Arc<dyn RateLimiter>,
    breaker: Arc<dyn CircuitBreaker>,
    gate: ConcurrencyGate,
    flights: Group<String, Result<LlmAnswer, FallbackReason>>,
    alerts: AlertDispatcher,
    store: Arc<dyn AppStore>,
    /// Where billed costs are summed per principal and minute.
    rollups: Arc<crate::rollup::Rollups>,
    enabled: AtomicBool,
    deadline: Duration,
    last_billing_alert: tokio::sync::Mutex<Option<std::time::Instant>>,
}

impl LlmPath {
    /// Builds the path from the configuration; without a key it exists but
    /// always falls back with `llm_disabled`. Budgets are restored from the
    /// usage ledger so a restart does not reset today's spend. Billed
    /// costs are also summed in `rollups` (the reports' spend per principal).
    pub async fn build(
        config: &Config,
        store: Arc<dyn AppStore>,
        rollups: Arc<crate::rollup::Rollups>,
    ) -> Result<LlmPath, AppError> {
        let llm = &config.llm;
        let mut prices = PriceTable::builtin();
        if let Some(path) = &llm.prices_file {
            prices = PriceTable::load(path).map_err(|e| AppError::Llm(e.to_string()))?;
        }
        let price = prices.price(&llm.model).cloned();
        if price.is_none() && llm.configured() {
            tracing::error!(model = %llm.model, "no price for the model: LLM calls are refused (fail closed)");
        }
        let client = match &llm.api_key {
            Some(key) => Some(
                LlmClient::new(client_config(llm, key.clone()))
                    .map_err(|e| AppError::Llm(e.to_string()))?,
            ),
            None => None,
        };
        let caps = BudgetCaps {
            global_daily: Some(Micros::from_dollars(config.budget.daily_usd)),
            global_monthly: Some(Micros::from_dollars(config.budget.monthly_usd)),
            per_user_daily: Some(Micros::from_dollars(config.budget.user_daily_usd)),
        };
        let budget: Arc<dyn BudgetStore> = Arc::new(InProcessBudget::with_spent(
            caps,
            restore_spend(&store).await?,
        ));
        if let Err(e) = restore_fired_thresholds(&store, budget.as_ref()).await {
            // Not fatal: the worst case is one repeated alert.
            tracing::warn!(error = %e, "could not read back this period's budget alerts");
        }
        let webhook = config
            .alert_webhook_url
            .as_ref()
            .map(|u| u.expose_secret().to_string());
        if let Some(url) = &webhook {
            AlertDispatcher::validate_webhook_url(url).map_err(|e| AppError::Llm(e.to_string()))?;
        }
        let alerts = AlertDispatcher::spawn(
            webhook,
            Arc::new(sink::StoreAlertSink(Arc::clone(&store))),
            AlertRetryPolicy::default(),
        );
        let breaker_config = BreakerConfig {
            min_requests: llm.breaker_min_requests,
            cooldown: llm.breaker_cooldown,
            ..BreakerConfig::default()
        };
        Ok(LlmPath {
            client,
            model: llm.model.clone(),
            max_tokens: llm.max_tokens,
            price,
            budget,
            limiter: Arc::new(LocalRateLimiter::new(LimiterConfig {
                requests_per_minute: Some(llm.requests_per_minute),
                tokens_per_minute: Some(llm.tokens_per_minute),
            })),
            breaker: Arc::new(LocalBreaker::new("llm", breaker_config)),
            gate: ConcurrencyGate::new(llm.max_concurrency, llm.queue_size, llm.queue_wait),
            flights: Group::new(),
            alerts,
            store,
            rollups,
            enabled: AtomicBool::new(llm.enabled),
            deadline: llm.deadline,
            last_billing_alert: tokio::sync::Mutex::new(None),
        })
    }

    /// Switches the LLM on or off at run time.
    pub fn set_enabled(&self, enabled: bool) {
        self.enabled.store(enabled, Ordering::SeqCst);
        tracing::warn!(enabled, "LLM switched by operator");
    }

    /// The global budget caps enforced now.
    pub async fn budget_caps(&self) -> Result<BudgetCaps, pitwall_budget::BudgetError> {
        self.budget.caps().await
    }

    /// Replaces the global budget caps (an operator's live change).
    pub async fn set_budget_caps(
        &self,
        caps: BudgetCaps,
    ) -> Result<(), pitwall_budget::BudgetError> {
        self.budget.set_caps(caps).await
    }

    /// The current state; never calls the upstream.
    pub async fn status(&self) -> LlmStatus {
        LlmStatus {
            configured: self.client.is_some(),
            enabled: self.enabled.load(Ordering::SeqCst),
            model: self.model.clone(),
            breaker: self.client.as_ref().map(|_| self.breaker.state()),
            budgets: self
                .budget
                .snapshot(None, Utc::now())
                .await
                .unwrap_or_default(),
        }
    }

    /// The LLM queue now: conversations holding a slot and waiting.
    pub fn queue_gauges(&self) -> GateGauges {
        self.gate.gauges()
    }

    /// Waits (bounded) for queued alerts to be delivered.
    pub async fn shutdown(&self) {
        self.alerts.shutdown(Duration::from_secs(3)).await;
    }
}

/// The client settings the app derives from its configuration; public so
/// the overhead benchmark's baseline calls the upstream exactly as the app does.
pub fn client_config(llm: &LlmConfig, api_key: SecretString) -> LlmClientConfig {
    LlmClientConfig {
        base_url: llm.base_url.clone(),
        model: llm.model.clone(),
        api_key,
        max_tokens: llm.max_tokens,
        connect_timeout: Duration::from_secs(5),
        attempt_timeout: llm.attempt_timeout,
        retry: RetryPolicy {
            max_attempts: llm.max_attempts,
            base_delay: llm.retry_base,
            ..RetryPolicy::default()
        },
    }
}

/// Marks the thresholds that already alerted in the current periods (from
/// the stored alerts) as fired, so a restart does not alert again — in
/// particular the 100 % alert, which the first refusal after a restart would
/// otherwise raise once more.
async fn restore_fired_thresholds(
    store: &Arc<dyn AppStore>,
    budget: &dyn BudgetStore,
) -> Result<(), AppError> {
    let now = Utc::now();
    let since = PeriodKind::Month.start(now);
    let mut restored = 0_u32;
    for alert in store.alerts_since(KIND_BUDGET_THRESHOLD, since).await? {
        let (Some(scope), Some(percent)) = (
            alert.scope.as_deref().and_then(BudgetScope::from_key),
            alert.percent.and_then(|p| u8::try_from(p).ok()),
        ) else {
            continue;
        };
        let period = scope.period_key(alert.at);
        if period == scope.period_key(now) {
            budget
                .claim_threshold(&scope, &period, percent)
                .await
                .map_err(|e| AppError::Llm(e.to_string()))?;
            restored += 1;
        }
    }
    if restored > 0 {
        tracing::info!(
            restored,
            "budget alerts already raised this period will not repeat"
        );
    }
    Ok(())
}

/// Today's and this month's spend from the ledger, per budget scope.
async fn restore_spend(
    store: &Arc<dyn AppStore>,
) -> Result<Vec<(BudgetScope, chrono::DateTime<Utc>, Micros)>, AppError> {
    let now = Utc::now();
    let day = PeriodKind::Day.start(now);
    let month = PeriodKind::Month.start(now);
    let daily = store.spend_since(day, None).await?;
    let monthly = store.spend_since(month, None).await?;
    let per_principal = store.spend_by_principal_since(day).await?;
    if monthly > 0 {
        tracing::info!(
            daily_micros = daily,
            monthly_micros = monthly,
            month = now.month(),
            "budgets restored from the ledger"
        );
    }
    let mut restored = vec![
        (BudgetScope::GlobalDaily, day, Micros(daily)),
        (BudgetScope::GlobalMonthly, month, Micros(monthly)),
    ];
    restored.extend(
        per_principal
            .into_iter()
            .map(|(principal, spent)| (BudgetScope::UserDaily(principal), day, Micros(spent))),
    );
    Ok(restored)
}
