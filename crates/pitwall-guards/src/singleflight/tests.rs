use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::Group;

/// Spawns a caller whose work takes `work` (virtual time) and counts its executions.
fn spawn_call(
    group: &Arc<Group<String, String>>,
    key: &str,
    runs: &Arc<AtomicUsize>,
    work: Duration,
    tag: usize,
) -> tokio::task::JoinHandle<(String, bool)> {
    let (group, runs, key) = (Arc::clone(group), Arc::clone(runs), key.to_owned());
    tokio::spawn(async move {
        let run_key = key.clone();
        group
            .run(key, async move {
                runs.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(work).await;
                format!("{run_key} by caller {tag}")
            })
            .await
    })
}

async fn join_all(handles: Vec<tokio::task::JoinHandle<(String, bool)>>) -> Vec<(String, bool)> {
    let mut results = Vec::new();
    for handle in handles {
        match tokio::time::timeout(Duration::from_secs(60), handle).await {
            Ok(Ok(result)) => results.push(result),
            other => panic!("caller did not finish: {other:?}"),
        }
    }
    results
}

#[tokio::test(start_paused = true)]
async fn identical_concurrent_calls_run_once() {
    let group = Arc::new(Group::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let handles = (0..50)
        .map(|i| spawn_call(&group, "q", &runs, Duration::from_secs(1), i))
        .collect();
    let results = join_all(handles).await;
    assert_eq!(runs.load(Ordering::SeqCst), 1, "f ran once");
    let leaders = results.iter().filter(|(_, shared)| !shared).count();
    assert_eq!(leaders, 1, "exactly one caller executed");
    assert!(
        results.iter().all(|(value, _)| *value == results[0].0),
        "{results:?}"
    );
    assert_eq!(group.in_flight(), 0, "finished flights are removed");

    // Nothing is cached: a later call executes again.
    let later = join_all(vec![spawn_call(&group, "q", &runs, Duration::ZERO, 99)]).await;
    assert_eq!(later, vec![("q by caller 99".to_owned(), false)]);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn different_keys_run_separately() {
    let group = Arc::new(Group::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let handles = (0..50)
        .map(|i| {
            spawn_call(
                &group,
                &format!("q{}", i % 10),
                &runs,
                Duration::from_secs(1),
                i,
            )
        })
        .collect();
    let results = join_all(handles).await;
    assert_eq!(runs.load(Ordering::SeqCst), 10, "one execution per key");
    for (value, _) in &results {
        assert!(value.starts_with('q'), "{value}");
    }
    assert_eq!(results.iter().filter(|(_, shared)| !shared).count(), 10);
}

#[tokio::test(start_paused = true)]
async fn cancelled_leader_hands_over_to_a_waiter() {
    let group = Arc::new(Group::new());
    let runs = Arc::new(AtomicUsize::new(0));
    let leader = spawn_call(&group, "q", &runs, Duration::from_secs(3600), 0);
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(runs.load(Ordering::SeqCst), 1, "leader started");
    let followers: Vec<_> = (1..4)
        .map(|i| spawn_call(&group, "q", &runs, Duration::from_secs(1), i))
        .collect();
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        1,
        "followers wait, not execute"
    );
    leader.abort();
    let results = join_all(followers).await;
    assert_eq!(
        runs.load(Ordering::SeqCst),
        2,
        "exactly one follower took over"
    );
    assert_eq!(results.iter().filter(|(_, shared)| !shared).count(), 1);
    assert!(
        results.iter().all(|(value, _)| *value == results[0].0),
        "{results:?}"
    );
    assert_ne!(
        results[0].0, "q by caller 0",
        "the cancelled leader produced nothing"
    );
}

#[tokio::test(start_paused = true)]
async fn panicking_leader_does_not_strand_waiters() {
    let group: Arc<Group<String, String>> = Arc::new(Group::new());
    let leader = {
        let group = Arc::clone(&group);
        tokio::spawn(async move {
            group
                .run("q".to_owned(), async {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    panic!("upstream client bug");
                })
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    let runs = Arc::new(AtomicUsize::new(0));
    let follower = spawn_call(&group, "q", &runs, Duration::from_secs(1), 1);
    assert!(leader.await.is_err(), "leader panicked");
    let results = join_all(vec![follower]).await;
    assert_eq!(results, vec![("q by caller 1".to_owned(), false)]);
}
