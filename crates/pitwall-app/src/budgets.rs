//! The global LLM budget caps as an operator lever: shown against their
//! spend, changed live, stored so a restart or deploy does not undo a cap
//! lowered during a cost spike, and reset to the configured values.
//!
//! `PITWALL_BUDGET_*` (or `[budget]` in the TOML) say how a fresh install
//! starts; a stored change wins over them until it is reset, like the LLM
//! kill switch.

use pitwall_budget::{BudgetCaps, BudgetStatus, Micros};
use serde::{Deserialize, Serialize};

use crate::admin::{Actor, AdminError};
use crate::App;

/// The setting's stored name.
pub(crate) const BUDGET_CAPS: &str = "budget_caps";

/// The largest cap accepted, as for the variables: far above any real budget.
const MAX_USD: f64 = 1_000_000.0;

/// The three global caps in US dollars (`PUT /v1/admin/budgets`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetCapsUsd {
    /// All LLM spending per UTC day.
    pub daily_usd: f64,
    /// All LLM spending per UTC month.
    pub monthly_usd: f64,
    /// Each principal's spending per UTC day (a plan's own cap may be lower).
    pub user_daily_usd: f64,
}

impl BudgetCapsUsd {
    fn validate(self) -> Result<Self, AdminError> {
        for (name, v) in [
            ("daily_usd", self.daily_usd),
            ("monthly_usd", self.monthly_usd),
            ("user_daily_usd", self.user_daily_usd),
        ] {
            // NaN or infinity would become a $0 cap once in micro-dollars.
            if !v.is_finite() || !(0.0..=MAX_USD).contains(&v) {
                return Err(AdminError::Invalid(format!(
                    "{name} must be a number from 0 to {MAX_USD}, got {v}"
                )));
            }
        }
        Ok(self)
    }

    /// The caps a store enforces, in dollars (an absent cap reads as the
    /// largest: it refuses nothing).
    fn from_caps(caps: &BudgetCaps) -> Self {
        let usd = |c: Option<Micros>| c.map_or(MAX_USD, Micros::as_dollars);
        Self {
            daily_usd: usd(caps.global_daily),
            monthly_usd: usd(caps.global_monthly),
            user_daily_usd: usd(caps.per_user_daily),
        }
    }

    fn caps(self) -> BudgetCaps {
        BudgetCaps {
            global_daily: Some(Micros::from_dollars(self.daily_usd)),
            global_monthly: Some(Micros::from_dollars(self.monthly_usd)),
            per_user_daily: Some(Micros::from_dollars(self.user_daily_usd)),
        }
    }
}

/// Where the caps in force come from (`stored`: an operator's stored
/// change is what is enforced; `config`: the configured caps are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CapsSource {
    /// The environment or config file.
    Config,
    /// An operator's stored change.
    Stored,
}

/// One plan's own LLM allowance per principal per day.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanAllowance {
    /// The plan.
    pub plan: String,
    /// Dollars per principal per UTC day (the smaller of this and `user_daily_usd` binds).
    pub llm_usd_per_day: f64,
    /// LLM questions per principal per UTC day.
    pub llm_questions_per_day: u32,
}

/// `GET /v1/admin/budgets`: every budget against its spend.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BudgetsView {
    /// The caps enforced now, read from the budget store itself.
    pub caps: BudgetCapsUsd,
    /// Whether they are an operator's stored change or the configured ones.
    pub source: CapsSource,
    /// An operator's stored caps, when there are some. They differ from
    /// `caps` only when stored by `pitwall admin` while this server ran
    /// (applied at its next start) or when they failed validation.
    pub stored: Option<BudgetCapsUsd>,
    /// The configured caps (what a reset goes back to).
    pub configured: BudgetCapsUsd,
    /// Global day and month: cap, spent, reserved, remaining (micro-dollars).
    #[schema(value_type = Vec<Object>)]
    pub global: Vec<BudgetStatus>,
    /// Each plan's per-principal allowance (per-principal spend: `usage`).
    pub plans: Vec<PlanAllowance>,
}

