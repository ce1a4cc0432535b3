//! Plans: the limits each principal is held to, by plan name.
//!
//! Built in: `anonymous` (clients without a key), `free` and `pro`. The TOML
//! file's `[plans.<name>]` sections replace a built-in plan or add custom
//! ones (every field is required there, so a plan is never half default);
//! admins can create or replace plans at run time (stored in the app
//! database, winning over the file).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ConfigError;

/// One plan's limits. Zero means "none allowed" (e.g. `llm_questions_per_day
/// = 0`: local answers only).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanLimits {
    /// Requests per minute (GCRA: evenly spaced, bursts up to the whole minute's allowance).
    pub requests_per_minute: u32,
    /// Requests per UTC day.
    pub requests_per_day: u32,
    /// LLM questions per UTC day (calls that reach the provider).
    pub llm_questions_per_day: u32,
    /// LLM spend per UTC day, in US dollars.
    pub llm_usd_per_day: f64,
    /// Requests in progress at once.
    pub max_concurrent: u32,
    /// Days of history kept for this plan's principals (0 = the server's setting).
    pub history_retention_days: u32,
}

impl PlanLimits {
    /// Checks every field's range, naming the plan and field in the error.
    pub fn validate(&self, plan: &str) -> Result<(), ConfigError> {
        let whole = [
            ("requests_per_minute", self.requests_per_minute, 1_000_000),
            ("requests_per_day", self.requests_per_day, 1_000_000_000),
            (
                "llm_questions_per_day",
                self.llm_questions_per_day,
                1_000_000_000,
            ),
            ("max_concurrent", self.max_concurrent, 100_000),
            (
                "history_retention_days",
                self.history_retention_days,
                36_500,
            ),
        ];
        for (name, value, max) in whole {
            if value > max {
                return Err(invalid(
                    plan,
                    name,
                    format!("{value} is out of range; expected 0 to {max}"),
                ));
            }
        }
        if !(self.llm_usd_per_day >= 0.0 && self.llm_usd_per_day <= 1_000_000.0) {
            return Err(invalid(
                plan,
                "llm_usd_per_day",
                format!(
                    "{} is out of range; expected 0 to 1000000",
                    self.llm_usd_per_day
                ),
            ));
        }
        Ok(())
    }
}

fn invalid(plan: &str, field: &str, reason: String) -> ConfigError {
    ConfigError::Invalid {
        name: format!("plans.{plan}.{field}"),
        reason,
    }
}

/// The built-in plans.
pub fn builtin_plans() -> BTreeMap<String, PlanLimits> {
    let plan = |rpm, rpd, llm, usd, conc, days| PlanLimits {
        requests_per_minute: rpm,
        requests_per_day: rpd,
        llm_questions_per_day: llm,
        llm_usd_per_day: usd,
        max_concurrent: conc,
        history_retention_days: days,
    };
    BTreeMap::from([
        // Per IP group: generous for requests (one office or carrier NAT
        // shares an address) and tight for the LLM, which is what costs.
        ("anonymous".to_string(), plan(300, 20_000, 20, 0.10, 64, 30)),
        ("free".to_string(), plan(600, 50_000, 100, 0.50, 64, 90)),
        (
            "pro".to_string(),
            plan(3_000, 500_000, 2_000, 5.0, 256, 365),
        ),
    ])
}

/// The built-in plans with the file's `[plans.*]` over them, validated.
pub fn load_plans(
    file: &BTreeMap<String, PlanLimits>,
) -> Result<BTreeMap<String, PlanLimits>, ConfigError> {
    let mut plans = builtin_plans();
    for (name, limits) in file {
        let plain = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !plain {
            return Err(invalid(
                name,
                "name",
                "plan names are 1 to 64 of a-z 0-9 - _".into(),
            ));
        }
        limits.validate(name)?;
        plans.insert(name.clone(), *limits);
    }
    Ok(plans)
}
