//! Recent traffic in memory, for the alert rules: requests, 5xx, `/v1/ask`
//! latency, answers, fallbacks and load shedding over the last window, in
//! 20 slots. One short lock per request; nothing is written to disk (the
//! rules must keep working when the disk is the problem).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Upper bounds (seconds) of the latency buckets, as the metrics'; one
/// more bucket holds everything slower.
const BOUNDS: [f64; 15] = pitwall_metrics::record::LATENCY_BUCKETS;

/// Slots per window.
const SLOTS: u32 = 20;

/// Counts of one slot (and of a whole window, when summed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// HTTP requests answered.
    pub requests: u64,
    /// Of them, 5xx.
    pub errors: u64,
    /// `POST /v1/ask` requests, by latency bucket (`BOUNDS`, then slower).
    pub ask_buckets: [u64; 16],
    /// Questions answered (any source).
    pub answers: u64,
    /// Of them, fallbacks.
    pub fallbacks: u64,
    /// Requests refused at once to protect the server.
    pub shed: u64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.requests += o.requests;
        self.errors += o.errors;
        for (a, b) in self.ask_buckets.iter_mut().zip(o.ask_buckets.iter()) {
            *a += b;
        }
        self.answers += o.answers;
        self.fallbacks += o.fallbacks;
        self.shed += o.shed;
    }

    /// `/v1/ask` requests counted.
    pub fn asks(&self) -> u64 {
        self.ask_buckets.iter().sum()
    }

    /// The upper bound of the bucket holding the `q` quantile of `/v1/ask`
    /// latency (as Prometheus' `histogram_quantile` reads a bucket's upper
    /// edge); `None` without asks. Beyond 30 s it reports infinity.
    pub fn ask_quantile(&self, q: f64) -> Option<f64> {
        let total = self.asks();
        if total == 0 {
            return None;
        }
        let rank = (q * total as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, n) in self.ask_buckets.iter().enumerate() {
            seen += n;
            if seen >= rank {
                return Some(BOUNDS.get(i).copied().unwrap_or(f64::INFINITY));
            }
        }
        Some(f64::INFINITY)
    }
}

/// The last window of traffic, slot by slot.
#[derive(Debug)]
pub struct RecentTraffic {
    slot: Duration,
    started: Instant,
    /// `(slot number since start, counts)`, oldest first.
    slots: Mutex<VecDeque<(u64, Counts)>>,
}

impl RecentTraffic {
    /// Keeps `window` of traffic.
    pub fn new(window: Duration) -> Self {
        Self {
            slot: (window / SLOTS).max(Duration::from_millis(1)),
            started: Instant::now(),
            slots: Mutex::new(VecDeque::with_capacity(SLOTS as usize + 1)),
        }
    }

    fn with_current(&self, f: impl FnOnce(&mut Counts)) {
        let n = self.slot_number(Instant::now());
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.back().is_none_or(|(k, _)| *k != n) {
            slots.push_back((n, Counts::default()));
            while slots.len() > SLOTS as usize {
                slots.pop_front();
            }
        }
        if let Some((_, counts)) = slots.back_mut() {
            f(counts);
        }
    }

    fn slot_number(&self, at: Instant) -> u64 {
        let since = at.saturating_duration_since(self.started);
        u64::try_from(since.as_nanos() / self.slot.as_nanos().max(1)).unwrap_or(u64::MAX)
    }

    /// One HTTP request answered with `status` after `secs`.
    pub fn request(&self, is_ask: bool, status: u16, secs: f64) {
        self.with_current(|c| {
            c.requests += 1;
            if status >= 500 {
                c.errors += 1;
            }
            if is_ask {
                let i = pitwall_metrics::record::latency_bucket(secs);
                if let Some(bucket) = c.ask_buckets.get_mut(i) {
                    *bucket += 1;
                }
            }
        });
    }

    /// One question answered; `fallback` when it was a fallback.
    pub fn answer(&self, fallback: bool) {
        self.with_current(|c| {
            c.answers += 1;
            c.fallbacks += u64::from(fallback);
        });
    }

    /// One request shed.
    pub fn shed(&self) {
        self.with_current(|c| c.shed += 1);
    }

    /// The sum over the last `span` (at most the window).
    pub fn last(&self, span: Duration) -> Counts {
        let now = self.slot_number(Instant::now());
        let wanted = u64::try_from(span.as_nanos() / self.slot.as_nanos().max(1))
            .unwrap_or(u64::MAX)
            .clamp(1, u64::from(SLOTS));
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let mut total = Counts::default();
        for (k, counts) in slots.iter() {
            if now.saturating_sub(*k) < wanted {
                total.add(counts);
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_read_bucket_upper_edges() {
        let t = RecentTraffic::new(Duration::from_secs(300));
        for _ in 0..94 {
            t.request(true, 200, 0.002);
        }
        for _ in 0..6 {
            t.request(true, 200, 0.7);
        }
        let c = t.last(Duration::from_secs(300));
        assert_eq!(c.asks(), 100);
        // 94 % at or under 2.5 ms: the 95th is in the 1 s bucket.
        assert_eq!(c.ask_quantile(0.95), Some(1.0));
        assert_eq!(c.ask_quantile(0.5), Some(0.0025));
        t.request(false, 503, 0.001);
        let c = t.last(Duration::from_secs(300));
        assert_eq!((c.requests, c.errors), (101, 1));
        assert_eq!(Counts::default().ask_quantile(0.95), None);
    }

    #[tokio::test]
    async fn old_slots_leave_the_window() {
        let t = RecentTraffic::new(Duration::from_millis(200));
        t.request(false, 500, 0.001);
        t.answer(true);
        assert_eq!(t.last(Duration::from_millis(200)).errors, 1);
        tokio::time::sleep(Duration::from_millis(250)).await;
        let c = t.last(Duration::from_millis(200));
        assert_eq!((c.errors, c.fallbacks), (0, 0));
    }
}
