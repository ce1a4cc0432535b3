//! The sync loop `pitwall serve` runs when `PITWALL_F1_SYNC=on` (off by
//! default: the embedded default makes no network calls). It syncs at
//! start, then after each scheduled race plus the results delay, and with
//! backoff (30 min doubling to 6 h) while results are not out or the API
//! fails.

use std::path::PathBuf;
use std::time::Duration;

use chrono::Utc;

use crate::client::ApiClient;
use crate::config::SyncConfig;

/// `PITWALL_F1_SYNC`: whether serve runs the loop (`on`/`true`/`1`).
pub fn enabled_from_env() -> bool {
    std::env::var("PITWALL_F1_SYNC").is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "on" | "true" | "1" | "yes"
        )
    })
}

/// Spawns the loop on the current runtime; it runs until the process ends.
pub fn spawn(config: SyncConfig, db_path: PathBuf) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = match ApiClient::new(&config) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(error = %e, "F1 sync disabled: cannot build its client");
                return;
            }
        };
        let mut backoff = FIRST_BACKOFF;
        loop {
            let run = crate::sync::run(&config, &client, &db_path).await;
            match &run {
                Ok(report) => tracing::info!(
                    requests = report.requests,
                    merged = report.merged.len(),
                    swapped = report.swapped,
                    "F1 sync ran"
                ),
                Err(e) => tracing::warn!(error = %e, "F1 sync failed; served data unchanged"),
            }
            let outcome = run.as_ref().map_err(|_| ());
            let wait;
            (wait, backoff) = next_wait(outcome, backoff, config.results_delay, Utc::now());
            tokio::time::sleep(wait).await;
        }
    })
}

/// The first wait while results are not out or the API fails.
const FIRST_BACKOFF: Duration = Duration::from_secs(1800);
/// The longest such wait.
const MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);

/// How long the loop sleeps after a run, and the backoff for the next: after
/// a failed run or one still waiting for results (a round not out, or
/// partial), the backoff doubles up to 6 h; after a pause for the hourly
/// request budget, that pause; otherwise until the next scheduled session
/// plus the results delay (at least 10 min; a day when no session is known).
pub fn next_wait(
    run: Result<&crate::report::SyncReport, ()>,
    backoff: Duration,
    results_delay: Duration,
    now: chrono::DateTime<Utc>,
) -> (Duration, Duration) {
    let doubled = (backoff * 2).min(MAX_BACKOFF);
    let Ok(report) = run else {
        return (doubled, doubled);
    };
    if report.waiting_for.is_some() || !report.partial.is_empty() {
        return (doubled, doubled);
    }
    if let Some(s) = report.paused_for_secs {
        return (Duration::from_secs(s + 5), backoff);
    }
    let until_session = report
        .next_session
        .and_then(|t| (t - now).to_std().ok())
        .map(|d| d + results_delay)
        .unwrap_or(Duration::from_secs(24 * 3600))
        .max(Duration::from_secs(600));
    (until_session, FIRST_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::SyncReport;

    fn at(s: &str) -> chrono::DateTime<Utc> {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn waits_for_the_next_session_then_backs_off_until_results_appear() {
        let now = at("2026-08-01T12:00:00Z");
        let delay = Duration::from_secs(3 * 3600);
        let quiet = SyncReport {
            next_session: Some(at("2026-08-23T13:00:00Z")),
            ..SyncReport::default()
        };
        let (wait, backoff) = next_wait(Ok(&quiet), FIRST_BACKOFF, delay, now);
        assert_eq!(wait, Duration::from_secs((22 * 24 + 1) * 3600) + delay);
        assert_eq!(backoff, FIRST_BACKOFF);
        // Results not out yet: 1 h, 2 h, 4 h, then 6 h at most.
        let waiting = SyncReport {
            partial: quiet.merged.clone(),
            waiting_for: Some(Default::default()),
            ..SyncReport::default()
        };
        let mut b = FIRST_BACKOFF;
        let mut waits = Vec::new();
        for _ in 0..5 {
            let (w, next) = next_wait(Ok(&waiting), b, delay, now);
            waits.push(w.as_secs() / 3600);
            b = next;
        }
        assert_eq!(waits, [1, 2, 4, 6, 6]);
        // A failure backs off the same way; a success resets the backoff.
        let (w, _) = next_wait(Err(()), FIRST_BACKOFF, delay, now);
        assert_eq!(w, Duration::from_secs(3600));
        assert_eq!(
            next_wait(Ok(&quiet), MAX_BACKOFF, delay, now).1,
            FIRST_BACKOFF
        );
    }

    #[test]
    fn a_budget_pause_waits_it_out_and_a_past_session_is_retried_soon() {
        let now = at("2026-08-01T12:00:00Z");
        let paused = SyncReport {
            paused_for_secs: Some(1200),
            ..SyncReport::default()
        };
        assert_eq!(
            next_wait(Ok(&paused), FIRST_BACKOFF, Duration::ZERO, now).0,
            Duration::from_secs(1205)
        );
        let past = SyncReport {
            next_session: Some(at("2026-07-30T12:00:00Z")),
            ..SyncReport::default()
        };
        assert_eq!(
            next_wait(Ok(&past), FIRST_BACKOFF, Duration::ZERO, now).0,
            Duration::from_secs(24 * 3600)
        );
        let none = SyncReport::default();
        assert_eq!(
            next_wait(Ok(&none), FIRST_BACKOFF, Duration::ZERO, now).0,
            Duration::from_secs(24 * 3600)
        );
    }
}
