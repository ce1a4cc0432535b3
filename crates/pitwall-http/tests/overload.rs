//! Over HTTP, a question beyond `PITWALL_MAX_IN_FLIGHT` gets 503 with the
//! stable problem code `overloaded` and a `retry-after`, at once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::spawn_app_with;
use pitwall_llm_standin::{spawn, Behaviour};
use serde_json::Value;

#[tokio::test]
async fn a_question_over_the_cap_gets_503_overloaded_at_once() {
    let standin = spawn(Behaviour::Ok).await;
    standin.set_latency(Duration::from_millis(800));
    let base_url = standin.base_url();
    let t = spawn_app_with(&[
        ("OPENAI_API_KEY", "test-llm-key-overload"),
        ("PITWALL_LLM_BASE_URL", &base_url),
        ("PITWALL_MAX_IN_FLIGHT", "1"),
    ])
    .await;

    let slow = {
        let (client, base) = (t.client.clone(), t.base.clone());
        tokio::spawn(async move {
            client
                .post(format!("{base}/v1/ask"))
                .json(&serde_json::json!({
                    "question": "what is the average lap count in races won by drivers from Finland?"
                }))
                .send()
                .await
                .unwrap()
        })
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while standin.request_count() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        standin.request_count() > 0,
        "the slow question reached the LLM"
    );

    let started = Instant::now();
    let res = t.ask("Who won the 2021 Abu Dhabi Grand Prix?").await;
    assert!(started.elapsed() < Duration::from_millis(300));
    assert_eq!(res.status(), 503);
    assert!(
        res.headers().contains_key("retry-after"),
        "{:?}",
        res.headers()
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "overloaded", "{body}");

    let answered: Value = slow.await.unwrap().json().await.unwrap();
    assert_eq!(answered["source"], "llm", "{answered}");
    assert_eq!(
        t.ask("Who won the 2021 Abu Dhabi Grand Prix?")
            .await
            .status(),
        200
    );
}
