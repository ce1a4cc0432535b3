//! End-to-end routing of questions between the local engine, the answer
//! cache, the LLM (the real OpenAI stand-in over 127.0.0.1) and the fallback,
//! including retries, the circuit breaker, the queue and hostile model SQL.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{ask, build_app, ledger_total, llm_env, with, LLM_QUESTIONS, LOCAL_QUESTION};
use pitwall_guards::breaker::BreakerState;
use pitwall_llm_standin::{spawn, Behaviour};

fn races_count() -> i64 {
    let db = pitwall_f1data::F1Db::open(common::f1_db(), 1).unwrap();
    db.check().unwrap().races
}

async fn breaker_state(app: &pitwall_app::App) -> BreakerState {
    app.llm().status().await.breaker.expect("configured").state
}

#[tokio::test]
async fn llm_bound_questions_are_not_answered_locally() {
    let t = build_app(vec![]).await;
    for q in LLM_QUESTIONS {
        let r = ask(&t.app, q).await;
        assert_eq!(r.source, "fallback", "{q}: {r:?}");
        assert_eq!(r.reason.as_deref(), Some("llm_disabled"), "{q}");
    }
    let r = ask(&t.app, LOCAL_QUESTION).await;
    assert_eq!(r.source, "local", "{r:?}");
}

#[tokio::test]
async fn local_llm_cache_and_switch_routing() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(llm_env(&standin.base_url())).await;

    let local = ask(&t.app, LOCAL_QUESTION).await;
    assert_eq!(local.source, "local");
    assert!(local.answer.contains("Verstappen"), "{}", local.answer);
    assert_eq!(
        standin.request_count(),
        0,
        "a local answer must not call the LLM"
    );

    let q = LLM_QUESTIONS[0];
    let llm = ask(&t.app, q).await;
    assert_eq!(llm.source, "llm", "{llm:?}");
    assert_eq!(llm.status, "answered");
    let sql = llm.sql.clone().expect("the SQL that ran");
    assert!(
        sql.to_uppercase().contains("LIMIT"),
        "guarded SQL carries a LIMIT: {sql}"
    );
    assert_eq!(llm.rows.len(), 1, "{:?}", llm.rows);
    assert_eq!(
        llm.rows[0][0].as_i64(),
        Some(races_count()),
        "rows come from the F1 db"
    );
    let after_first = standin.request_count();
    assert_eq!(after_first, 2, "tool call + final answer");
    assert!(
        ledger_total(&t.app).await > 0,
        "the calls are in the usage ledger"
    );

    let cached = ask(&t.app, q).await;
    assert_eq!(cached.source, "cache", "{cached:?}");
    assert_eq!(cached.answer, llm.answer);
    assert_eq!(cached.rows, llm.rows);
    assert_eq!(
        standin.request_count(),
        after_first,
        "a cache hit makes no upstream call"
    );

    t.app.llm().set_enabled(false);
    let off = ask(&t.app, LLM_QUESTIONS[2]).await;
    assert_eq!(off.source, "fallback");
    assert_eq!(off.reason.as_deref(), Some("llm_disabled"));
    assert_eq!(standin.request_count(), after_first);

    t.app.llm().set_enabled(true);
    let on = ask(&t.app, LLM_QUESTIONS[2]).await;
    assert_eq!(on.source, "llm", "{on:?}");
    assert_eq!(standin.request_count(), after_first + 2);
}

#[tokio::test]
async fn without_a_key_the_llm_is_disabled() {
    let standin = spawn(Behaviour::Ok).await;
    let env: Vec<_> = llm_env(&standin.base_url())
        .into_iter()
        .filter(|(k, _)| k != "OPENAI_API_KEY")
        .collect();
    let t = build_app(env).await;
    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "fallback");
    assert_eq!(r.reason.as_deref(), Some("llm_disabled"));
    assert!(!t.app.llm().status().await.configured);
    assert_eq!(standin.request_count(), 0);
}

#[tokio::test]
async fn a_503_is_retried_and_answered() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::status(503));
    let t = build_app(llm_env(&standin.base_url())).await;
    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "llm", "{r:?}");
    // 503, its retry (tool call), then the final answer.
    assert_eq!(standin.request_count(), 3);
}

