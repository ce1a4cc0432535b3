//! The budget under concurrency, singleflight of identical questions, and
//! threshold alerts delivered to a webhook, end to end through `App::ask`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::webhook::WebhookReceiver;
use common::{ask, build_app, first_call_worst_case, ledger_total, llm_env, with};
use pitwall_llm_standin::{spawn, Behaviour};

const MODEL: &str = "gpt-4o-mini";
const MAX_TOKENS: u32 = 400;

/// Distinct questions of identical length and resolution (so identical reservations).
fn budget_question(i: usize) -> String {
    format!(
        "Average pit stop count per race for Italian teams, case {}",
        5000 + i
    )
}

fn dollars(micros: i64) -> String {
    format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_questions_never_overspend_the_daily_budget() {
    const QUESTIONS: usize = 200;
    const FITTING: i64 = 20;
    let questions: Vec<String> = (0..QUESTIONS).map(budget_question).collect();
    let worst: Vec<(usize, i64)> = questions
        .iter()
        .map(|q| first_call_worst_case(q, MODEL, MAX_TOKENS))
        .collect();
    let (body_len, per_call) = worst[0];
    assert!(
        worst.iter().all(|w| *w == worst[0]),
        "identical reservations"
    );
    let keys: std::collections::HashSet<String> = questions
        .iter()
        .map(|q| common::resolve(q).cache_key)
        .collect();
    assert_eq!(
        keys.len(),
        QUESTIONS,
        "distinct questions are not coalesced"
    );
    let cap = per_call * FITTING;

    let standin = spawn(Behaviour::Final("Ferrari averaged two stops.".into())).await;
    // Every reservation is taken while the first ones are still in flight.
    standin.set_latency(Duration::from_millis(1500));
    let env = with(
        llm_env(&standin.base_url()),
        &[
            ("PITWALL_LLM_MODEL", MODEL),
            ("PITWALL_LLM_MAX_TOKENS", "400"),
            ("PITWALL_BUDGET_DAILY_USD", &dollars(cap)),
            ("PITWALL_BUDGET_MONTHLY_USD", "1000"),
            ("PITWALL_BUDGET_USER_DAILY_USD", "1000"),
            ("PITWALL_LLM_MAX_CONCURRENCY", "256"),
            ("PITWALL_LLM_QUEUE_SIZE", "256"),
            ("PITWALL_LLM_RPM", "100000"),
            ("PITWALL_LLM_TPM", "100000000"),
        ],
    );
    let t = build_app(env).await;
    let tasks: Vec<_> = questions
        .into_iter()
        .map(|q| {
            let app = Arc::clone(&t.app);
            tokio::spawn(async move { ask(&app, &q).await })
        })
        .collect();
    let mut llm = 0i64;
    let mut exhausted = 0i64;
    for task in tasks {
        let r = tokio::time::timeout(Duration::from_secs(30), task)
            .await
            .expect("bounded")
            .unwrap();
        match (r.source.as_str(), r.reason.as_deref()) {
            ("llm", None) => llm += 1,
            ("fallback", Some("budget_exhausted")) => exhausted += 1,
            other => panic!("unexpected outcome {other:?}: {r:?}"),
        }
    }
    let spent = ledger_total(&t.app).await;
    eprintln!("worst case {per_call} µ$ per call (body {body_len} B), cap {cap} µ$: {llm} llm, {exhausted} budget_exhausted, spent {spent} µ$");
    assert!(spent <= cap, "spent {spent} > cap {cap}");
    assert!((1..=FITTING).contains(&llm), "{llm} LLM answers");
    assert_eq!(llm + exhausted, QUESTIONS as i64);
    let requests = standin.requests();
    assert_eq!(
        requests.len() as i64,
        llm,
        "one upstream call per LLM answer"
    );
    // The replica of the app's reservation matches what was really sent.
    let sent_len = serde_json::to_string(requests[0].body.as_ref().unwrap())
        .unwrap()
        .len();
    assert_eq!(sent_len, body_len);

    // The first refusal tells the operator once: one 100 % alert for the
    // daily budget, not one per refused question.
    let store = Arc::clone(t.app.store());
    let alerted = common::wait_until(Duration::from_secs(5), || {
        let store = Arc::clone(&store);
        async move {
            !store
                .list_alerts(pitwall_store::AlertState::All, 100)
                .await
                .unwrap()
                .is_empty()
        }
    })
    .await;
    assert!(alerted, "no exhaustion alert stored");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let alerts = t
        .app
        .store()
        .list_alerts(pitwall_store::AlertState::All, 100)
        .await
        .unwrap();
    let full: Vec<_> = alerts.iter().filter(|a| a.percent == Some(100)).collect();
    assert_eq!(full.len(), 1, "{alerts:?}");
    assert_eq!(full[0].scope.as_deref(), Some("global_daily"), "{alerts:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_concurrent_questions_share_one_conversation() {
    let standin = spawn(Behaviour::Ok).await;
    standin.set_latency(Duration::from_millis(300));
    let t = build_app(llm_env(&standin.base_url())).await;
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let app = Arc::clone(&t.app);
            tokio::spawn(async move { ask(&app, common::LLM_QUESTIONS[0]).await })
        })
        .collect();
    for task in tasks {
        let r = task.await.unwrap();
        assert!(r.source == "llm" || r.source == "cache", "{r:?}");
        assert!(
            r.answer.starts_with("According to the data"),
            "{}",
            r.answer
        );
    }
    // One conversation: the tool call and the final answer.
    let requests = standin.requests();
    assert_eq!(requests.len(), 2);
    let turns: Vec<usize> = requests
        .iter()
        .map(|r| {
            r.body.as_ref().unwrap()["messages"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["role"] == "assistant")
                .count()
        })
        .collect();
    assert_eq!(turns, vec![0, 1]);
}