impl App {
    fn configured_caps(&self) -> BudgetCapsUsd {
        BudgetCapsUsd {
            daily_usd: self.config.budget.daily_usd,
            monthly_usd: self.config.budget.monthly_usd,
            user_daily_usd: self.config.budget.user_daily_usd,
        }
    }

    /// The stored caps, if an operator set some (and did not reset them).
    async fn stored_caps(&self) -> Result<Option<BudgetCapsUsd>, pitwall_store::StoreError> {
        Ok(match self.store.get_setting(BUDGET_CAPS).await? {
            Some(v) if !v.is_null() => match serde_json::from_value(v) {
                Ok(caps) => Some(caps),
                Err(e) => {
                    // Unreadable: the configured caps stay, and an operator
                    // who lowered them must hear about it.
                    tracing::error!(error = %e, "ignoring unreadable stored budget caps");
                    None
                }
            },
            _ => None,
        })
    }

    /// Every budget against its spend.
    pub async fn budgets(&self) -> Result<BudgetsView, AdminError> {
        let stored = self.stored_caps().await?;
        let configured = self.configured_caps();
        let plans = self
            .plans
            .all()
            .into_iter()
            .map(|p| PlanAllowance {
                plan: p.name,
                llm_usd_per_day: p.limits.llm_usd_per_day,
                llm_questions_per_day: p.limits.llm_questions_per_day,
            })
            .collect();
        let live = self.llm.budget_caps().await?;
        Ok(BudgetsView {
            caps: BudgetCapsUsd::from_caps(&live),
            // Compared in micro-dollars, as enforced, not as typed.
            source: if stored.map(BudgetCapsUsd::caps) == Some(live) {
                CapsSource::Stored
            } else {
                CapsSource::Config
            },
            stored,
            configured,
            global: self.llm.status().await.budgets,
            plans,
        })
    }

    /// Changes the global caps now (the next LLM reservation sees them),
    /// stores them and audits the change.
    pub async fn set_budget_caps(
        &self,
        actor: &Actor,
        caps: BudgetCapsUsd,
    ) -> Result<BudgetsView, AdminError> {
        let caps = caps.validate()?;
        // One change at a time: store and apply as a pair, so two admins
        // racing cannot leave one's caps stored and the other's enforced.
        let _one = self.budget_change.lock().await;
        let before = self.budgets().await?.caps;
        let value = serde_json::to_value(caps).map_err(|e| AdminError::Invalid(e.to_string()))?;
        self.store.put_setting(BUDGET_CAPS, &value).await?;
        self.llm.set_budget_caps(caps.caps()).await?;
        self.audit(
            actor,
            "budget.set",
            BUDGET_CAPS,
            serde_json::to_value(before).ok(),
            Some(value),
        )
        .await?;
        self.budgets().await
    }

    /// Forgets the stored caps: the configured ones apply again, now.
    pub async fn reset_budget_caps(&self, actor: &Actor) -> Result<BudgetsView, AdminError> {
        let _one = self.budget_change.lock().await;
        let before = self.budgets().await?.caps;
        let configured = self.configured_caps();
        self.store
            .put_setting(BUDGET_CAPS, &serde_json::Value::Null)
            .await?;
        self.llm.set_budget_caps(configured.caps()).await?;
        self.audit(
            actor,
            "budget.reset",
            BUDGET_CAPS,
            serde_json::to_value(before).ok(),
            serde_json::to_value(configured).ok(),
        )
        .await?;
        self.budgets().await
    }

    /// Applies stored caps at start-up (they win over the configuration).
    pub(crate) async fn restore_budget_caps(&self) -> Result<(), pitwall_store::StoreError> {
        if let Some(caps) = self.stored_caps().await? {
            let applied = match caps.validate() {
                Ok(caps) => self
                    .llm
                    .set_budget_caps(caps.caps())
                    .await
                    .map_err(AdminError::from),
                Err(e) => Err(e),
            };
            match applied {
                Ok(()) => tracing::warn!(?caps, "LLM budget caps restored from the app database"),
                // The configured caps stay: never fail open, never refuse to start.
                Err(e) => tracing::error!(error = %e, "ignoring stored budget caps"),
            }
        }
        Ok(())
    }
}
