//! A budget store in process memory, for a single replica.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};

use crate::error::BudgetError;
use crate::money::Micros;
use crate::period::{BudgetScope, PeriodKind};
use crate::store::{
    scopes_for, thresholds_crossed, BudgetCaps, BudgetStatus, BudgetStore, Reservation,
    ThresholdCrossing, DEFAULT_RESERVATION_TTL,
};

/// Budget state behind one mutex, so a reserve checks and holds every scope atomically.
///
/// The mutex is never held across an `.await` (no method awaits while holding it), so a
/// plain `std` mutex is correct and cheaper than an async one.
pub struct InProcessBudget {
    reservation_ttl: TimeDelta,
    state: Mutex<State>,
}

type CounterKey = (BudgetScope, String);

#[derive(Debug, Default, Clone, Copy)]
struct Counter {
    spent: Micros,
    reserved: Micros,
}

#[derive(Debug)]
struct LiveReservation {
    principal: String,
    amount: Micros,
    reserved_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    /// Under the same lock as the counters: a cap change and a reserve
    /// never interleave, so no reserve checks half of an old cap set.
    caps: BudgetCaps,
    counters: HashMap<CounterKey, Counter>,
    reservations: HashMap<u64, LiveReservation>,
    fired: HashSet<(BudgetScope, String, u8)>,
    next_id: u64,
    /// The day key of the last pruning, so old periods are dropped once per day.
    pruned_for_day: String,
}

impl InProcessBudget {
    /// A store with nothing spent.
    pub fn new(caps: BudgetCaps) -> InProcessBudget {
        InProcessBudget::with_spent(caps, Vec::new())
    }

    /// A store restored from the persistent ledger at start-up: each entry is a scope, any
    /// instant of its period (e.g. the period start) and the amount already spent in it.
    pub fn with_spent(
        caps: BudgetCaps,
        initial: Vec<(BudgetScope, DateTime<Utc>, Micros)>,
    ) -> InProcessBudget {
        let mut state = State {
            caps,
            ..State::default()
        };
        for (scope, period_start, spent) in initial {
            if spent.is_negative() {
                tracing::warn!(scope = %scope.key(), %spent, "ignoring negative restored spend");
                continue;
            }
            let key = (scope.clone(), scope.period_key(period_start));
            state.counters.entry(key).or_default().spent += spent;
        }
        InProcessBudget {
            reservation_ttl: DEFAULT_RESERVATION_TTL,
            state: Mutex::new(state),
        }
    }

    /// Changes how long an unsettled reservation holds budget (default 10 minutes).
    pub fn with_reservation_ttl(mut self, ttl: TimeDelta) -> InProcessBudget {
        self.reservation_ttl = ttl;
        self
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave a half-applied update: every mutation
        // below is computed first and applied without fallible steps in between.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    fn counter(&self, scope: &BudgetScope, at: DateTime<Utc>) -> Counter {
        self.counters
            .get(&(scope.clone(), scope.period_key(at)))
            .copied()
            .unwrap_or_default()
    }

    fn counter_mut(&mut self, scope: &BudgetScope, at: DateTime<Utc>) -> &mut Counter {
        let key = (scope.clone(), scope.period_key(at));
        self.counters.entry(key).or_default()
    }

    /// Releases every reservation whose expiry has passed (the lazy half of the TTL).
    fn expire_reservations(&mut self, now: DateTime<Utc>) {
        let expired: Vec<u64> = self
            .reservations
            .iter()
            .filter(|(_, r)| r.expires_at <= now)
            .map(|(&id, _)| id)
            .collect();
        for id in expired {
            if let Some(r) = self.reservations.remove(&id) {
                tracing::warn!(
                    reservation = id,
                    principal = %r.principal,
                    amount = %r.amount,
                    "LLM budget reservation expired unsettled; released"
                );
                self.unhold(&r.principal, r.amount, r.reserved_at);
            }
        }
    }

    fn unhold(&mut self, principal: &str, amount: Micros, reserved_at: DateTime<Utc>) {
        for scope in scopes_for(principal) {
            let counter = self.counter_mut(&scope, reserved_at);
            counter.reserved = (counter.reserved - amount).max(Micros::ZERO);
        }
    }

    /// Drops counters and fired marks of periods older than the previous one, once per day,
    /// so memory stays bounded by (users active in two days). The previous period is kept
    /// because a reservation made before midnight settles into it.
    fn prune_old_periods(&mut self, now: DateTime<Utc>) {
        let today = PeriodKind::Day.key(now);
        if self.pruned_for_day == today {
            return;
        }
        let keep = |kind: PeriodKind, period: &str| {
            period == kind.key(now) || period == kind.key(kind.previous_start(now))
        };
        self.counters
            .retain(|(scope, period), c| keep(scope.period_kind(), period) || c.reserved.0 > 0);
        self.fired
            .retain(|(scope, period, _)| keep(scope.period_kind(), period));
        self.pruned_for_day = today;
    }
}

