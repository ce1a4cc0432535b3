//! Per-principal request limits: a GCRA rate limit (requests per minute), a
//! daily quota (requests per UTC day) and a cap on requests in progress.
//!
//! GCRA (generic cell rate algorithm) keeps one timestamp per key, the
//! "theoretical arrival time" (TAT): a request at `now` is admitted when
//! `TAT - now <= period - interval` (the burst tolerance), and then moves
//! TAT to `max(TAT, now) + interval`, where `interval = period / limit`. So
//! an idle principal may burst its whole minute's allowance, then gets one
//! request per interval: no window edge where twice the limit gets through.
//! The check and the update happen under one lock, so it is exact under any
//! concurrency: 500 simultaneous requests against 50/min admit exactly 50.
//!
//! Time is passed in (`DateTime<Utc>`), not read here, so the same trait fits
//! a shared backend (a Redis script computing on the server's clock would
//! ignore it) and the suite can test exact spacing without sleeping.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::lock;

/// Keys kept per shard before fully refilled ones are dropped.
const PRUNE_AT: usize = 4_096;
const SHARDS: usize = 16;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Admitted (and counted).
    pub allowed: bool,
    /// The limit checked against.
    pub limit: u32,
    /// Requests left now (after this one, if admitted).
    pub remaining: u32,
    /// Until the allowance is whole again (GCRA) or the quota resets (daily).
    pub reset: Duration,
    /// When refused: how long until a retry can succeed.
    pub retry_after: Duration,
}

/// The limits behind one trait so that a shared (Redis) backend can replace
/// the in-process one and pass the same [`crate::conformance::principal_limiter_suite`].
#[async_trait]
pub trait PrincipalLimiter: Send + Sync {
    /// One request by `key` against `limit` per `period` (GCRA), at `now`.
    async fn check_rate(
        &self,
        key: &str,
        limit: u32,
        period: Duration,
        now: DateTime<Utc>,
    ) -> Decision;
    /// One request by `key` against `limit` per UTC day, at `now`.
    async fn check_daily(&self, key: &str, limit: u32, now: DateTime<Utc>) -> Decision;
    /// Takes one of `max` in-progress slots of `key`; false when all are taken.
    async fn acquire(&self, key: &str, max: u32) -> bool;
    /// Gives a slot back.
    async fn release(&self, key: &str);
}

/// The in-process limiter.
pub struct LocalPrincipalLimiter {
    /// GCRA TATs in nanoseconds since the epoch, sharded to spread lock contention.
    tats: Vec<Mutex<HashMap<String, i64>>>,
    /// (UTC day number, count) per key.
    days: Mutex<HashMap<String, (i64, u32)>>,
    slots: Mutex<HashMap<String, u32>>,
}

impl Default for LocalPrincipalLimiter {
    fn default() -> Self {
        Self {
            tats: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            days: Mutex::new(HashMap::new()),
            slots: Mutex::new(HashMap::new()),
        }
    }
}

fn nanos(at: DateTime<Utc>) -> i64 {
    at.timestamp_nanos_opt().unwrap_or(i64::MAX)
}

fn duration(ns: i64) -> Duration {
    Duration::from_nanos(u64::try_from(ns.max(0)).unwrap_or(0))
}

fn shard(key: &str) -> usize {
    key.bytes().fold(0usize, |h, b| {
        h.wrapping_mul(31).wrapping_add(usize::from(b))
    }) % SHARDS
}

/// Counts one request in a `(day, count)` entry against `limit`.
fn count_daily(entry: &mut (i64, u32), day: i64, limit: u32, reset: Duration) -> Decision {
    if entry.0 != day {
        *entry = (day, 0);
    }
    if entry.1 >= limit {
        return Decision {
            allowed: false,
            limit,
            remaining: 0,
            reset,
            retry_after: reset,
        };
    }
    entry.1 += 1;
    Decision {
        allowed: true,
        limit,
        remaining: limit - entry.1,
        reset,
        retry_after: Duration::ZERO,
    }
}

#[async_trait]
impl PrincipalLimiter for LocalPrincipalLimiter {
    async fn check_rate(
        &self,
        key: &str,
        limit: u32,
        period: Duration,
        now: DateTime<Utc>,
    ) -> Decision {
        let period_ns = i64::try_from(period.as_nanos()).unwrap_or(i64::MAX);
        if limit == 0 {
            return Decision {
                allowed: false,
                limit,
                remaining: 0,
                reset: period,
                retry_after: period,
            };
        }
        let interval = period_ns / i64::from(limit);
        let tolerance = period_ns - interval;
        let now = nanos(now);
        let mut tats = lock(&self.tats[shard(key)]);
        let tat = tats.get(key).copied().unwrap_or(now).max(now);
        // Requests still fitting = whole intervals left within the tolerance.
        // Requests still admitted now: one per interval of slack left
        // within the tolerance, plus the one at the edge.
        let remaining_after = |tat: i64| -> u32 {
            let slack = tolerance - (tat - now);
            if slack < 0 {
                return 0;
            }
            u32::try_from(slack / interval.max(1) + 1)
                .unwrap_or(u32::MAX)
                .min(limit)
        };
        if tat - now > tolerance {
            return Decision {
                allowed: false,
                limit,
                remaining: 0,
                reset: duration(tat - now),
                retry_after: duration(tat - now - tolerance),
            };
        }
        let new_tat = tat + interval;
        if tats.len() >= PRUNE_AT {
            // A key whose TAT is past is fully refilled: the same as absent.
            tats.retain(|_, t| *t > now);
        }
        // Allocate the key only for a principal not seen yet (or pruned).
        match tats.get_mut(key) {
            Some(t) => *t = new_tat,
            None => {
                tats.insert(key.to_string(), new_tat);
            }
        }
        Decision {
            allowed: true,
            limit,
            remaining: remaining_after(new_tat),
            reset: duration(new_tat - now),
            retry_after: Duration::ZERO,
        }
    }

    async fn check_daily(&self, key: &str, limit: u32, now: DateTime<Utc>) -> Decision {
        let day = now.timestamp().div_euclid(86_400);
        let reset =
            Duration::from_secs(u64::try_from((day + 1) * 86_400 - now.timestamp()).unwrap_or(0));
        let mut days = lock(&self.days);
        if days.len() >= PRUNE_AT * SHARDS {
            days.retain(|_, (d, _)| *d == day);
        }
        // Allocate the key only for a principal not seen yet today.
        if let Some(entry) = days.get_mut(key) {
            return count_daily(entry, day, limit, reset);
        }
        count_daily(
            days.entry(key.to_string()).or_insert((day, 0)),
            day,
            limit,
            reset,
        )
    }

    async fn acquire(&self, key: &str, max: u32) -> bool {
        let mut slots = lock(&self.slots);
        match slots.get_mut(key) {
            Some(used) if *used >= max => false,
            Some(used) => {
                *used += 1;
                true
            }
            None if max == 0 => false,
            None => {
                slots.insert(key.to_string(), 1);
                true
            }
        }
    }

    async fn release(&self, key: &str) {
        let mut slots = lock(&self.slots);
        if let Some(used) = slots.get_mut(key) {
            *used = used.saturating_sub(1);
            if *used == 0 {
                slots.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn local_principal_limiter_conforms() {
        crate::conformance::principal_limiter_suite(|| Arc::new(LocalPrincipalLimiter::default()))
            .await;
    }
}
