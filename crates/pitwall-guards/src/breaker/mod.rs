//! Circuit breaker: stop calling an upstream that is failing, probe it after a cooldown.
//!
//! Closed → Open when, within a sliding window, at least `min_requests` calls completed and
//! the failure rate reached the threshold. Open rejects immediately until the cooldown ends,
//! then HalfOpen admits a few concurrent probes: enough consecutive probe successes close
//! it, any probe failure re-opens it. [`CircuitBreaker::force_open`] opens it for a longer
//! cooldown when retrying is pointless (e.g. the account's billing quota is exhausted).
//!
//! What counts as a failure is the caller's decision: timeouts, connection errors and 5xx
//! are failures; a 400 caused by our own request is not the upstream's fault.

mod local;
mod window;

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::GuardError;

pub use local::LocalBreaker;

/// A circuit breaker guarding one upstream.
///
/// Synchronous on purpose: it sits on every call's hot path and each process judges the
/// upstream from its own traffic, so no I/O is needed to decide.
pub trait CircuitBreaker: Send + Sync {
    /// Admits a call, or refuses immediately with [`GuardError::BreakerOpen`].
    fn try_acquire(&self) -> Result<BreakerPermit, GuardError>;
    /// Opens the breaker for the configured forced cooldown, whatever its state.
    fn force_open(&self, reason: &str);
    /// The current state, for `/readyz` and logs.
    fn state(&self) -> BreakerSnapshot;
}

/// Tuning of a circuit breaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakerConfig {
    /// Length of the sliding window over which the failure rate is measured.
    pub window: Duration,
    /// Number of buckets the window is split into; old buckets slide out whole.
    pub window_buckets: u32,
    /// Completed calls needed in the window before the breaker may trip.
    pub min_requests: u64,
    /// Failure rate (0.0–1.0) at or above which the breaker trips.
    pub failure_rate_threshold: f64,
    /// How long the breaker stays open after tripping.
    pub cooldown: Duration,
    /// How long the breaker stays open after [`CircuitBreaker::force_open`].
    pub forced_cooldown: Duration,
    /// Probes allowed in flight at once while half-open.
    pub half_open_max_probes: u32,
    /// Consecutive probe successes that close the breaker.
    pub half_open_successes_to_close: u32,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(30),
            window_buckets: 10,
            min_requests: 10,
            failure_rate_threshold: 0.5,
            cooldown: Duration::from_secs(30),
            forced_cooldown: Duration::from_secs(600),
            half_open_max_probes: 2,
            half_open_successes_to_close: 2,
        }
    }
}

/// The three states of a circuit breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    /// Calls flow; outcomes are counted.
    Closed,
    /// Calls are refused until the cooldown ends.
    Open,
    /// A few probe calls test whether the upstream recovered.
    HalfOpen,
}

/// A point-in-time view of a breaker, serialisable for health endpoints and logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakerSnapshot {
    /// Current state.
    pub state: BreakerState,
    /// Failure rate over the window (0.0 when the window is empty).
    pub failure_rate: f64,
    /// Completed calls counted in the window.
    pub requests_in_window: u64,
    /// When the breaker last opened, while it is open or half-open.
    pub opened_at: Option<DateTime<Utc>>,
    /// Why it opened, while it is open or half-open.
    pub reason: Option<String>,
    /// Time left before an open breaker admits probes.
    pub retry_in_ms: Option<u64>,
}

/// How an admitted call ended, as reported to the breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    /// The upstream answered properly.
    Success,
    /// The upstream failed (timeout, connection error, 5xx, 429 after retries).
    Failure,
}

/// Receives the outcome of one admitted call; implemented by each breaker backend.
pub trait PermitRecorder: Send {
    /// Records the outcome, or `None` when the permit was dropped without one.
    fn record(self: Box<Self>, outcome: Option<CallOutcome>);
}

/// Permission to make one call. Report how it went with [`success`](Self::success) or
/// [`failure`](Self::failure); dropping it unreported counts as neither but frees its
/// half-open probe slot, so a cancelled request cannot wedge the breaker.
#[must_use = "report the call's outcome with success() or failure()"]
pub struct BreakerPermit {
    recorder: Option<Box<dyn PermitRecorder>>,
}

impl BreakerPermit {
    /// Wraps a backend's recorder.
    pub fn new(recorder: Box<dyn PermitRecorder>) -> Self {
        Self {
            recorder: Some(recorder),
        }
    }

    /// The call succeeded.
    pub fn success(self) {
        self.record(CallOutcome::Success);
    }

    /// The call failed.
    pub fn failure(self) {
        self.record(CallOutcome::Failure);
    }

    /// Records the given outcome.
    pub fn record(mut self, outcome: CallOutcome) {
        if let Some(recorder) = self.recorder.take() {
            recorder.record(Some(outcome));
        }
    }
}

impl Drop for BreakerPermit {
    fn drop(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            recorder.record(None);
        }
    }
}

impl std::fmt::Debug for BreakerPermit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BreakerPermit")
            .field("recorded", &self.recorder.is_none())
            .finish()
    }
}

#[cfg(test)]
mod tests;