/// A model that overruns `max_tokens` in its tool call (the contract books
/// the overrun): the only way settled spend can reach 100 % of a cap that
/// every reservation respected.
fn overrunning_model() -> Behaviour {
    let padding = " AND raceId > 0".repeat(400);
    Behaviour::Scripted(vec![
        Behaviour::ToolCall(format!(
            "SELECT COUNT(*) AS races FROM races WHERE 1 = 1{padding}"
        )),
        Behaviour::Final("There were many races.".into()),
    ])
}

#[tokio::test]
async fn budget_thresholds_alert_once_each() {
    let env_for = |url: &str| {
        with(
            llm_env(url),
            &[
                ("PITWALL_LLM_MAX_TOKENS", "16"),
                ("PITWALL_BUDGET_MONTHLY_USD", "1000"),
                ("PITWALL_BUDGET_USER_DAILY_USD", "1000"),
            ],
        )
    };
    // Calibrate the cost of one question with a roomy budget.
    let calibration = spawn(overrunning_model()).await;
    let c = build_app(env_for(&calibration.base_url())).await;
    let r = ask(&c.app, &budget_question(0)).await;
    assert_eq!(r.source, "llm", "{r:?}");
    let per_question = ledger_total(&c.app).await;
    assert!(per_question > 0);

    // 3.3 questions: 30 %, 60 % (50 crossed), 90 % (80 crossed), then >100 %.
    let cap = per_question * 33 / 10;
    let hook = WebhookReceiver::start().await;
    let standin = spawn(overrunning_model()).await;
    let env = with(
        env_for(&standin.base_url()),
        &[
            ("PITWALL_BUDGET_DAILY_USD", &dollars(cap)),
            ("PITWALL_ALERT_WEBHOOK_URL", &hook.url),
        ],
    );
    let t = build_app(env.clone()).await;
    let mut expected_hooks = 0;
    for (i, expected) in [(1, None), (2, Some(50)), (3, Some(80)), (4, Some(100))] {
        ask(&t.app, &budget_question(i)).await;
        if expected.is_some() {
            expected_hooks += 1;
        }
        let arrived = common::wait_until(Duration::from_secs(5), || {
            let n = hook.bodies().len();
            async move { n >= expected_hooks }
        })
        .await;
        assert!(arrived, "question {i}: {:?}", hook.bodies());
    }
    // Over the cap now: further questions fall back without new alerts.
    for i in 5..8 {
        let r = ask(&t.app, &budget_question(i)).await;
        assert_eq!(r.reason.as_deref(), Some("budget_exhausted"), "{r:?}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(ledger_total(&t.app).await >= cap);

    let bodies = hook.bodies();
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    for (body, percent) in bodies.iter().zip([50, 80, 100]) {
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        let text = json["text"].as_str().expect("Slack {\"text\": ...}");
        assert!(text.contains("budget_threshold"), "{text}");
        assert!(text.contains(&format!("reached {percent}%")), "{text}");
    }
    let mut stored: Vec<i64> = t
        .app
        .store()
        .list_alerts(pitwall_store::AlertState::All, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == "budget_threshold")
        .filter_map(|a| a.percent)
        .collect();
    stored.sort_unstable();
    assert_eq!(stored, vec![50, 80, 100]);

    // A restart in the same period must not alert again: its first refusal
    // would otherwise claim the 100 % slot a second time.
    t.app.shutdown().await;
    let restarted = common::rebuild_app(&t, env).await;
    let r = ask(&restarted, &budget_question(9)).await;
    assert_eq!(r.reason.as_deref(), Some("budget_exhausted"), "{r:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(hook.bodies().len(), 3, "{:?}", hook.bodies());
    let after_restart = restarted
        .store()
        .list_alerts(pitwall_store::AlertState::All, 50)
        .await
        .unwrap();
    assert_eq!(after_restart.len(), 3, "{after_restart:?}");
}

/// A request dropped while its upstream call is in flight (client gone,
/// HTTP timeout, shutdown) must not leak its reservation or lose a billed
/// call: the call finishes in its own task and is settled and booked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_request_still_settles_and_books_its_call() {
    let standin = spawn(Behaviour::Ok).await;
    standin.set_latency(Duration::from_millis(400));
    let t = build_app(llm_env(&standin.base_url())).await;
    let app = Arc::clone(&t.app);
    let request = tokio::spawn(async move { ask(&app, common::LLM_QUESTIONS[1]).await });
    // Wait until the first upstream call is in flight, then drop the request.
    let started = common::wait_until(Duration::from_secs(5), || {
        let n = standin.request_count();
        async move { n >= 1 }
    })
    .await;
    assert!(started);
    request.abort();
    assert!(request.await.unwrap_err().is_cancelled());

    // The conversation goes on without the request: both calls run...
    let both = common::wait_until(Duration::from_secs(10), || {
        let n = standin.request_count();
        async move { n >= 2 }
    })
    .await;
    assert!(both, "the conversation stopped with the request");
    // ...and, once the last one is settled, nothing stays reserved and the spend is booked.
    let settled = common::wait_until(Duration::from_secs(10), || {
        let app = Arc::clone(&t.app);
        async move {
            app.llm()
                .status()
                .await
                .budgets
                .iter()
                .all(|b| b.reserved.0 == 0)
        }
    })
    .await;
    assert!(
        settled,
        "a reservation is still held: {:?}",
        t.app.llm().status().await.budgets
    );
    // No history write follows a dropped request, so its queued ledger rows
    // ride the store's next checkpoint tick (0.5 s) instead.
    let booked = common::wait_until(Duration::from_secs(3), || {
        let app = Arc::clone(&t.app);
        async move { ledger_total(&app).await > 0 }
    })
    .await;
    assert!(booked, "the calls were never booked");
    assert_eq!(standin.request_count(), 2);
}
