//! Plans at run time: the configured plans with the stored ones (set by
//! admins) over them. A change applies on the principal's next request:
//! limits are looked up per request from this table, not cached per principal.

use std::collections::BTreeMap;
use std::sync::RwLock;

use pitwall_config::PlanLimits;
use pitwall_store::{AppStore, StoreError};
use serde::Serialize;

use crate::admin::{Actor, AdminError};
use crate::principal::PlanName;
use crate::App;

/// A plan and its limits.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Plan {
    /// The plan's name.
    pub name: String,
    /// Its limits.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub limits: PlanLimits,
}

/// The live plan table.
pub(crate) struct PlanTable(RwLock<BTreeMap<String, PlanLimits>>);

impl PlanTable {
    /// The configured plans with the stored ones over them. A stored plan
    /// that no longer parses is skipped with a warning (the configured or
    /// built-in one stays in force).
    pub(crate) async fn load(
        configured: &BTreeMap<String, PlanLimits>,
        store: &dyn AppStore,
    ) -> Result<Self, StoreError> {
        let mut plans = configured.clone();
        for (name, json) in store.list_plans().await? {
            match serde_json::from_value::<PlanLimits>(json) {
                Ok(limits) if limits.validate(&name).is_ok() => {
                    plans.insert(name, limits);
                }
                _ => tracing::warn!(plan = %name, "a stored plan is invalid and was ignored"),
            }
        }
        Ok(PlanTable(RwLock::new(plans)))
    }

    /// The limits of `plan`; an unknown plan (deleted from the config after
    /// users were put on it) gets the anonymous plan's, the most cautious.
    pub(crate) fn limits(&self, plan: &PlanName) -> PlanLimits {
        let plans = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        plans
            .get(plan.as_str())
            .or_else(|| plans.get(PlanName::ANONYMOUS))
            .copied()
            .unwrap_or(FALLBACK)
    }

    /// Every plan, by name.
    pub(crate) fn all(&self) -> Vec<Plan> {
        let plans = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        plans
            .iter()
            .map(|(name, limits)| Plan {
                name: name.clone(),
                limits: *limits,
            })
            .collect()
    }

    fn put(&self, name: &str, limits: PlanLimits) -> Option<PlanLimits> {
        let mut plans = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        plans.insert(name.to_string(), limits)
    }
}

/// Used only if even the anonymous plan is missing (it is built in, so
/// only a broken table gets here): local answers at a trickle.
const FALLBACK: PlanLimits = PlanLimits {
    requests_per_minute: 10,
    requests_per_day: 100,
    llm_questions_per_day: 0,
    llm_usd_per_day: 0.0,
    max_concurrent: 2,
    history_retention_days: 0,
};

impl App {
    /// Every plan, by name.
    pub async fn plans(&self) -> Result<Vec<Plan>, AdminError> {
        Ok(self.plans.all())
    }

    /// The limits in force for `plan`.
    pub fn plan_limits(&self, plan: &PlanName) -> PlanLimits {
        self.plans.limits(plan)
    }

    /// Creates or replaces a plan (stored, so it survives a restart);
    /// applies on the next request of every principal on it.
    pub async fn set_plan(
        &self,
        actor: &Actor,
        name: &PlanName,
        limits: PlanLimits,
    ) -> Result<Plan, AdminError> {
        limits
            .validate(name.as_str())
            .map_err(|e| AdminError::Invalid(e.to_string()))?;
        let json = serde_json::to_value(limits).map_err(|e| AdminError::Invalid(e.to_string()))?;
        self.store.put_plan(name.as_str(), &json).await?;
        let before = self.plans.put(name.as_str(), limits);
        self.audit(
            actor,
            "plan.set",
            name.as_str(),
            before.and_then(|b| serde_json::to_value(b).ok()),
            Some(json),
        )
        .await?;
        Ok(Plan {
            name: name.to_string(),
            limits,
        })
    }
}
