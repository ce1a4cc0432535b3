//! A bounded load run: full two-call conversations in parallel against the stand-in, every one
//! of which must finish, with the upstream call count exactly as expected.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use pitwall_llm::{SqlConversation, Step};
use pitwall_llm_standin::{spawn, Behaviour};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONVERSATIONS: usize = 400;
const CONCURRENCY: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_conversations_all_complete_with_two_calls_each() {
    let standin = spawn(Behaviour::Ok).await;
    let client = Arc::new(common::client(&standin.base_url()));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..CONCURRENCY {
        let client = Arc::clone(&client);
        tasks.spawn(async move {
            let mut finished = 0usize;
            for _ in (worker..CONVERSATIONS).step_by(CONCURRENCY) {
                let mut conv = SqlConversation::new("system".into(), "How many races?".into(), 3);
                loop {
                    let outcome = client.chat(&conv.next_request("m", 100)).await.unwrap();
                    match conv.absorb(&outcome.response).unwrap() {
                        Step::RunSql { call_id, .. } => {
                            conv.tool_result(&call_id, Ok("races\n1125".into()))
                        }
                        Step::Rejected { call_id, reason } => {
                            conv.tool_result(&call_id, Err(reason))
                        }
                        Step::Final { .. } => break,
                    }
                }
                finished += 1;
            }
            finished
        });
    }
    let finished: usize = tokio::time::timeout(Duration::from_secs(60), async {
        let mut total = 0;
        while let Some(done) = tasks.join_next().await {
            total += done.unwrap();
        }
        total
    })
    .await
    .expect("load run bounded to 60 s");
    let elapsed = started.elapsed();
    assert_eq!(finished, CONVERSATIONS);
    assert_eq!(standin.request_count(), 2 * CONVERSATIONS);
    println!(
        "{CONVERSATIONS} conversations ({} calls) at concurrency {CONCURRENCY} in {elapsed:?}: {:.0} calls/s",
        2 * CONVERSATIONS,
        (2 * CONVERSATIONS) as f64 / elapsed.as_secs_f64()
    );
}