impl InProcessBudget {
    /// `reserve` with an optional per-principal cap over the configured one.
    fn reserve_capped(
        &self,
        principal: &str,
        user_cap: Option<Micros>,
        amount: Micros,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BudgetError> {
        if amount.is_negative() {
            return Err(BudgetError::InvalidAmount {
                amount,
                reason: "a reservation cannot be negative",
            });
        }
        let mut state = self.lock();
        state.expire_reservations(now);
        state.prune_old_periods(now);
        let scopes = scopes_for(principal);
        // Check every scope before touching any, so a refusal changes nothing.
        for scope in &scopes {
            let configured = state.caps.cap_for(scope);
            let cap = match (scope, configured, user_cap) {
                (BudgetScope::UserDaily(_), Some(c), Some(u)) => Some(c.min(u)),
                (BudgetScope::UserDaily(_), None, Some(u)) => Some(u),
                _ => configured,
            };
            let Some(cap) = cap else {
                continue;
            };
            let c = state.counter(scope, now);
            if c.spent + c.reserved + amount > cap {
                return Err(BudgetError::Exhausted {
                    scope: scope.clone(),
                    cap,
                    spent: c.spent,
                    reserved: c.reserved,
                });
            }
        }
        for scope in &scopes {
            state.counter_mut(scope, now).reserved += amount;
        }
        state.next_id += 1;
        let id = state.next_id;
        let expires_at = now + self.reservation_ttl;
        state.reservations.insert(
            id,
            LiveReservation {
                principal: principal.to_owned(),
                amount,
                reserved_at: now,
                expires_at,
            },
        );
        Ok(Reservation {
            id: id.to_string(),
            principal: principal.to_owned(),
            amount,
            reserved_at: now,
            expires_at,
        })
    }
}

#[async_trait]
impl BudgetStore for InProcessBudget {
    async fn reserve(
        &self,
        principal: &str,
        amount: Micros,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BudgetError> {
        self.reserve_capped(principal, None, amount, now)
    }

    async fn reserve_within(
        &self,
        principal: &str,
        user_cap: Micros,
        amount: Micros,
        now: DateTime<Utc>,
    ) -> Result<Reservation, BudgetError> {
        self.reserve_capped(principal, Some(user_cap), amount, now)
    }

    async fn settle(
        &self,
        reservation: Reservation,
        actual: Micros,
        now: DateTime<Utc>,
    ) -> Result<Vec<ThresholdCrossing>, BudgetError> {
        if actual.is_negative() {
            // Give the hold back so a caller bug does not also leak budget.
            self.release(reservation).await?;
            return Err(BudgetError::InvalidAmount {
                amount: actual,
                reason: "a cost cannot be negative",
            });
        }
        let mut crossings = Vec::new();
        let mut state = self.lock();
        state.expire_reservations(now);
        let live = reservation
            .id
            .parse::<u64>()
            .ok()
            .and_then(|id| state.reservations.remove(&id));
        match live {
            Some(r) => state.unhold(&r.principal, r.amount, r.reserved_at),
            None => tracing::warn!(
                reservation = %reservation.id,
                principal = %reservation.principal,
                %actual,
                "settling a reservation that had expired or is unknown; booking the spend anyway"
            ),
        }
        if actual > reservation.amount {
            tracing::warn!(
                principal = %reservation.principal,
                reserved = %reservation.amount,
                %actual,
                "LLM call cost more than its worst-case reservation; booked in full"
            );
        }
        for scope in scopes_for(&reservation.principal) {
            let period = scope.period_key(reservation.reserved_at);
            let counter = state.counter_mut(&scope, reservation.reserved_at);
            let before = counter.spent;
            counter.spent += actual;
            let after = counter.spent;
            let Some(cap) = state.caps.cap_for(&scope) else {
                continue;
            };
            for percent in thresholds_crossed(before, after, cap) {
                if state.fired.insert((scope.clone(), period.clone(), percent)) {
                    crossings.push(ThresholdCrossing {
                        scope: scope.clone(),
                        period: period.clone(),
                        percent,
                        spent: after,
                        cap,
                    });
                }
            }
        }
        Ok(crossings)
    }

    async fn release(&self, reservation: Reservation) -> Result<(), BudgetError> {
        let mut state = self.lock();
        let live = reservation
            .id
            .parse::<u64>()
            .ok()
            .and_then(|id| state.reservations.remove(&id));
        // Already expired and released: nothing left to give back.
        if let Some(r) = live {
            state.unhold(&r.principal, r.amount, r.reserved_at);
        }
        Ok(())
    }

    async fn snapshot(
        &self,
        principal: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<BudgetStatus>, BudgetError> {
        let mut state = self.lock();
        state.expire_reservations(now);
        let mut scopes = vec![BudgetScope::GlobalDaily, BudgetScope::GlobalMonthly];
        if let Some(p) = principal {
            scopes.push(BudgetScope::UserDaily(p.to_owned()));
        }
        Ok(scopes
            .into_iter()
            .map(|scope| {
                let c = state.counter(&scope, now);
                let cap = state.caps.cap_for(&scope);
                BudgetStatus {
                    period: scope.period_key(now),
                    cap,
                    spent: c.spent,
                    reserved: c.reserved,
                    remaining: cap.map(|cap| (cap - c.spent - c.reserved).max(Micros::ZERO)),
                    scope,
                }
            })
            .collect())
    }

    async fn caps(&self) -> Result<BudgetCaps, BudgetError> {
        Ok(self.lock().caps.clone())
    }

    async fn set_caps(&self, caps: BudgetCaps) -> Result<(), BudgetError> {
        self.lock().caps = caps;
        Ok(())
    }

    async fn claim_threshold(
        &self,
        scope: &BudgetScope,
        period: &str,
        percent: u8,
    ) -> Result<bool, BudgetError> {
        let mut state = self.lock();
        Ok(state
            .fired
            .insert((scope.clone(), period.to_owned(), percent)))
    }
}
