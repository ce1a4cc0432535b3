//! Budget settings, in US dollars.
//!
//! | variable | default | valid range | meaning |
//! |---|---|---|---|
//! | `PITWALL_BUDGET_DAILY_USD` | `5` | 0 to 1000000 | global LLM spend cap per UTC day |
//! | `PITWALL_BUDGET_MONTHLY_USD` | `50` | 0 to 1000000 | global LLM spend cap per UTC month |
//! | `PITWALL_BUDGET_USER_DAILY_USD` | `0.50` | 0 to 1000000 | per-user LLM spend cap per UTC day |
//!
//! A cap of `0` blocks all LLM spend for that scope; the defaults are small on
//! purpose so that a forgotten setting cannot produce a large bill. A cap must
//! be a finite number (`inf` or `NaN` would silently become a $0 cap once
//! converted to micro-dollars) of at most a million dollars, which is
//! already no cap at all in practice.

use crate::env::Ranged;
use crate::file::BudgetSection;
use crate::{ConfigError, Env};

/// The largest cap: far above any real budget, and exact in micro-dollars.
const MAX_USD: f64 = 1_000_000.0;

const DAILY_USD: Ranged<f64> = Ranged {
    var: "PITWALL_BUDGET_DAILY_USD",
    key: Some("budget.daily_usd"),
    default: 5.0,
    min: 0.0,
    max: MAX_USD,
};
const MONTHLY_USD: Ranged<f64> = Ranged {
    var: "PITWALL_BUDGET_MONTHLY_USD",
    key: Some("budget.monthly_usd"),
    default: 50.0,
    min: 0.0,
    max: MAX_USD,
};
const USER_DAILY_USD: Ranged<f64> = Ranged {
    var: "PITWALL_BUDGET_USER_DAILY_USD",
    key: Some("budget.user_daily_usd"),
    default: 0.5,
    min: 0.0,
    max: MAX_USD,
};

/// Dollar caps; always set, because an uncapped LLM bill is the failure we exist to prevent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetConfig {
    /// Global cap per UTC day.
    pub daily_usd: f64,
    /// Global cap per UTC month.
    pub monthly_usd: f64,
    /// Per-user cap per UTC day.
    pub user_daily_usd: f64,
}

impl BudgetConfig {
    /// Resolves the budget settings.
    pub fn load(env: &Env, file: &BudgetSection) -> Result<Self, ConfigError> {
        Ok(Self {
            daily_usd: env.dollars(&DAILY_USD, file.daily_usd)?,
            monthly_usd: env.dollars(&MONTHLY_USD, file.monthly_usd)?,
            user_daily_usd: env.dollars(&USER_DAILY_USD, file.user_daily_usd)?,
        })
    }
}
