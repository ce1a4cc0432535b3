//! In-process circuit breaker.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use pitwall_metrics::record::BreakerLevel;

use super::window::SlidingWindow;
use super::{
    BreakerConfig, BreakerPermit, BreakerSnapshot, BreakerState, CallOutcome, CircuitBreaker,
    PermitRecorder,
};
use crate::clock::{Clock, SystemClock};
use crate::GuardError;

/// How long a caller refused because all half-open probe slots are busy should wait:
/// a probe normally finishes within one upstream call, so retrying soon is reasonable.
const PROBES_BUSY_RETRY: Duration = Duration::from_secs(1);

/// A circuit breaker whose state lives in this process. Cheap to clone (shared state).
#[derive(Clone)]
pub struct LocalBreaker {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    config: BreakerConfig,
    clock: Arc<dyn Clock>,
    machine: Mutex<Machine>,
}

struct Machine {
    state: BreakerState,
    /// Bumped on every transition so permits issued in an older state are ignored.
    generation: u64,
    window: SlidingWindow,
    opened_at: Option<(Instant, SystemTime)>,
    open_for: Duration,
    reason: Option<String>,
    probes_in_flight: u32,
    probe_successes: u32,
}

impl LocalBreaker {
    /// A breaker named `name` (used in logs) on the real clock.
    pub fn new(name: &str, config: BreakerConfig) -> Self {
        Self::with_clock(name, config, Arc::new(SystemClock))
    }

    /// A breaker on an injected clock (tests use [`crate::clock::ManualClock`]).
    pub fn with_clock(name: &str, config: BreakerConfig, clock: Arc<dyn Clock>) -> Self {
        let window = SlidingWindow::new(clock.now(), config.window, config.window_buckets);
        let machine = Machine {
            state: BreakerState::Closed,
            generation: 0,
            window,
            opened_at: None,
            open_for: config.cooldown,
            reason: None,
            probes_in_flight: 0,
            probe_successes: 0,
        };
        // The gauge exists from the start, so a scrape shows a closed breaker
        // rather than no breaker.
        pitwall_metrics::record::breaker_state(name, BreakerLevel::Closed);
        Self {
            inner: Arc::new(Inner {
                name: name.to_owned(),
                config,
                clock,
                machine: Mutex::new(machine),
            }),
        }
    }
}

impl Inner {
    fn open(&self, m: &mut Machine, now: Instant, open_for: Duration, reason: String) {
        let (requests, failures) = m.window.totals(now);
        tracing::warn!(
            breaker = %self.name,
            from = ?m.state,
            reason = %reason,
            requests_in_window = requests,
            failures_in_window = failures,
            open_for_ms = open_for.as_millis() as u64,
            "circuit breaker opened"
        );
        m.state = BreakerState::Open;
        pitwall_metrics::record::breaker_transition(&self.name, BreakerLevel::Open);
        m.generation += 1;
        m.opened_at = Some((now, self.clock.wall_now()));
        m.open_for = open_for;
        m.reason = Some(reason);
        m.probes_in_flight = 0;
        m.probe_successes = 0;
    }

    fn close(&self, m: &mut Machine) {
        tracing::info!(breaker = %self.name, "circuit breaker closed: upstream recovered");
        m.state = BreakerState::Closed;
        pitwall_metrics::record::breaker_transition(&self.name, BreakerLevel::Closed);
        m.generation += 1;
        m.window.clear();
        m.opened_at = None;
        m.reason = None;
        m.probes_in_flight = 0;
        m.probe_successes = 0;
    }

    /// Time left in the open period, or `None` once it is over.
    fn open_remaining(m: &Machine, now: Instant) -> Option<Duration> {
        let (opened, _) = m.opened_at?;
        let remaining = (opened + m.open_for).saturating_duration_since(now);
        (!remaining.is_zero()).then_some(remaining)
    }

    /// Applies the time-driven transition Open → HalfOpen.
    fn refresh(&self, m: &mut Machine, now: Instant) {
        if m.state == BreakerState::Open && Self::open_remaining(m, now).is_none() {
            tracing::info!(breaker = %self.name, "circuit breaker half-open: probing upstream");
            m.state = BreakerState::HalfOpen;
            pitwall_metrics::record::breaker_transition(&self.name, BreakerLevel::HalfOpen);
            m.generation += 1;
            m.probes_in_flight = 0;
            m.probe_successes = 0;
        }
    }