#[tokio::test]
async fn insufficient_quota_forces_the_breaker_open_and_alerts() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::insufficient_quota());
    let t = build_app(llm_env(&standin.base_url())).await;

    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "fallback");
    assert_eq!(r.reason.as_deref(), Some("upstream_unavailable"));
    assert_eq!(
        standin.request_count(),
        1,
        "billing exhaustion is not retried"
    );
    assert_eq!(breaker_state(&t.app).await, BreakerState::Open);

    let next = ask(&t.app, LLM_QUESTIONS[2]).await;
    assert_eq!(next.reason.as_deref(), Some("upstream_unavailable"));
    assert_eq!(standin.request_count(), 1, "an open breaker makes no call");

    let store = Arc::clone(t.app.store());
    let stored = common::wait_until(Duration::from_secs(5), || {
        let store = Arc::clone(&store);
        async move {
            store
                .list_alerts(pitwall_store::AlertState::All, 10)
                .await
                .unwrap()
                .iter()
                .any(|a| a.kind == "billing_exhausted")
        }
    })
    .await;
    assert!(stored, "a billing_exhausted alert is stored");
}

#[tokio::test]
async fn a_401_is_not_retried() {
    let standin = spawn(Behaviour::Ok).await;
    standin.push(Behaviour::status(401));
    let t = build_app(llm_env(&standin.base_url())).await;
    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "fallback");
    assert_eq!(r.reason.as_deref(), Some("upstream_unavailable"));
    assert_eq!(standin.request_count(), 1);
}

#[tokio::test]
async fn the_breaker_opens_fails_fast_and_closes_after_a_probe() {
    let standin = spawn(Behaviour::status(500)).await;
    let env = with(
        llm_env(&standin.base_url()),
        &[
            ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "4"),
            ("PITWALL_LLM_MAX_ATTEMPTS", "1"),
            ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "300"),
        ],
    );
    let t = build_app(env).await;
    let q = LLM_QUESTIONS[0];
    for i in 0..4 {
        let r = ask(&t.app, q).await;
        assert_eq!(
            r.reason.as_deref(),
            Some("upstream_unavailable"),
            "question {i}"
        );
    }
    assert_eq!(standin.request_count(), 4);
    assert_eq!(breaker_state(&t.app).await, BreakerState::Open);

    for _ in 0..3 {
        let started = Instant::now();
        let r = ask(&t.app, q).await;
        assert_eq!(r.reason.as_deref(), Some("upstream_unavailable"));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
    assert_eq!(
        standin.request_count(),
        4,
        "an open breaker sends nothing upstream"
    );

    standin.set_default(Behaviour::Ok);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let r = ask(&t.app, q).await;
    assert_eq!(r.source, "llm", "the probe goes through: {r:?}");
    assert_eq!(standin.request_count(), 6);
    assert_eq!(breaker_state(&t.app).await, BreakerState::Closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_falls_back_fast() {
    let standin = spawn(Behaviour::Final("Ferrari.".into())).await;
    standin.set_latency(Duration::from_secs(1));
    let env = with(
        llm_env(&standin.base_url()),
        &[
            ("PITWALL_LLM_MAX_CONCURRENCY", "1"),
            ("PITWALL_LLM_QUEUE_SIZE", "1"),
            ("PITWALL_LLM_QUEUE_WAIT_MS", "5000"),
        ],
    );
    let t = build_app(env).await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let app = Arc::clone(&t.app);
            tokio::spawn(async move {
                let started = Instant::now();
                let q = format!(
                    "Average pit stop count per race for Italian teams, case {}",
                    5000 + i
                );
                let r = ask(&app, &q).await;
                (r, started.elapsed())
            })
        })
        .collect();
    let mut llm = 0;
    let mut full = 0;
    for task in tasks {
        let (r, elapsed) = task.await.unwrap();
        match (r.source.as_str(), r.reason.as_deref()) {
            ("llm", None) => llm += 1,
            ("fallback", Some("queue_full")) => {
                full += 1;
                assert!(
                    elapsed < Duration::from_millis(300),
                    "overflow took {elapsed:?}"
                );
            }
            other => panic!("unexpected outcome {other:?}: {r:?}"),
        }
    }
    assert!(llm >= 1, "some questions are answered");
    assert!(full >= 1, "the rest overflow");
    assert_eq!(llm + full, 10);
    assert_eq!(standin.request_count(), llm);
}

