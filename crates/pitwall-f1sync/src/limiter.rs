//! One client-side limiter for both of the API's limits, as the server
//! counts them: sliding windows (at most `per_second` requests in any
//! second, `per_hour` in any hour), not a token bucket, which refills
//! continuously and can put one request more than allowed into a second.
//!
//! Every admitted request's time is written to a state file before the
//! request is sent, under an exclusive lock (on a `.lock` file beside it;
//! the state file itself is replaced whole by a rename), so a restart (or a
//! restart loop, or a second process) cannot reset the hourly budget.
//!
//! When the answer comes back, the request's time is moved to the answer's
//! time ([`RateLimiter::settle`]): the server counted the request somewhere
//! between the two, so later admissions measured from the answer can never
//! land in a second the server already filled, however long the request
//! was held up on the way (a loaded machine delays sends by far more than
//! the 100 ms margin; seen on CI as two 429s).
//!
//! A request not yet settled is marked pending in the file. A process that
//! takes the state over counts every pending request of a dead (or other)
//! process as sent at the takeover: it may have reached the server at any
//! moment up to the kill, however long ago it was admitted (the admission
//! is stamped before the state file's fsync, which a loaded disk can hold
//! up for a long time; seen on CI as two 429s right after a SIGKILL).

use std::collections::VecDeque;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::SyncError;

/// Added to each window: a request the client spaced exactly one second
/// after another may reach the server a little less than a second later
/// when the earlier one was delayed on the way.
const SECOND_MARGIN_MS: i64 = 100;
const HOUR_MARGIN_MS: i64 = 5_000;

/// The limits and where their state lives.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: usize,
    per_hour: usize,
    state: Option<PathBuf>,
    /// Admission times (Unix ms) within the last hour; the file is the truth
    /// when there is one, this is the copy used without one.
    memory: Mutex<Stamps>,
}

/// The admissions of the last hour, and which of them are still pending
/// (admitted, answer not yet seen).
#[derive(Debug, Default)]
struct Stamps {
    /// Sorted admission (or, once settled, answer) times, Unix ms.
    times: VecDeque<i64>,
    /// The times of `times` still waiting for their answer (a multiset).
    pending: Vec<i64>,
}

/// What [`RateLimiter::check`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Admitted and recorded: send now.
    Go,
    /// Not before this long.
    Wait(Duration),
}

/// Now, in Unix milliseconds (the stamps' unit).
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl RateLimiter {
    /// A limiter allowing `per_second` and `per_hour` requests, its state in
    /// `state` (created if missing) or only in memory when `None`.
    pub fn new(
        per_second: usize,
        per_hour: usize,
        state: Option<PathBuf>,
    ) -> Result<Self, SyncError> {
        if per_second == 0 || per_hour == 0 {
            return Err(SyncError::Config("rate limits must be at least 1".into()));
        }
        if let Some(dir) = state.as_deref().and_then(Path::parent) {
            std::fs::create_dir_all(dir).map_err(|e| SyncError::io(dir, e))?;
        }
        let limiter = RateLimiter {
            per_second,
            per_hour,
            state,
            memory: Mutex::new(Stamps::default()),
        };
        if limiter.state.is_some() {
            limiter.inherit(now_ms())?;
        }
        Ok(limiter)
    }

    /// Taking over the state of an earlier process (killed, or still
    /// running): its requests of the last second, and every request it had
    /// not settled, may have reached the server up to now. They count as
    /// sent now, so this process waits a window before filling that second.
    fn inherit(&self, now: i64) -> Result<(), SyncError> {
        self.with_stamps(|stamps| {
            let second = 1_000 + SECOND_MARGIN_MS;
            let mut pending = std::mem::take(&mut stamps.pending);
            let mut changed = false;
            for t in stamps.times.iter_mut() {
                // Never moved back in time; a later pending stamp (a clock
                // step) stays its owner's to settle.
                if *t >= now {
                    continue;
                }
                let was_pending = pending
                    .iter()
                    .position(|p| p == t)
                    .map(|i| pending.swap_remove(i));
                if was_pending.is_some() || now - *t < second {
                    *t = now;
                    changed = true;
                }
            }
            stamps.pending = pending;
            stamps.times.make_contiguous().sort_unstable();
            ((), changed)
        })
    }

    /// The hourly limit.
    pub fn per_hour(&self) -> usize {
        self.per_hour
    }

    /// Admits a request at Unix time `now` (ms) if both windows have room,
    /// recording it; otherwise says how long to wait.
    pub fn check_at(&self, now: i64) -> Result<Admission, SyncError> {
        self.with_stamps(|stamps| {
            let admission = decide(&mut stamps.times, now, self.per_second, self.per_hour);
            if admission == Admission::Go {
                stamps.pending.push(now);
            }
            (admission, admission == Admission::Go)
        })
    }

    /// Moves the stamp of a request admitted at `admitted` to `answered`,
    /// when its answer (or failure) came back. See the module docs.
    pub fn settle(&self, admitted: i64, answered: i64) -> Result<(), SyncError> {
        self.with_stamps(|stamps| {
            // Another process may have taken it over (moved it to its
            // takeover time): then it is no longer ours to move.
            let Some(p) = stamps.pending.iter().position(|t| *t == admitted) else {
                return ((), false);
            };
            stamps.pending.swap_remove(p);
            let Some(i) = stamps.times.iter().rposition(|t| *t == admitted) else {
                return ((), true);
            };
            stamps.times.remove(i);
            let at = answered.max(admitted);
            let pos = stamps.times.partition_point(|t| *t <= at);
            stamps.times.insert(pos, at);
            ((), true)
        })
    }

    /// Runs `f` on the stamps under the lock (the file's, or the memory
    /// copy's); writes them back when `f` says it changed them.
    fn with_stamps<T>(&self, f: impl FnOnce(&mut Stamps) -> (T, bool)) -> Result<T, SyncError> {
        match &self.state {
            None => {
                let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
                Ok(f(&mut memory).0)
            }
            Some(path) => {
                // The lock is on a file of its own: the state file is
                // replaced by a rename, so a lock on it would lock the old inode.
                let lock_path = path.with_extension("lock");
                let lock = OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&lock_path)
                    .map_err(|e| SyncError::io(&lock_path, e))?;
                lock.lock().map_err(|e| SyncError::io(&lock_path, e))?;
                let mut stamps = read_stamps(path)?;
                let (out, changed) = f(&mut stamps);
                if changed {
                    write_stamps(path, &stamps)?;
                }
                Ok(out)
            }
        }
    }

    /// Waits until a request fits and records it. When the wait would be
    /// longer than `max_wait` (the hourly budget is spent), returns
    /// [`SyncError::BudgetSpent`] instead: a catch-up pauses, it never bursts.
    /// Returns the admission time, for [`settle`](Self::settle).
    pub async fn acquire(&self, max_wait: Duration) -> Result<i64, SyncError> {
        loop {
            let now = now_ms();
            match self.check_at(now)? {
                Admission::Go => return Ok(now),
                Admission::Wait(d) if d > max_wait => {
                    return Err(SyncError::BudgetSpent {
                        limit: self.per_hour,
                        resume_after_secs: d.as_secs().max(1),
                    })
                }
                Admission::Wait(d) => tokio::time::sleep(d).await,
            }
        }
    }
}

