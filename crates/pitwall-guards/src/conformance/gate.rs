//! Conformance suite for [`BoundedGate`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::queue::{BoundedGate, GateConfig, GatePermit};
use crate::GuardError;

/// Upper bound for any wait in this suite, so a broken gate fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(5);

async fn enter(gate: &dyn BoundedGate, context: &str) -> GatePermit {
    match tokio::time::timeout(PATIENCE, gate.enter()).await {
        Ok(Ok(permit)) => permit,
        Ok(Err(e)) => panic!("{context}: expected a slot, got {e:?}"),
        Err(_) => panic!("{context}: enter() hung"),
    }
}

/// Polls until `done` holds (bounded by [`PATIENCE`]).
async fn eventually(context: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "{context}: condition never held");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Runs every gate check with real time. `make` builds a fresh gate of the given size.
/// Run it on a multi-threaded runtime.
pub async fn concurrency_gate_suite(make: impl Fn(GateConfig) -> Arc<dyn BoundedGate>) {
    let small = GateConfig {
        max_in_flight: 2,
        max_queue: 2,
        max_wait: Duration::from_millis(300),
    };
    overflow_is_immediate_and_waiters_time_out(make(small)).await;
    released_slots_go_to_waiters(make(small)).await;
    panics_and_cancellation_release(make(small)).await;
    let roomy = GateConfig {
        max_in_flight: 3,
        max_queue: 100,
        max_wait: PATIENCE,
    };
    many_tasks_all_finish_within_the_limit(make(roomy)).await;
}

async fn overflow_is_immediate_and_waiters_time_out(gate: Arc<dyn BoundedGate>) {
    let _a = enter(gate.as_ref(), "slot 1").await;
    let _b = enter(gate.as_ref(), "slot 2").await;
    assert_eq!(gate.gauges().in_flight, 2);
    let waiters: Vec<_> = (0..2)
        .map(|_| {
            let gate = Arc::clone(&gate);
            tokio::spawn(async move {
                let started = Instant::now();
                (gate.enter().await.map(drop), started.elapsed())
            })
        })
        .collect();
    eventually("two waiters queued", || gate.gauges().queued == 2).await;

    // A full queue must refuse without waiting. The fastest of several attempts is
    // compared with 5 ms so one scheduling hiccup on a loaded machine cannot fail the
    // check, while a gate that waits at all (even once) is caught by the 100 ms bound.
    let mut fastest = Duration::MAX;
    for _ in 0..10 {
        let started = Instant::now();
        let overflow = gate.enter().await;
        let took = started.elapsed();
        assert!(
            matches!(overflow, Err(GuardError::QueueFull)),
            "{overflow:?}"
        );
        assert!(
            took < Duration::from_millis(100),
            "QueueFull waited {took:?}"
        );
        fastest = fastest.min(took);
    }
    assert!(
        fastest < Duration::from_millis(5),
        "QueueFull took {fastest:?}"
    );

    for waiter in waiters {
        let Ok((result, waited)) = waiter.await else {
            panic!("waiter task failed");
        };
        assert!(
            matches!(result, Err(GuardError::WaitTimeout { .. })),
            "{result:?}"
        );
        assert!(
            waited >= Duration::from_millis(300),
            "gave up early: {waited:?}"
        );
        assert!(waited < Duration::from_secs(2), "gave up late: {waited:?}");
    }
    assert_eq!(gate.gauges().queued, 0, "timed-out waiters left the queue");
    assert_eq!(gate.gauges().in_flight, 2);
}

async fn released_slots_go_to_waiters(gate: Arc<dyn BoundedGate>) {
    let a = enter(gate.as_ref(), "slot 1").await;
    let _b = enter(gate.as_ref(), "slot 2").await;
    let waiter = {
        let gate = Arc::clone(&gate);
        tokio::spawn(async move { gate.enter().await.map(drop) })
    };
    eventually("waiter queued", || gate.gauges().queued == 1).await;
    drop(a);
    match tokio::time::timeout(PATIENCE, waiter).await {
        Ok(Ok(Ok(()))) => {}
        other => panic!("waiter should get the freed slot: {other:?}"),
    }
    assert_eq!(
        gate.gauges(),
        crate::queue::GateGauges {
            in_flight: 1,
            queued: 0
        }
    );
}

async fn panics_and_cancellation_release(gate: Arc<dyn BoundedGate>) {
    // A holder that panics releases its slot during unwinding.
    let panicking = {
        let gate = Arc::clone(&gate);
        tokio::spawn(async move {
            let _permit = gate.enter().await;
            panic!("handler panicked while holding a slot");
        })
    };
    assert!(panicking.await.is_err(), "the task panicked");
    assert_eq!(gate.gauges().in_flight, 0, "panic released the slot");

    // A holder whose task is aborted releases its slot.
    let _a = enter(gate.as_ref(), "slot 1").await;
    let holder = {
        let gate = Arc::clone(&gate);
        tokio::spawn(async move {
            let _permit = gate.enter().await;
            tokio::time::sleep(PATIENCE * 10).await;
        })
    };
    eventually("holder running", || gate.gauges().in_flight == 2).await;
    // A waiter whose future is dropped gives its queue place back.
    let waiter = {
        let gate = Arc::clone(&gate);
        tokio::spawn(async move { gate.enter().await.map(drop) })
    };
    eventually("waiter queued", || gate.gauges().queued == 1).await;
    waiter.abort();
    eventually("cancelled waiter left", || gate.gauges().queued == 0).await;
    holder.abort();
    eventually("aborted holder released", || gate.gauges().in_flight == 1).await;
    let _b = enter(gate.as_ref(), "slot freed by abort").await;
}

async fn many_tasks_all_finish_within_the_limit(gate: Arc<dyn BoundedGate>) {
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let (gate, running, peak) =
                (Arc::clone(&gate), Arc::clone(&running), Arc::clone(&peak));
            tokio::spawn(async move {
                let permit = gate.enter().await?;
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(2)).await;
                running.fetch_sub(1, Ordering::SeqCst);
                drop(permit);
                Ok::<(), GuardError>(())
            })
        })
        .collect();
    for task in tasks {
        match tokio::time::timeout(PATIENCE, task).await {
            Ok(Ok(Ok(()))) => {}
            other => panic!("every queued task must eventually run: {other:?}"),
        }
    }
    let peak = peak.load(Ordering::SeqCst);
    assert!(peak <= 3, "peak concurrency {peak} above the limit");
    assert!(peak >= 2, "tasks did run concurrently (peak {peak})");
    assert_eq!(gate.gauges().in_flight, 0);
}