#[tokio::test]
async fn hostile_model_sql_is_refused_and_reported_to_the_model() {
    let results_before = common::results_count();
    let standin = spawn(Behaviour::Ok).await;
    let hostile = [
        "DROP TABLE results",
        "ATTACH DATABASE '/tmp/pitwall-evil.sqlite' AS evil",
        "SELECT load_extension('/tmp/pitwall-evil.so')",
    ];
    for sql in hostile {
        standin.push(Behaviour::ToolCall(sql.into()));
    }
    standin.push(Behaviour::Final("I could not run that.".into()));
    let t = build_app(llm_env(&standin.base_url())).await;

    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert!(r.source == "llm" || r.source == "fallback", "{r:?}");
    assert_eq!(r.sql, None, "no hostile SQL ran: {r:?}");
    assert_eq!(standin.request_count(), 4);

    let requests = standin.requests();
    for (i, sql) in hostile.iter().enumerate() {
        let body = requests[i + 1].body.as_ref().expect("JSON body");
        let last = body["messages"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            last["role"],
            "tool",
            "request {} answers the tool call",
            i + 1
        );
        let content = last["content"].as_str().unwrap();
        assert!(content.starts_with("error"), "{sql} refused: {content}");
    }
    assert_eq!(
        common::results_count(),
        results_before,
        "the F1 data is unchanged"
    );
    assert!(!std::path::Path::new("/tmp/pitwall-evil.sqlite").exists());
}

#[tokio::test]
async fn readiness_makes_no_upstream_call() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(llm_env(&standin.base_url())).await;
    let ready = t.app.readiness().await;
    assert!(ready.ready, "{ready:?}");
    assert!(ready.llm.configured);
    assert_eq!(standin.request_count(), 0);
}

/// Our own requests-per-minute limit towards the provider: once it is used
/// up, questions fall back with `rate_limited` without reaching the upstream.
#[tokio::test]
async fn the_client_side_rate_limit_falls_back_without_calling_upstream() {
    let standin = spawn(Behaviour::Ok).await;
    // One question is two calls (tool call, final answer): room for exactly one.
    let t = build_app(with(
        llm_env(&standin.base_url()),
        &[("PITWALL_LLM_RPM", "2")],
    ))
    .await;
    let first = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(first.source, "llm", "{first:?}");
    assert_eq!(standin.request_count(), 2);
    let second = ask(&t.app, LLM_QUESTIONS[2]).await;
    assert_eq!(second.source, "fallback", "{second:?}");
    assert_eq!(second.reason.as_deref(), Some("rate_limited"));
    assert_eq!(
        standin.request_count(),
        2,
        "a rate-limited question makes no upstream call"
    );
    // The refused call held no budget.
    let budgets = t.app.llm().status().await.budgets;
    assert!(budgets.iter().all(|b| b.reserved.0 == 0), "{budgets:?}");
}

#[tokio::test]
async fn questions_about_different_countries_do_not_share_a_cached_answer() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(llm_env(&standin.base_url())).await;
    let italy = ask(&t.app, "average lap count of races in Italy").await;
    assert_eq!(italy.source, "llm", "{italy:?}");
    let calls = standin.request_count();
    let brazil = ask(&t.app, "average lap count of races in Brazil").await;
    assert_eq!(
        brazil.source, "llm",
        "not Italy's cached answer: {brazil:?}"
    );
    assert!(standin.request_count() > calls);
    let prompt = format!("{:?}", standin.requests()[calls].body);
    assert!(prompt.contains("country Brazil"), "{prompt}");
    assert!(!prompt.contains("circuitId = 0"), "{prompt}");
    // Letter case is folded in the key; punctuation is not (see cache_key.rs).
    let again = ask(&t.app, "Average lap count of races in ITALY").await;
    assert_eq!(again.source, "cache", "{again:?}");
}
