//! Overload: beyond `PITWALL_MAX_IN_FLIGHT` questions at once, a question is
//! refused at once with `Overloaded` (503 `overloaded` over HTTP) instead of
//! queueing, and the service recovers as soon as the load drops.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{ask, build_app, llm_env, with, LLM_QUESTIONS, LOCAL_QUESTION};
use pitwall_app::{AppError, AskContext, Question};
use pitwall_llm_standin::{spawn, Behaviour};

#[tokio::test]
async fn questions_beyond_the_in_flight_cap_are_refused_at_once_and_recover() {
    let standin = spawn(Behaviour::Ok).await;
    standin.set_latency(Duration::from_millis(800));
    let t = build_app(with(
        llm_env(&standin.base_url()),
        &[("PITWALL_MAX_IN_FLIGHT", "2")],
    ))
    .await;
    let app = Arc::clone(&t.app);

    // Two slow LLM-bound questions take both slots.
    let mut slow = Vec::new();
    for q in &LLM_QUESTIONS[..2] {
        let app = Arc::clone(&app);
        let q = q.to_string();
        slow.push(tokio::spawn(async move { ask(&app, &q).await }));
    }
    assert!(
        common::wait_until(Duration::from_secs(5), || async {
            standin.request_count() >= 2
        })
        .await,
        "both slow questions reached the upstream"
    );

    // A third, even a local one, is refused without waiting.
    let started = Instant::now();
    let refused = app
        .ask(
            Question::parse(LOCAL_QUESTION).unwrap(),
            &AskContext::anonymous("over-cap"),
        )
        .await;
    assert!(matches!(refused, Err(AppError::Overloaded)), "{refused:?}");
    assert!(started.elapsed() < Duration::from_millis(200));

    for task in slow {
        assert_eq!(task.await.unwrap().source, "llm");
    }
    // Slots are released: the same question is answered now.
    assert_eq!(ask(&app, LOCAL_QUESTION).await.source, "local");
}

#[tokio::test]
async fn a_zero_cap_is_a_configuration_error() {
    let env = pitwall_config::Env::from_pairs([("PITWALL_MAX_IN_FLIGHT", "0".to_string())]);
    let err = pitwall_config::Config::load(&env).unwrap_err();
    assert!(err.to_string().contains("PITWALL_MAX_IN_FLIGHT"), "{err}");
}
