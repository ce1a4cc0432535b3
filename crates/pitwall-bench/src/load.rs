//! An open-loop load generator: requests start on schedule whether or not earlier ones have
//! finished, as real independent users would send them, so a slow system is not given time to
//! catch up (no coordinated omission).

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

/// What one phase sends and for how long.
#[derive(Debug, Clone, Copy)]
pub struct LoadPlan {
    /// Requests per second.
    pub rate: u32,
    /// Leading time whose requests are sent but not measured.
    pub warmup: Duration,
    /// Measured time after the warm-up.
    pub measure: Duration,
    /// Hard cap on requests, whatever the clock says.
    pub max_requests: u64,
    /// Longest wait for requests still in flight once sending stops.
    pub drain_timeout: Duration,
}

/// How one request ended: a label to count by, and whether it counts as a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// E.g. `ok`, `llm`, `fallback:queue_full`, `error:timeout`.
    pub label: String,
    /// Successes feed the latency figures; the rest are only counted.
    pub success: bool,
}

/// One phase's measured requests.
#[derive(Debug, Default)]
pub struct PhaseRecord {
    /// Requests started, warm-up included.
    pub sent: u64,
    /// Requests started during the measured window.
    pub measured_sent: u64,
    /// Length of the measured window as it actually ran.
    pub measured_window: Duration,
    /// Latencies of the successful measured requests.
    pub latencies: Vec<Duration>,
    /// Measured requests by outcome label.
    pub outcomes: BTreeMap<String, u64>,
    /// Measured requests still running at the end of the drain (counted as failures).
    pub unfinished: u64,
    /// How late requests started against their schedule (generator health).
    pub start_lags: Vec<Duration>,
}

impl PhaseRecord {
    /// Requests per second actually started in the measured window.
    pub fn achieved_rate(&self) -> f64 {
        let secs = self.measured_window.as_secs_f64();
        if secs > 0.0 {
            self.measured_sent as f64 / secs
        } else {
            0.0
        }
    }
}

struct Sample {
    measured: bool,
    lag: Duration,
    latency: Duration,
    outcome: Outcome,
}

/// Sends `plan.rate` requests per second, `request(i)` building the i-th, and times each from
/// the moment its task starts to its end.
///
/// Timer ticks are 1 ms (tokio's resolution); each tick starts every request whose scheduled
/// time has passed, so 2,000/s is two requests per tick rather than a 0.5 ms timer that fires
/// late.
pub async fn run<F, Fut>(plan: &LoadPlan, mut request: F) -> PhaseRecord
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    let rate = f64::from(plan.rate.max(1));
    let total = plan.warmup + plan.measure;
    let mut record = PhaseRecord::default();
    let mut tasks: JoinSet<Sample> = JoinSet::new();
    let mut ticker = tokio::time::interval(Duration::from_millis(1));
    ticker.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let start = Instant::now();
    let mut measure_started: Option<Instant> = None;
    loop {
        ticker.tick().await;
        let elapsed = start.elapsed();
        if elapsed >= total || record.sent >= plan.max_requests {
            break;
        }
        let due = ((elapsed.as_secs_f64() * rate) as u64 + 1).min(plan.max_requests);
        while record.sent < due {
            let index = record.sent;
            let scheduled = start + Duration::from_secs_f64(index as f64 / rate);
            let measured = scheduled >= start + plan.warmup;
            if measured {
                measure_started.get_or_insert_with(Instant::now);
                record.measured_sent += 1;
            }
            let work = request(index);
            tasks.spawn(async move {
                let begun = Instant::now();
                let outcome = work.await;
                Sample {
                    measured,
                    lag: begun.saturating_duration_since(scheduled),
                    latency: begun.elapsed(),
                    outcome,
                }
            });
            record.sent += 1;
        }
        while let Some(done) = tasks.try_join_next() {
            absorb(&mut record, done);
        }
    }
    record.measured_window = measure_started.map_or(Duration::ZERO, |s| s.elapsed());
    let drain_until = tokio::time::Instant::now() + plan.drain_timeout;
    while let Ok(Some(done)) = tokio::time::timeout_at(drain_until, tasks.join_next()).await {
        absorb(&mut record, done);
    }
    let counted: u64 = record.outcomes.values().sum();
    record.unfinished = record.measured_sent.saturating_sub(counted);
    tasks.abort_all();
    record
}

fn absorb(record: &mut PhaseRecord, done: Result<Sample, tokio::task::JoinError>) {
    let sample = match done {
        Ok(sample) => sample,
        Err(error) => Sample {
            // A panicked request cannot say when it was scheduled; count it as measured.
            measured: true,
            lag: Duration::ZERO,
            latency: Duration::ZERO,
            outcome: Outcome {
                label: format!("error:task {error}"),
                success: false,
            },
        },
    };
    if !sample.measured {
        return;
    }
    record.start_lags.push(sample.lag);
    if sample.outcome.success {
        record.latencies.push(sample.latency);
    }
    *record.outcomes.entry(sample.outcome.label).or_insert(0) += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(rate: u32, max_requests: u64) -> LoadPlan {
        LoadPlan {
            rate,
            warmup: Duration::from_millis(200),
            measure: Duration::from_millis(500),
            max_requests,
            drain_timeout: Duration::from_secs(2),
        }
    }

    #[tokio::test]
    async fn sends_at_the_rate_and_keeps_only_the_measured_window() {
        let record = run(&plan(400, 10_000), |i| async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            Outcome {
                label: if i % 10 == 0 { "odd" } else { "ok" }.into(),
                success: i % 10 != 0,
            }
        })
        .await;
        // 0.7 s at 400/s is 280 requests; the timer may stop a tick early or late.
        assert!((270..=290).contains(&record.sent), "{}", record.sent);
        assert!(
            (190..=210).contains(&record.measured_sent),
            "{}",
            record.measured_sent
        );
        let counted: u64 = record.outcomes.values().sum();
        assert_eq!(counted, record.measured_sent);
        assert_eq!(record.unfinished, 0);
        assert_eq!(
            record.latencies.len() as u64,
            record.outcomes.get("ok").copied().unwrap_or(0)
        );
        assert!(record.outcomes.get("odd").copied().unwrap_or(0) > 0);
        assert!(record
            .latencies
            .iter()
            .all(|l| *l >= Duration::from_millis(20)));
        let rate = record.achieved_rate();
        assert!((340.0..=460.0).contains(&rate), "{rate}");
    }

    #[tokio::test]
    async fn open_loop_does_not_wait_for_slow_requests_and_respects_the_caps() {
        let mut p = plan(200, 50);
        p.drain_timeout = Duration::from_millis(300);
        let started = Instant::now();
        // Every request outlives the drain: the generator must still send on schedule, stop at
        // the cap, and report the stragglers as unfinished rather than wait for them.
        let record = run(&p, |_| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Outcome {
                label: "ok".into(),
                success: true,
            }
        })
        .await;
        assert_eq!(record.sent, 50);
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(record.unfinished, record.measured_sent);
        assert!(record.latencies.is_empty());
    }
}
