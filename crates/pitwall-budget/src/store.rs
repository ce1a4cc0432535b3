//! The budget store contract: reserve before an LLM call, settle or release after it.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::error::BudgetError;
use crate::money::Micros;
use crate::period::BudgetScope;

/// How long an unsettled reservation holds budget before it is released lazily (a request
/// that crashed between reserve and settle must not leak budget forever).
pub const DEFAULT_RESERVATION_TTL: TimeDelta = TimeDelta::minutes(10);

/// Threshold percentages that raise an alert, each once per scope and period.
pub const ALERT_THRESHOLDS: [u8; 3] = [50, 80, 100];

/// Spending caps per period; `None` means uncapped (spend is still counted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetCaps {
    /// All spending per UTC day.
    pub global_daily: Option<Micros>,
    /// All spending per UTC month.
    pub global_monthly: Option<Micros>,
    /// Each principal's spending per UTC day.
    pub per_user_daily: Option<Micros>,
}

impl BudgetCaps {
    /// The cap that applies to `scope`.
    pub fn cap_for(&self, scope: &BudgetScope) -> Option<Micros> {
        match scope {
            BudgetScope::GlobalDaily => self.global_daily,
            BudgetScope::GlobalMonthly => self.global_monthly,
            BudgetScope::UserDaily(_) => self.per_user_daily,
        }
    }
}

/// The scopes one call by `principal` counts against, in the order they are checked.
pub fn scopes_for(principal: &str) -> [BudgetScope; 3] {
    [
        BudgetScope::GlobalDaily,
        BudgetScope::GlobalMonthly,
        BudgetScope::UserDaily(principal.to_owned()),
    ]
}

/// Budget held for one in-flight LLM call. Not `Clone`: it is consumed by exactly one
/// [`BudgetStore::settle`] or [`BudgetStore::release`].
///
/// The reservation belongs to the periods containing `reserved_at`; its settlement is booked
/// there too, even if it arrives after midnight, so spent + reserved never exceeds a period's
/// cap. Stamp the ledger's [`crate::UsageRecord::at`] with `reserved_at` to keep a restore
/// from the ledger consistent with the store.
#[derive(Debug, PartialEq, Eq)]
pub struct Reservation {
    /// Backend-assigned identifier.
    pub id: String,
    /// Who the call is made for (the per-user scope's key).
    pub principal: String,
    /// The worst-case amount held.
    pub amount: Micros,
    /// When it was granted; fixes the periods it counts in.
    pub reserved_at: DateTime<Utc>,
    /// After this instant the store may release it on its own.
    pub expires_at: DateTime<Utc>,
}

/// A threshold (percent of a cap) reached for the first time in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdCrossing {
    /// The scope whose cap was crossed.
    pub scope: BudgetScope,
    /// `"2026-11-25"` for daily scopes, `"2026-11"` for monthly ones.
    pub period: String,
    /// 50, 80 or 100.
    pub percent: u8,
    /// Settled spending right after the crossing settle.
    pub spent: Micros,
    /// The scope's cap.
    pub cap: Micros,
}

/// One scope's figures for the current period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetStatus {
    /// The scope described.
    pub scope: BudgetScope,
    /// The period key (`"2026-11-25"` or `"2026-11"`).
    pub period: String,
    /// The cap, or `None` when uncapped.
    pub cap: Option<Micros>,
    /// Settled spending.
    pub spent: Micros,
    /// Held by live (unexpired) reservations made in this period.
    pub reserved: Micros,
    /// `cap - spent - reserved`, floored at zero; `None` when uncapped.
    pub remaining: Option<Micros>,
}

/// Where budget state lives (in process now; Redis or Postgres later for several replicas).
///
/// Contract, checked by [`crate::conformance::run_all`]:
/// - `reserve` is atomic across all scopes of the call: either every capped scope still has
///   `spent + reserved + amount <= cap` and the amount is held in all of them, or nothing
///   changes and [`BudgetError::Exhausted`] names the first scope that refused.
/// - `settle` removes the reservation and books `actual` as spent in the reservation's
///   periods. `actual` above the reservation (the upstream overran `max_tokens`) is booked
///   anyway, because it was spent. It returns the thresholds this settle crossed.
/// - Thresholds: 50/80/100 % fire on the settle that takes `spent` from below to at-or-above
///   the threshold, once per scope, period and threshold, deduplicated through
///   [`BudgetStore::claim_threshold`]. A refused reserve fires nothing: the refusal error
///   carries the figures, and the 100 % crossing fires only when settled spending really
///   reaches the cap (reservations are worst cases; most are refunded).
/// - Reservations past `expires_at` are released lazily by any later call with a `now`
///   past it; a late settle of one still books its spending.
/// - A new UTC day or month starts from zero.
/// - `set_caps` applies from the next call on; what is spent and reserved is
///   kept, so a cap lowered below today's spend refuses every new reserve
///   and a raised one admits again at once.
#[async_trait]
pub trait BudgetStore: Send + Sync {
    /// Holds `amount` for a call by `principal`, or refuses with [`BudgetError::Exhausted`].
    async fn reserve(
        &self,
        principal: &str,
        amount: Micros,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BudgetError>;

    /// [`BudgetStore::reserve`] with the principal's own daily cap (their
    /// plan's) as well: the smaller of it and the configured per-user cap
    /// applies to the principal's daily scope, checked and held atomically
    /// with the global scopes, so concurrent calls never overspend it.
    async fn reserve_within(
        &self,
        principal: &str,
        user_cap: Micros,
        amount: Micros,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BudgetError>;

    /// Replaces the reservation by the actual cost; returns the thresholds crossed.
    async fn settle(
        &self,
        reservation: Reservation,
        actual: Micros,
        now: DateTime<Utc>,
    ) -> Result<Vec<ThresholdCrossing>, BudgetError>;

    /// Gives the reservation back untouched (the call failed before anything was billed).
    async fn release(&self, reservation: Reservation) -> Result<(), BudgetError>;

    /// Figures per scope for the periods containing `now`: the global scopes, plus the
    /// principal's daily scope when one is given.
    async fn snapshot(
        &self,
        principal: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<BudgetStatus>, BudgetError>;

    /// The caps enforced now.
    async fn caps(&self) -> Result<BudgetCaps, BudgetError>;

    /// Replaces the caps (an operator's live change); see the contract above.
    async fn set_caps(&self, caps: BudgetCaps) -> Result<(), BudgetError>;

    /// Marks a threshold alert as fired; true only for the first caller per scope, period and
    /// percent. This is the deduplication memory (kept in the shared store by distributed
    /// backends, so replicas do not alert twice); `settle` uses it, and the app may too for
    /// its own once-per-period alerts.
    async fn claim_threshold(
        &self,
        scope: &BudgetScope,
        period: &str,
        percent: u8,
    ) -> Result<bool, BudgetError>;
}

/// The thresholds whose line `spent` crossed going from `before` to `after` against `cap`.
/// Shared by backends so they agree on the arithmetic (exact, in i128).
pub fn thresholds_crossed(before: Micros, after: Micros, cap: Micros) -> Vec<u8> {
    if cap.0 <= 0 {
        return Vec::new();
    }
    let reached = |spent: Micros, percent: u8| {
        i128::from(spent.0) * 100 >= i128::from(cap.0) * i128::from(percent)
    };
    ALERT_THRESHOLDS
        .into_iter()
        .filter(|&p| !reached(before, p) && reached(after, p))
        .collect()
}
