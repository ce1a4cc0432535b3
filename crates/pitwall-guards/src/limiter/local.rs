//! In-process token buckets with continuous refill.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use super::{LimitCost, LimiterConfig, RateLimiter};
use crate::GuardError;

/// Nanoseconds per minute: bucket levels are kept in units of 1/NANOS_PER_MINUTE of a
/// token, so refilling `limit` tokens per minute adds exactly `limit` units per elapsed
/// nanosecond and all arithmetic is exact integer arithmetic (no float drift at edges).
const NANOS_PER_MINUTE: u128 = 60_000_000_000;

/// Key count above which idle (full) buckets are swept, so per-user keys cannot grow the
/// map without bound.
const MIN_SWEEP_THRESHOLD: usize = 1024;

/// A bucket for one limit of one key.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    level: u128,
    updated: SystemTime,
}

impl Bucket {
    fn full(limit: u64, now: SystemTime) -> Self {
        Self {
            level: u128::from(limit) * NANOS_PER_MINUTE,
            updated: now,
        }
    }

    fn capacity(limit: u64) -> u128 {
        u128::from(limit) * NANOS_PER_MINUTE
    }

    fn refill(&mut self, limit: u64, now: SystemTime) {
        // A clock stepping backwards refills nothing and leaves `updated` where it was.
        if let Ok(elapsed) = now.duration_since(self.updated) {
            let added = elapsed.as_nanos().saturating_mul(u128::from(limit));
            self.level = self.level.saturating_add(added).min(Self::capacity(limit));
            self.updated = now;
        }
    }

    /// How long until `amount` fits (zero when it already does).
    fn wait_for(&self, limit: u64, amount: u64) -> Duration {
        let needed = u128::from(amount) * NANOS_PER_MINUTE;
        if self.level >= needed || limit == 0 {
            return Duration::ZERO;
        }
        let nanos = (needed - self.level).div_ceil(u128::from(limit));
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

#[derive(Debug, Clone, Copy)]
struct KeyBuckets {
    requests: Bucket,
    tokens: Bucket,
}

/// A [`RateLimiter`] whose buckets live in this process.
#[derive(Debug)]
pub struct LocalRateLimiter {
    config: LimiterConfig,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    keys: HashMap<String, KeyBuckets>,
    sweep_threshold: usize,
}

impl LocalRateLimiter {
    /// A limiter applying `config` to every key.
    pub fn new(config: LimiterConfig) -> Self {
        Self {
            config,
            state: Mutex::new(State {
                keys: HashMap::new(),
                sweep_threshold: MIN_SWEEP_THRESHOLD,
            }),
        }
    }

    /// Number of keys currently tracked.
    pub fn tracked_keys(&self) -> usize {
        crate::lock(&self.state).keys.len()
    }

    fn new_buckets(&self, now: SystemTime) -> KeyBuckets {
        KeyBuckets {
            requests: Bucket::full(self.config.requests_per_minute.unwrap_or(0), now),
            tokens: Bucket::full(self.config.tokens_per_minute.unwrap_or(0), now),
        }
    }

    /// Drops keys whose buckets have refilled completely: they behave exactly like a key
    /// seen for the first time, so forgetting them changes nothing.
    fn sweep(&self, state: &mut State, now: SystemTime) {
        let (rpm, tpm) = (
            self.config.requests_per_minute,
            self.config.tokens_per_minute,
        );
        state.keys.retain(|_, b| {
            let idle = |bucket: &Bucket, limit: Option<u64>| {
                limit.is_none_or(|limit| {
                    let mut bucket = *bucket;
                    bucket.refill(limit, now);
                    bucket.level >= Bucket::capacity(limit)
                })
            };
            !(idle(&b.requests, rpm) && idle(&b.tokens, tpm))
        });
        state.sweep_threshold = (state.keys.len() * 2).max(MIN_SWEEP_THRESHOLD);
    }
}

fn check_fits(limit: Option<u64>, amount: u64) -> Result<(), GuardError> {
    match limit {
        Some(limit) if amount > limit => Err(GuardError::CostExceedsLimit {
            requested: amount,
            limit,
        }),
        _ => Ok(()),
    }
}

#[async_trait]
impl RateLimiter for LocalRateLimiter {
    async fn acquire(&self, key: &str, cost: LimitCost, now: SystemTime) -> Result<(), GuardError> {
        let LimiterConfig {
            requests_per_minute: rpm,
            tokens_per_minute: tpm,
        } = self.config;
        check_fits(rpm, cost.requests)?;
        check_fits(tpm, cost.tokens)?;
        if rpm.is_none() && tpm.is_none() {
            return Ok(());
        }
        let mut state = crate::lock(&self.state);
        if state.keys.len() >= state.sweep_threshold && !state.keys.contains_key(key) {
            self.sweep(&mut state, now);
        }
        let fresh = self.new_buckets(now);
        let buckets = state.keys.entry(key.to_owned()).or_insert(fresh);
        let mut wait = Duration::ZERO;
        if let Some(limit) = rpm {
            buckets.requests.refill(limit, now);
            wait = wait.max(buckets.requests.wait_for(limit, cost.requests));
        }
        if let Some(limit) = tpm {
            buckets.tokens.refill(limit, now);
            wait = wait.max(buckets.tokens.wait_for(limit, cost.tokens));
        }
        if !wait.is_zero() {
            return Err(GuardError::RateLimited { retry_after: wait });
        }
        if rpm.is_some() {
            let taken = u128::from(cost.requests) * NANOS_PER_MINUTE;
            buckets.requests.level = buckets.requests.level.saturating_sub(taken);
        }
        if tpm.is_some() {
            let taken = u128::from(cost.tokens) * NANOS_PER_MINUTE;
            buckets.tokens.level = buckets.tokens.level.saturating_sub(taken);
        }
        Ok(())
    }

    async fn return_unused(&self, key: &str, tokens: u64, now: SystemTime) {
        let Some(limit) = self.config.tokens_per_minute else {
            return;
        };
        let mut state = crate::lock(&self.state);
        if let Some(buckets) = state.keys.get_mut(key) {
            buckets.tokens.refill(limit, now);
            let credited = buckets.tokens.level + u128::from(tokens) * NANOS_PER_MINUTE;
            buckets.tokens.level = credited.min(Bucket::capacity(limit));
        }
    }
}
