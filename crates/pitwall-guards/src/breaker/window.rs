//! Sliding window of call outcomes, split into buckets that expire whole.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, Default)]
struct Bucket {
    /// Absolute bucket number since the window's origin; a stale number means "empty".
    index: u64,
    successes: u64,
    failures: u64,
}

/// Outcome counts over roughly the last `window` (between `window - width` and `window`,
/// since the oldest bucket leaves in one piece).
#[derive(Debug)]
pub(super) struct SlidingWindow {
    origin: Instant,
    bucket_width: Duration,
    buckets: Vec<Bucket>,
}

impl SlidingWindow {
    pub(super) fn new(origin: Instant, window: Duration, bucket_count: u32) -> Self {
        let count = bucket_count.max(1);
        // A zero-length bucket would make every call its own bucket index; floor at 1 ms.
        let bucket_width = (window / count).max(Duration::from_millis(1));
        Self {
            origin,
            bucket_width,
            buckets: vec![Bucket::default(); count as usize],
        }
    }

    fn index_at(&self, now: Instant) -> u64 {
        let elapsed = now.saturating_duration_since(self.origin).as_nanos();
        // +1 so that index 0 never occurs and zeroed buckets always read as stale.
        (elapsed / self.bucket_width.as_nanos()) as u64 + 1
    }

    pub(super) fn record(&mut self, now: Instant, failure: bool) {
        let index = self.index_at(now);
        let slot = (index % self.buckets.len() as u64) as usize;
        let bucket = &mut self.buckets[slot];
        if bucket.index != index {
            *bucket = Bucket {
                index,
                ..Bucket::default()
            };
        }
        if failure {
            bucket.failures += 1;
        } else {
            bucket.successes += 1;
        }
    }

    /// `(requests, failures)` currently in the window.
    pub(super) fn totals(&self, now: Instant) -> (u64, u64) {
        let current = self.index_at(now);
        let span = self.buckets.len() as u64;
        self.buckets
            .iter()
            .filter(|b| b.index != 0 && b.index <= current && current - b.index < span)
            .fold((0, 0), |(requests, failures), b| {
                (requests + b.successes + b.failures, failures + b.failures)
            })
    }

    pub(super) fn clear(&mut self) {
        self.buckets.iter_mut().for_each(|b| *b = Bucket::default());
    }
}