    fn record(&self, generation: u64, probe: bool, outcome: Option<CallOutcome>) {
        let now = self.clock.now();
        let mut m = crate::lock(&self.machine);
        if m.generation != generation {
            return; // Issued before a transition: its outcome says nothing about now.
        }
        match (m.state, probe) {
            (BreakerState::Closed, false) => {
                let Some(outcome) = outcome else { return };
                m.window.record(now, outcome == CallOutcome::Failure);
                // Evaluated on every outcome: reaching min_requests with a success while
                // the rate is already over the threshold must trip too.
                self.maybe_trip(&mut m, now);
            }
            (BreakerState::HalfOpen, true) => {
                m.probes_in_flight = m.probes_in_flight.saturating_sub(1);
                match outcome {
                    Some(CallOutcome::Success) => {
                        m.probe_successes += 1;
                        if m.probe_successes >= self.config.half_open_successes_to_close.max(1) {
                            self.close(&mut m);
                        }
                    }
                    Some(CallOutcome::Failure) => {
                        let cooldown = self.config.cooldown;
                        self.open(&mut m, now, cooldown, "half-open probe failed".into());
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    fn maybe_trip(&self, m: &mut Machine, now: Instant) {
        let (requests, failures) = m.window.totals(now);
        if requests < self.config.min_requests.max(1) {
            return;
        }
        let rate = failures as f64 / requests as f64;
        if rate >= self.config.failure_rate_threshold {
            let reason = format!("failure rate {:.0}% over {requests} requests", rate * 100.0);
            self.open(m, now, self.config.cooldown, reason);
        }
    }
}

struct LocalPermit {
    inner: Arc<Inner>,
    generation: u64,
    probe: bool,
}

impl PermitRecorder for LocalPermit {
    fn record(self: Box<Self>, outcome: Option<CallOutcome>) {
        self.inner.record(self.generation, self.probe, outcome);
    }
}

impl CircuitBreaker for LocalBreaker {
    fn try_acquire(&self) -> Result<BreakerPermit, GuardError> {
        let inner = &self.inner;
        let now = inner.clock.now();
        let mut m = crate::lock(&inner.machine);
        inner.refresh(&mut m, now);
        let probe = match m.state {
            BreakerState::Closed => false,
            BreakerState::Open => {
                return Err(GuardError::BreakerOpen {
                    retry_in: Inner::open_remaining(&m, now).unwrap_or_default(),
                    reason: m.reason.clone(),
                });
            }
            BreakerState::HalfOpen => {
                if m.probes_in_flight >= inner.config.half_open_max_probes.max(1) {
                    return Err(GuardError::BreakerOpen {
                        retry_in: PROBES_BUSY_RETRY,
                        reason: m.reason.clone(),
                    });
                }
                m.probes_in_flight += 1;
                true
            }
        };
        Ok(BreakerPermit::new(Box::new(LocalPermit {
            inner: Arc::clone(inner),
            generation: m.generation,
            probe,
        })))
    }

    fn force_open(&self, reason: &str) {
        let inner = &self.inner;
        let now = inner.clock.now();
        let mut m = crate::lock(&inner.machine);
        let cooldown = inner.config.forced_cooldown;
        inner.open(&mut m, now, cooldown, reason.to_owned());
    }

    fn state(&self) -> BreakerSnapshot {
        let inner = &self.inner;
        let now = inner.clock.now();
        let mut m = crate::lock(&inner.machine);
        inner.refresh(&mut m, now);
        let (requests, failures) = m.window.totals(now);
        let failure_rate = if requests == 0 {
            0.0
        } else {
            failures as f64 / requests as f64
        };
        let retry_in_ms = match m.state {
            BreakerState::Open => Inner::open_remaining(&m, now).map(|d| d.as_millis() as u64),
            _ => None,
        };
        BreakerSnapshot {
            state: m.state,
            failure_rate,
            requests_in_window: requests,
            opened_at: m.opened_at.map(|(_, wall)| DateTime::<Utc>::from(wall)),
            reason: m.reason.clone(),
            retry_in_ms,
        }
    }
}

impl std::fmt::Debug for LocalBreaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalBreaker")
            .field("name", &self.inner.name)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}
