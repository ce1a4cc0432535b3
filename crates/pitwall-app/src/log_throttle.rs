//! Throttled warnings: a condition that repeats per request (load shedding,
//! a full LLM queue, the client-side LLM rate limit, an exhausted budget)
//! is logged at most once a second, with how many times it happened since
//! the last line. One line per request would flood the logs exactly when
//! the machine is busiest (a client flooding `/v1/ask` once wrote 311 MB in
//! a minute this way); this bounds each condition to 60 lines a minute.

use std::sync::atomic::{AtomicU64, Ordering};

/// One throttled warning's state; a `static` per call site.
#[derive(Debug, Default)]
pub struct LogThrottle {
    /// Occurrences not yet reported in a line.
    pending: AtomicU64,
    /// The Unix second of the last line.
    logged_at: AtomicU64,
}

impl LogThrottle {
    /// A throttle that has logged nothing yet.
    pub const fn new() -> Self {
        Self {
            pending: AtomicU64::new(0),
            logged_at: AtomicU64::new(0),
        }
    }

    /// Counts one occurrence; returns how many to report (this one
    /// included) when a line is due, `None` when this one is folded into
    /// the next line.
    pub fn hit(&self) -> Option<u64> {
        self.pending.fetch_add(1, Ordering::Relaxed);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let last = self.logged_at.load(Ordering::Relaxed);
        let due = now > last
            && self
                .logged_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
        due.then(|| self.pending.swap(0, Ordering::Relaxed))
    }
}
