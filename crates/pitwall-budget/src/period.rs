//! Budget scopes and their UTC calendar periods (day or month).

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// What a cap applies to. Each scope has its own counters per period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "scope", content = "principal", rename_all = "snake_case")]
pub enum BudgetScope {
    /// All spending, per UTC calendar day.
    GlobalDaily,
    /// All spending, per UTC calendar month.
    GlobalMonthly,
    /// One principal's (user's or API key's) spending, per UTC calendar day.
    UserDaily(String),
}

/// The length of a scope's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    /// A UTC calendar day; key `YYYY-MM-DD`.
    Day,
    /// A UTC calendar month; key `YYYY-MM`.
    Month,
}

impl BudgetScope {
    /// The period length this scope is counted over.
    pub fn period_kind(&self) -> PeriodKind {
        match self {
            BudgetScope::GlobalDaily | BudgetScope::UserDaily(_) => PeriodKind::Day,
            BudgetScope::GlobalMonthly => PeriodKind::Month,
        }
    }

    /// The key of the period containing `at`: `"2026-11-25"` for daily scopes, `"2026-11"`
    /// for monthly ones. Backends use it to name counters, so a new period starts from zero.
    pub fn period_key(&self, at: DateTime<Utc>) -> String {
        self.period_kind().key(at)
    }

    /// A stable machine-readable name, e.g. `global_daily` or `user_daily:alice`, for keys
    /// in a shared store and for log fields.
    pub fn key(&self) -> String {
        match self {
            BudgetScope::GlobalDaily => "global_daily".to_owned(),
            BudgetScope::GlobalMonthly => "global_monthly".to_owned(),
            BudgetScope::UserDaily(principal) => format!("user_daily:{principal}"),
        }
    }
}

impl BudgetScope {
    /// The scope a [`key`](Self::key) names, e.g. read back from a stored alert; `None` for
    /// anything else.
    pub fn from_key(key: &str) -> Option<BudgetScope> {
        match key {
            "global_daily" => Some(BudgetScope::GlobalDaily),
            "global_monthly" => Some(BudgetScope::GlobalMonthly),
            other => other
                .strip_prefix("user_daily:")
                .filter(|p| !p.is_empty())
                .map(|p| BudgetScope::UserDaily(p.to_owned())),
        }
    }
}

impl fmt::Display for BudgetScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BudgetScope::GlobalDaily => f.write_str("global daily"),
            BudgetScope::GlobalMonthly => f.write_str("global monthly"),
            BudgetScope::UserDaily(principal) => write!(f, "daily for user {principal:?}"),
        }
    }
}

impl PeriodKind {
    /// The key of the period containing `at` (see [`BudgetScope::period_key`]).
    pub fn key(self, at: DateTime<Utc>) -> String {
        // Plain integer formatting: `format("%Y-%m-%d")` parses its pattern
        // on every call, and every LLM call computes several of these keys.
        match self {
            PeriodKind::Day => format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day()),
            PeriodKind::Month => format!("{:04}-{:02}", at.year(), at.month()),
        }
    }

    /// The first instant (00:00:00 UTC) of the period containing `at`. The app uses it to
    /// sum its ledger when restoring spend at start-up.
    pub fn start(self, at: DateTime<Utc>) -> DateTime<Utc> {
        let date = at.date_naive();
        let first = match self {
            PeriodKind::Day => date,
            PeriodKind::Month => date.with_day(1).unwrap_or(date),
        };
        midnight(first)
    }

    /// Any instant in the period just before the one containing `at` (its first instant).
    pub fn previous_start(self, at: DateTime<Utc>) -> DateTime<Utc> {
        let start = self.start(at);
        // One second before this period's start is inside the previous period.
        self.start(start - TimeDelta::seconds(1))
    }
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_keys_are_zero_padded_dates() {
        let at = Utc.with_ymd_and_hms(2026, 1, 5, 23, 59, 59).unwrap();
        assert_eq!(PeriodKind::Day.key(at), "2026-01-05");
        assert_eq!(PeriodKind::Month.key(at), "2026-01");
        let at = Utc.with_ymd_and_hms(987, 12, 31, 0, 0, 0).unwrap();
        assert_eq!(PeriodKind::Day.key(at), at.format("%Y-%m-%d").to_string());
        assert_eq!(BudgetScope::GlobalMonthly.period_key(at), "0987-12");
    }

    #[test]
    fn scope_keys_round_trip() {
        for scope in [
            BudgetScope::GlobalDaily,
            BudgetScope::GlobalMonthly,
            BudgetScope::UserDaily("alice:with:colons".into()),
        ] {
            assert_eq!(BudgetScope::from_key(&scope.key()), Some(scope));
        }
        assert_eq!(BudgetScope::from_key("user_daily:"), None);
        assert_eq!(BudgetScope::from_key("weekly"), None);
    }
}
