//! The API's two limits as the server counts them: sliding windows over
//! accepted requests (at most `per_second` in any second and `per_hour` in
//! any hour), plus a log of every arrival for tests' assertions.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// The limits the stand-in enforces; Jolpica's unauthenticated defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Accepted requests allowed in any one-second window.
    pub per_second: usize,
    /// Accepted requests allowed in any one-hour window.
    pub per_hour: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            per_second: 4,
            per_hour: 500,
        }
    }
}

/// Sliding-window counters of accepted requests.
#[derive(Debug, Default)]
pub(crate) struct Windows {
    accepted: VecDeque<Instant>,
}

impl Windows {
    /// Records `now` and returns true when both windows have room;
    /// throttled requests are not recorded, as Jolpica's throttle does not
    /// count them.
    pub(crate) fn admit(&mut self, now: Instant, limits: Limits) -> bool {
        let hour = Duration::from_secs(3600);
        while self
            .accepted
            .front()
            .is_some_and(|t| now.duration_since(*t) >= hour)
        {
            self.accepted.pop_front();
        }
        let second = Duration::from_secs(1);
        let in_second = self
            .accepted
            .iter()
            .rev()
            .take_while(|t| now.duration_since(**t) < second)
            .count();
        if in_second >= limits.per_second || self.accepted.len() >= limits.per_hour {
            return false;
        }
        self.accepted.push_back(now);
        true
    }
}

/// The most arrivals in `times` (sorted) that fall in any window of `width`.
pub fn max_in_window(times: &[Instant], width: Duration) -> usize {
    let mut best = 0;
    let mut start = 0;
    for (end, t) in times.iter().enumerate() {
        while t.duration_since(times[start]) >= width {
            start += 1;
        }
        best = best.max(end + 1 - start);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_request_in_a_second_is_refused_and_admitted_a_second_later() {
        let limits = Limits::default();
        let mut w = Windows::default();
        let t0 = Instant::now();
        for i in 0..4 {
            assert!(w.admit(t0 + Duration::from_millis(i * 100), limits));
        }
        assert!(!w.admit(t0 + Duration::from_millis(999), limits));
        assert!(w.admit(t0 + Duration::from_millis(1000), limits));
    }

    #[test]
    fn max_in_window_counts_a_sliding_window() {
        let t0 = Instant::now();
        let times: Vec<Instant> = [0, 600, 900, 1100, 1200, 1500]
            .iter()
            .map(|ms| t0 + Duration::from_millis(*ms))
            .collect();
        assert_eq!(max_in_window(&times, Duration::from_secs(1)), 5);
    }
}
