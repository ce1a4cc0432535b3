//! Budget settings, in US dollars.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PITWALL_BUDGET_DAILY_USD` | `5` | global LLM spend cap per UTC day |
//! | `PITWALL_BUDGET_MONTHLY_USD` | `50` | global LLM spend cap per UTC month |
//! | `PITWALL_BUDGET_USER_DAILY_USD` | `0.50` | per-user LLM spend cap per UTC day |
//!
//! A cap of `0` blocks all LLM spend for that scope; the defaults are small on
//! purpose so that a forgotten setting cannot produce a large bill.

use crate::file::BudgetSection;
use crate::{ConfigError, Env};

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
        let cfg = Self {
            daily_usd: env
                .parse("PITWALL_BUDGET_DAILY_USD")?
                .or(file.daily_usd)
                .unwrap_or(5.0),
            monthly_usd: env
                .parse("PITWALL_BUDGET_MONTHLY_USD")?
                .or(file.monthly_usd)
                .unwrap_or(50.0),
            user_daily_usd: env
                .parse("PITWALL_BUDGET_USER_DAILY_USD")?
                .or(file.user_daily_usd)
                .unwrap_or(0.5),
        };
        for (name, value) in [
            ("PITWALL_BUDGET_DAILY_USD", cfg.daily_usd),
            ("PITWALL_BUDGET_MONTHLY_USD", cfg.monthly_usd),
            ("PITWALL_BUDGET_USER_DAILY_USD", cfg.user_daily_usd),
        ] {
            if !value.is_finite() || value < 0.0 {
                return Err(ConfigError::Invalid {
                    name: name.into(),
                    reason: "must be a non-negative number".into(),
                });
            }
        }
        Ok(cfg)
    }
}
