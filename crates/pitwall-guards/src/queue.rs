//! Bounded concurrency: at most N calls in flight, at most M waiting, waits bounded in time.
//!
//! When the upstream is slow, an unbounded queue turns into a pile of requests that all time
//! out together. This gate refuses immediately once the queue is full, and gives up on a
//! waiter after `max_wait`, so callers fall back quickly instead.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::GuardError;

/// Sizing of a concurrency gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateConfig {
    /// Calls allowed to run at once (at least 1).
    pub max_in_flight: usize,
    /// Calls allowed to wait for a slot; 0 means never wait.
    pub max_queue: usize,
    /// Longest a caller waits for a slot before giving up.
    pub max_wait: Duration,
}

/// Current occupancy of a gate, for metrics and `/readyz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GateGauges {
    /// Calls holding a slot.
    pub in_flight: usize,
    /// Calls waiting for a slot.
    pub queued: usize,
}

/// A gate bounding concurrent calls and the queue in front of them.
#[async_trait]
pub trait BoundedGate: Send + Sync {
    /// Waits for a slot: [`GuardError::QueueFull`] at once when the queue is full,
    /// [`GuardError::WaitTimeout`] after the maximum wait. Cancel-safe: dropping the future
    /// gives the queue place back.
    async fn enter(&self) -> Result<GatePermit, GuardError>;
    /// Current occupancy.
    fn gauges(&self) -> GateGauges;
}

/// A held slot; dropping it (including by panic unwinding or task cancellation) frees it.
#[must_use = "the slot is released as soon as the permit is dropped"]
pub struct GatePermit {
    _held: Box<dyn Send + Sync>,
}

impl GatePermit {
    /// Wraps whatever a backend needs to keep alive (and release on drop) for the slot.
    pub fn new(held: impl Send + Sync + 'static) -> Self {
        Self {
            _held: Box::new(held),
        }
    }
}

impl std::fmt::Debug for GatePermit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GatePermit")
    }
}

#[derive(Debug, Default)]
struct Counters {
    in_flight: AtomicUsize,
    queued: AtomicUsize,
}

/// Decrements a counter when dropped, so every exit path (success, timeout, cancellation,
/// panic) keeps the gauges right.
struct CountGuard {
    counters: Arc<Counters>,
    in_flight: bool,
}

impl Drop for CountGuard {
    fn drop(&mut self) {
        let counter = if self.in_flight {
            &self.counters.in_flight
        } else {
            &self.counters.queued
        };
        counter.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The in-process [`BoundedGate`], on a fair (FIFO) tokio semaphore so no waiter starves.
#[derive(Debug)]
pub struct ConcurrencyGate {
    semaphore: Arc<Semaphore>,
    counters: Arc<Counters>,
    max_queue: usize,
    max_wait: Duration,
}

impl ConcurrencyGate {
    /// A gate running at most `max_in_flight` (at least 1) calls, queueing at most
    /// `max_queue`, each waiting at most `max_wait`.
    pub fn new(max_in_flight: usize, max_queue: usize, max_wait: Duration) -> Self {
        Self {
            semaphore: Arc::new(Semaphore::new(max_in_flight.max(1))),
            counters: Arc::new(Counters::default()),
            max_queue,
            max_wait,
        }
    }

    /// A gate sized by `config`.
    pub fn from_config(config: GateConfig) -> Self {
        Self::new(config.max_in_flight, config.max_queue, config.max_wait)
    }

    fn admit(&self, permit: OwnedSemaphorePermit) -> GatePermit {
        self.counters.in_flight.fetch_add(1, Ordering::AcqRel);
        let guard = CountGuard {
            counters: Arc::clone(&self.counters),
            in_flight: true,
        };
        // Tuple fields drop in order: the gauge goes down before the slot is freed, so
        // `in_flight` never reads above the limit.
        GatePermit::new((guard, permit))
    }
}

#[async_trait]
impl BoundedGate for ConcurrencyGate {
    async fn enter(&self) -> Result<GatePermit, GuardError> {
        // The semaphore is fair: while anyone waits, free slots go to waiters, so this
        // fast path cannot jump the queue.
        if let Ok(permit) = Arc::clone(&self.semaphore).try_acquire_owned() {
            return Ok(self.admit(permit));
        }
        let reserved =
            self.counters
                .queued
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |queued| {
                    (queued < self.max_queue).then_some(queued + 1)
                });
        if reserved.is_err() {
            return Err(GuardError::QueueFull);
        }
        let _queue_place = CountGuard {
            counters: Arc::clone(&self.counters),
            in_flight: false,
        };
        let started = Instant::now();
        let acquire = Arc::clone(&self.semaphore).acquire_owned();
        match tokio::time::timeout(self.max_wait, acquire).await {
            Ok(Ok(permit)) => Ok(self.admit(permit)),
            // The semaphore is never closed; report it as a backend fault rather than panic.
            Ok(Err(closed)) => Err(GuardError::Backend(closed.to_string())),
            Err(_elapsed) => Err(GuardError::WaitTimeout {
                waited: started.elapsed(),
            }),
        }
    }

    fn gauges(&self) -> GateGauges {
        GateGauges {
            in_flight: self.counters.in_flight.load(Ordering::Acquire),
            queued: self.counters.queued.load(Ordering::Acquire),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrency_gate_conforms() {
        crate::conformance::concurrency_gate_suite(|config| {
            Arc::new(ConcurrencyGate::from_config(config))
        })
        .await;
    }

    #[tokio::test]
    async fn zero_queue_never_waits() {
        let gate = ConcurrencyGate::new(1, 0, Duration::from_secs(10));
        let _held = gate.enter().await;
        assert!(matches!(gate.enter().await, Err(GuardError::QueueFull)));
    }

    #[tokio::test]
    async fn zero_in_flight_is_clamped_to_one() {
        let gate = ConcurrencyGate::new(0, 0, Duration::from_millis(10));
        let first = gate.enter().await;
        assert!(first.is_ok(), "{first:?}");
        assert_eq!(gate.gauges().in_flight, 1);
    }
}
