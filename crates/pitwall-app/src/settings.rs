//! Operator settings that must survive a restart: the LLM kill switch.
//! Stored in the app database and read back at start-up, so an operator who
//! switched the LLM off during a cost spike does not get it back on by a
//! deploy or a crash.

use crate::admin::{Actor, AdminError};
use crate::App;

/// The setting's stored name.
pub(crate) const LLM_ENABLED: &str = "llm_enabled";

impl App {
    /// Switches the LLM on or off, stores the choice and audits it.
    pub async fn set_llm_enabled(&self, actor: &Actor, enabled: bool) -> Result<(), AdminError> {
        let before = self.llm.status().await.enabled;
        self.store
            .put_setting(LLM_ENABLED, &serde_json::Value::Bool(enabled))
            .await?;
        self.llm.set_enabled(enabled);
        self.audit(
            actor,
            "llm.switch",
            LLM_ENABLED,
            Some(serde_json::json!({ "enabled": before })),
            Some(serde_json::json!({ "enabled": enabled })),
        )
        .await
    }

    /// Applies the stored kill switch, if an operator ever set one (it wins
    /// over `PITWALL_LLM_ENABLED`, which only says how a fresh install starts).
    pub(crate) async fn restore_settings(&self) -> Result<(), pitwall_store::StoreError> {
        if let Some(serde_json::Value::Bool(enabled)) = self.store.get_setting(LLM_ENABLED).await? {
            if enabled != self.llm.status().await.enabled {
                tracing::warn!(enabled, "LLM switch restored from the app database");
                self.llm.set_enabled(enabled);
            }
        }
        self.restore_budget_caps().await
    }
}

/// Parses a look-back like `24h`, `7d` or `30m` (at most 400 days).
pub fn parse_since(raw: &str) -> Option<chrono::Duration> {
    let (number, unit) = raw.split_at(raw.len().checked_sub(1)?);
    let n: i64 = number.parse().ok().filter(|n| *n > 0)?;
    let d = match unit {
        "m" => chrono::Duration::minutes(n),
        "h" => chrono::Duration::hours(n),
        "d" => chrono::Duration::days(n),
        _ => return None,
    };
    (d <= chrono::Duration::days(400)).then_some(d)
}

impl App {
    /// Who asked and spent most in the last `since`, largest `by` first.
    pub async fn usage_top(
        &self,
        since: chrono::Duration,
        by: pitwall_store::UsageOrder,
        limit: u32,
    ) -> Result<Vec<pitwall_store::UsageTotal>, AdminError> {
        Ok(self
            .store
            .usage_top(chrono::Utc::now() - since, by, limit)
            .await?)
    }
}

/// The most days `usage_daily` reports (the look-back limit of usage top).
pub const MAX_USAGE_DAYS: u32 = 400;

impl App {
    /// One principal's questions, LLM calls and cost per UTC day for the
    /// last `days` days (today included), newest first, with idle days as
    /// zeros so a gap reads as a gap.
    pub async fn usage_daily(
        &self,
        principal: &crate::PrincipalId,
        days: u32,
    ) -> Result<Vec<pitwall_store::UsageDay>, AdminError> {
        if !(1..=MAX_USAGE_DAYS).contains(&days) {
            return Err(AdminError::Invalid(format!(
                "days must be 1 to {MAX_USAGE_DAYS}, got {days}"
            )));
        }
        let today = chrono::Utc::now().date_naive();
        let first = today - chrono::Duration::days(i64::from(days) - 1);
        let since = first.and_time(chrono::NaiveTime::MIN).and_utc();
        let stored = self.store.usage_by_day(principal.as_str(), since).await?;
        Ok(first
            .iter_days()
            .take_while(|d| *d <= today)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|day| {
                stored
                    .iter()
                    .find(|u| u.day == day)
                    .cloned()
                    .unwrap_or(pitwall_store::UsageDay {
                        day,
                        requests: 0,
                        llm_calls: 0,
                        cost_micros: 0,
                    })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_since;

    #[test]
    fn look_backs_parse() {
        assert_eq!(parse_since("24h"), Some(chrono::Duration::hours(24)));
        assert_eq!(parse_since("7d"), Some(chrono::Duration::days(7)));
        assert_eq!(parse_since("30m"), Some(chrono::Duration::minutes(30)));
        for bad in ["", "h", "0h", "-1d", "5w", "401d", "1.5h"] {
            assert_eq!(parse_since(bad), None, "{bad}");
        }
    }
}
