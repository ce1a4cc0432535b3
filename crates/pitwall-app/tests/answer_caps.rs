//! Size caps: a model's answer text (3 MB was seen) and its SQL's table
//! (up to the SQL guard's 256 KiB) are cut before they are served, cached
//! or stored, and the response and history row say so with `truncated`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ask, build_app, llm_env, with, TestApp, LLM_QUESTIONS, LOCAL_QUESTION};
use pitwall_app::AskResponse;
use pitwall_llm_standin::{spawn, Behaviour};
use serde_json::Value;

const MAX_ANSWER_CHARS: usize = 4_000;
const MAX_ROWS: usize = 200;
const MAX_TABLE_BYTES: usize = 64 * 1024;

/// Room for a 3 MB answer (the stand-in cuts at `max_tokens` × 4
/// characters, as a real model stops at its limit) and the budget for it.
fn roomy_env(base_url: &str) -> Vec<(String, String)> {
    with(
        llm_env(base_url),
        &[
            ("PITWALL_LLM_MAX_TOKENS", "1000000"),
            ("PITWALL_LLM_TPM", "1000000000"),
            ("PITWALL_BUDGET_DAILY_USD", "1000"),
            ("PITWALL_BUDGET_MONTHLY_USD", "1000"),
            ("PITWALL_BUDGET_USER_DAILY_USD", "1000"),
        ],
    )
}

/// Cell text as the cap counts it: string bytes, 16 for anything else.
fn table_bytes(rows: &[Vec<Value>]) -> usize {
    rows.iter()
        .flatten()
        .map(|v| v.as_str().map_or(16, str::len))
        .sum()
}

/// The history row exactly as stored (not through the serving path, which
/// caps again), checked against the response.
async fn stored_matches(t: &TestApp, r: &AskResponse) {
    let stored = t.app.store().get_history(r.id).await.unwrap().unwrap();
    assert_eq!(stored.answer, r.answer);
    assert_eq!(stored.rows, r.rows);
    assert_eq!(stored.row_count, r.rows.len() as i64);
    assert_eq!(stored.truncated, r.truncated);
    assert!(stored.answer.chars().count() <= MAX_ANSWER_CHARS);
    assert!(stored.rows.len() <= MAX_ROWS);
    assert!(table_bytes(&stored.rows) <= MAX_TABLE_BYTES);
    let served = t.app.history_entry(r.id, None).await.unwrap();
    assert_eq!(served.answer, r.answer);
    assert_eq!(served.truncated, r.truncated);
}

#[tokio::test]
async fn a_3_mb_model_answer_is_served_stored_and_cached_cut_and_marked() {
    // Multi-byte characters throughout: the cut must land on a boundary.
    let huge = format!("Ferrari averaged 2.4 stops. {}", "é🏎 ".repeat(450_000));
    assert!(huge.len() > 3_000_000);
    let standin = spawn(Behaviour::Final(huge.clone())).await;
    let t = build_app(roomy_env(&standin.base_url())).await;

    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "llm", "{}", &r.answer[..200.min(r.answer.len())]);
    assert!(r.truncated);
    assert_eq!(r.answer.chars().count(), MAX_ANSWER_CHARS);
    assert!(r.answer.ends_with('…'));
    let kept: String = huge.chars().take(MAX_ANSWER_CHARS - 1).collect();
    assert_eq!(r.answer.trim_end_matches('…'), kept);
    assert_eq!(serde_json::to_value(&r).unwrap()["truncated"], true);
    stored_matches(&t, &r).await;

    let calls = standin.request_count();
    let cached = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(cached.source, "cache");
    assert_eq!(standin.request_count(), calls, "a cache hit calls no one");
    assert!(
        cached.truncated,
        "the cached copy is the cut one, and says so"
    );
    assert_eq!(cached.answer, r.answer);
    stored_matches(&t, &cached).await;
}

#[tokio::test]
async fn a_model_query_with_many_rows_is_cut_to_the_row_cap() {
    // The guard allows 1,000 rows; the cap keeps 200.
    let standin = spawn(Behaviour::Scripted(vec![
        Behaviour::ToolCall("SELECT resultId, raceId, driverId FROM results".into()),
        Behaviour::Final("There are many results.".into()),
    ]))
    .await;
    let t = build_app(roomy_env(&standin.base_url())).await;
    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "llm", "{r:?}");
    assert!(r.truncated);
    assert_eq!(r.rows.len(), MAX_ROWS);
    assert_eq!(r.answer, "There are many results.");
    stored_matches(&t, &r).await;

    let cached = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(cached.source, "cache");
    assert!(cached.truncated);
    assert_eq!(cached.rows, r.rows);
}

#[tokio::test]
async fn a_model_query_with_wide_rows_is_cut_to_the_byte_cap() {
    // ~1 KB per row: the guard keeps ~256 of them, the byte cap 64 KiB.
    let standin = spawn(Behaviour::Scripted(vec![
        Behaviour::ToolCall("SELECT raceId, printf('%.*c', 1000, 'x') AS pad FROM races".into()),
        Behaviour::Final("Padded.".into()),
    ]))
    .await;
    let t = build_app(roomy_env(&standin.base_url())).await;
    let r = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(r.source, "llm", "{r:?}");
    assert!(r.truncated);
    let bytes = table_bytes(&r.rows);
    assert!(bytes <= MAX_TABLE_BYTES, "{bytes}");
    // Whole rows up to the cap: one more would not fit.
    assert!(bytes + 1016 > MAX_TABLE_BYTES, "{bytes}");
    assert!(r.rows.len() < MAX_ROWS);
    stored_matches(&t, &r).await;
}

#[tokio::test]
async fn normal_answers_are_not_marked_truncated() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(llm_env(&standin.base_url())).await;
    for question in [LOCAL_QUESTION, LLM_QUESTIONS[0], LLM_QUESTIONS[0]] {
        let r = ask(&t.app, question).await;
        assert!(!r.truncated, "{r:?}");
        // Always present on the wire, false included.
        assert_eq!(serde_json::to_value(&r).unwrap()["truncated"], false);
        stored_matches(&t, &r).await;
    }
    let fallback = ask(&build_app(vec![]).await.app, LLM_QUESTIONS[1]).await;
    assert_eq!(fallback.source, "fallback");
    assert!(!fallback.truncated);
}

#[tokio::test]
async fn oversized_history_from_before_the_caps_is_served_cut() {
    let t = build_app(vec![]).await;
    let mut entry = {
        let r = ask(&t.app, LOCAL_QUESTION).await;
        t.app.store().get_history(r.id).await.unwrap().unwrap()
    };
    entry.id = pitwall_store::new_id();
    entry.answer = "a".repeat(10_000);
    entry.rows = vec![vec![Value::from(1)]; 1_000];
    entry.row_count = 1_000;
    t.app.store().insert_history(&entry).await.unwrap();
    let served = t.app.history_entry(entry.id, None).await.unwrap();
    assert!(served.truncated);
    assert_eq!(served.answer.chars().count(), MAX_ANSWER_CHARS);
    assert_eq!(served.rows.len(), MAX_ROWS);
}
