//! The limiter's windows, settling and takeover, on simulated clocks and
//! real state files.

use super::*;

/// A sliding-window counter, as the server keeps: the most admissions in
/// any window of `width` ms.
fn max_in_window(times: &[i64], width: i64) -> usize {
    let mut best = 0;
    let mut start = 0;
    for (end, t) in times.iter().enumerate() {
        while t - times[start] >= width {
            start += 1;
        }
        best = best.max(end + 1 - start);
    }
    best
}

#[test]
fn a_settled_request_is_counted_from_its_answer() {
    let dir = tempfile::tempdir().unwrap();
    for state in [None, Some(dir.path().join("limiter.state"))] {
        let limiter = RateLimiter::new(1, 100, state).unwrap();
        assert_eq!(limiter.check_at(0).unwrap(), Admission::Go);
        // Held up on the way: answered (so counted by the server) at 800.
        limiter.settle(0, 800).unwrap();
        // From the admission, 1,150 ms would be past the window; from
        // the answer it is not: wait until 800 + 1,100.
        assert_eq!(
            limiter.check_at(1_150).unwrap(),
            Admission::Wait(Duration::from_millis(750))
        );
        assert_eq!(limiter.check_at(1_900).unwrap(), Admission::Go);
        // Settling a stamp that is not there changes nothing.
        limiter.settle(12_345, 99_999).unwrap();
        assert_eq!(limiter.check_at(3_100).unwrap(), Admission::Go);
    }
}

#[test]
fn never_more_than_the_limit_in_any_sliding_second_or_hour() {
    let mut stamps = VecDeque::new();
    let mut admitted = Vec::new();
    // Offer a request every 7 ms for two simulated hours.
    let mut t = 0;
    while t < 7_200_000 {
        if decide(&mut stamps, t, 4, 500) == Admission::Go {
            admitted.push(t);
        }
        t += 7;
    }
    assert!(max_in_window(&admitted, 1_000) <= 4);
    assert!(max_in_window(&admitted, 3_600_000) <= 500);
    assert!(
        admitted.len() >= 900,
        "limiter too strict: {}",
        admitted.len()
    );
}

#[test]
fn a_new_process_counts_the_last_seconds_requests_as_sent_now() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limiter.state");
    let t0 = now_ms();
    let before = RateLimiter::new(1, 100, Some(path.clone())).unwrap();
    // Admitted 1 s ago by a process since killed, answer never seen.
    assert_eq!(before.check_at(t0 - 1_000).unwrap(), Admission::Go);
    drop(before);
    let after = RateLimiter::new(1, 100, Some(path)).unwrap();
    // Counted from its admission it would have left the window by
    // t0 + 200; counted as sent at the takeover, it has not.
    assert!(
        matches!(after.check_at(t0 + 200).unwrap(), Admission::Wait(_)),
        "an unsettled request of the last second must still count"
    );
    assert_eq!(after.check_at(t0 + 2_000).unwrap(), Admission::Go);
}

#[test]
fn a_new_process_counts_a_dead_processs_unsettled_request_as_sent_now() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limiter.state");
    let t0 = now_ms();
    let before = RateLimiter::new(1, 100, Some(path.clone())).unwrap();
    // Settled long ago, and admitted 3 s ago but never settled (its
    // send was held up; it may have reached the server just now).
    assert_eq!(before.check_at(t0 - 9_000).unwrap(), Admission::Go);
    before.settle(t0 - 9_000, t0 - 8_900).unwrap();
    assert_eq!(before.check_at(t0 - 3_000).unwrap(), Admission::Go);
    let file = std::fs::read_to_string(&path).unwrap();
    assert_eq!(file, format!("{}\n{} p\n", t0 - 8_900, t0 - 3_000));
    drop(before);
    let after = RateLimiter::new(1, 100, Some(path.clone())).unwrap();
    assert!(
        matches!(after.check_at(t0 + 200).unwrap(), Admission::Wait(_)),
        "an unsettled request must count as sent at the takeover"
    );
    assert_eq!(after.check_at(t0 + 2_000).unwrap(), Admission::Go);
    // The taken-over stamp is nobody's to settle any more; the old
    // process settling it late changes nothing.
    let before = RateLimiter::new(1, 100, Some(path.clone())).unwrap();
    before.settle(t0 - 3_000, t0 - 2_000).unwrap();
    assert!(matches!(
        after.check_at(t0 + 2_100).unwrap(),
        Admission::Wait(_)
    ));
}

#[test]
fn the_state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("limiter");
    let t0 = now_ms();
    {
        let limiter =
            RateLimiter::new(100, 3, Some(path.clone())).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..3 {
            let a = limiter
                .check_at(t0 + i * 2_000)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(a, Admission::Go);
        }
    }
    let restarted = RateLimiter::new(100, 3, Some(path)).unwrap_or_else(|e| panic!("{e}"));
    match restarted
        .check_at(t0 + 10_000)
        .unwrap_or_else(|e| panic!("{e}"))
    {
        Admission::Wait(d) => assert!(d > Duration::from_secs(3000), "{d:?}"),
        Admission::Go => panic!("a restart reset the hourly budget"),
    }
}

/// What a SIGKILL leaves is what a reader without the lock sees at that
/// instant: it must always be a whole state, never an empty or half-written
/// file (which would let the next process burst).
#[test]
fn the_state_file_is_never_seen_empty_or_torn_while_it_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limiter.state");
    let limiter = RateLimiter::new(1_000_000, 1_000_000, Some(path.clone())).unwrap();
    assert_eq!(limiter.check_at(1).unwrap(), Admission::Go);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = std::thread::spawn({
        let (path, done) = (path.clone(), done.clone());
        move || {
            let (mut reads, mut most) = (0_usize, 0_usize);
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.ends_with('\n'), "torn or empty: {text:?}");
                let lines = text.lines().count();
                for line in text.lines() {
                    let number = line.strip_suffix(" p").unwrap_or(line);
                    assert!(number.parse::<i64>().is_ok(), "torn line {line:?}");
                }
                assert!(lines >= most, "went back from {most} to {lines} stamps");
                most = lines;
                reads += 1;
            }
            reads
        }
    });
    for t in 2..300 {
        assert_eq!(limiter.check_at(t * 10).unwrap(), Admission::Go);
        limiter.settle(t * 10, t * 10 + 5).unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(reads > 10, "the reader barely ran: {reads}");
    assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 299);
}