/// The sliding-window decision over `stamps` (sorted Unix ms).
fn decide(stamps: &mut VecDeque<i64>, now: i64, per_second: usize, per_hour: usize) -> Admission {
    let hour = 3_600_000 + HOUR_MARGIN_MS;
    let second = 1_000 + SECOND_MARGIN_MS;
    while stamps.front().is_some_and(|t| now - *t >= hour) {
        stamps.pop_front();
    }
    let mut wait_ms: i64 = 0;
    let recent: Vec<i64> = stamps
        .iter()
        .rev()
        .take_while(|t| now - **t < second)
        .copied()
        .collect();
    if recent.len() >= per_second {
        // The oldest of the last `per_second` must leave the window.
        let oldest = recent[per_second - 1];
        wait_ms = wait_ms.max(oldest + second - now);
    }
    if stamps.len() >= per_hour {
        let oldest = stamps[stamps.len() - per_hour];
        wait_ms = wait_ms.max(oldest + hour - now);
    }
    if wait_ms > 0 {
        return Admission::Wait(Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0)));
    }
    stamps.push_back(now);
    Admission::Go
}

/// The state file: one time per line, `<ms>` when settled and `<ms> p`
/// while pending (a file from before the mark reads as all settled). A
/// missing file is an empty state.
fn read_stamps(path: &Path) -> Result<Stamps, SyncError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(SyncError::io(path, e)),
    };
    let mut stamps = Stamps::default();
    // A torn line (a file from a version that wrote in place) is skipped,
    // never a reason to forget the rest.
    for line in text.lines() {
        let (number, pending) = match line.trim().strip_suffix(" p") {
            Some(number) => (number, true),
            None => (line.trim(), false),
        };
        let Ok(t) = number.parse::<i64>() else {
            continue;
        };
        stamps.times.push_back(t);
        if pending {
            stamps.pending.push(t);
        }
    }
    stamps.times.make_contiguous().sort_unstable();
    Ok(stamps)
}

/// Writes the state to a temporary file, syncs it and renames it over the
/// state file. A process killed at any moment (a SIGKILLed sync) leaves
/// the old state or the new one, never an empty file: truncating and
/// rewriting in place lost every stamp when the kill landed between the
/// two, and the next process then burst into a second the server had
/// already filled (seen on CI as two 429s after the kill).
fn write_stamps(path: &Path, stamps: &Stamps) -> Result<(), SyncError> {
    let mut text = String::with_capacity(stamps.times.len() * 16);
    let mut pending = stamps.pending.clone();
    for t in &stamps.times {
        text.push_str(&t.to_string());
        if let Some(i) = pending.iter().position(|p| p == t) {
            pending.swap_remove(i);
            text.push_str(" p");
        }
        text.push('\n');
    }
    let tmp = path.with_extension("tmp");
    let mut file = File::create(&tmp).map_err(|e| SyncError::io(&tmp, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(|e| SyncError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| SyncError::io(path, e))
}

#[cfg(test)]
mod tests;
