//! Every answer says what it answered (`interpretation`), and a decline
//! lists the words the local engine could not place (`unparsed`), whoever
//! answered and whatever stopped the LLM; history keeps both.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ask, build_app, llm_env, with, LLM_QUESTIONS};
use pitwall_app::AskResponse;
use pitwall_llm_standin::{spawn, Behaviour};

/// The local engine declines this for the one word it cannot place.
const UNPLACED_QUESTION: &str = "How many purple races did Lewis Hamilton win?";

/// The history row of `r` holds what the response said.
async fn assert_stored(t: &common::TestApp, r: &AskResponse) {
    let stored = t.app.store().get_history(r.id).await.unwrap().unwrap();
    assert_eq!(stored.interpretation, r.interpretation, "{stored:?}");
    assert_eq!(stored.unparsed, r.unparsed, "{stored:?}");
    let reopened = t.app.history_entry(r.id, None).await.unwrap();
    assert_eq!(reopened.interpretation, r.interpretation);
    assert_eq!(reopened.unparsed, r.unparsed);
}

/// A decline of [`UNPLACED_QUESTION`] for `reason`: it names "purple".
fn assert_unplaced_decline(r: &AskResponse, reason: &str) {
    assert_eq!(r.source, "fallback", "{r:?}");
    assert_eq!(r.reason.as_deref(), Some(reason), "{r:?}");
    assert!(r.unparsed.iter().any(|w| w == "purple"), "{r:?}");
    assert!(!r.interpretation.is_empty(), "{r:?}");
}

#[tokio::test]
async fn local_answers_restate_the_question_and_declines_name_the_unplaced_words() {
    let t = build_app(vec![]).await;
    let local = ask(&t.app, "Who won the 2012 Monaco Grand Prix?").await;
    assert_eq!(local.source, "local", "{local:?}");
    assert!(
        local.interpretation.contains("Monaco") && local.interpretation.contains("2012"),
        "{local:?}"
    );
    assert!(local.unparsed.is_empty(), "{local:?}");
    assert_stored(&t, &local).await;

    // The LLM is off (no key): the decline still says which word was unknown.
    let purple = ask(&t.app, UNPLACED_QUESTION).await;
    assert_unplaced_decline(&purple, "llm_disabled");
    assert_eq!(purple.interpretation, "Not answered");
    assert_stored(&t, &purple).await;

    // Declined for another reason than unknown words: nothing listed.
    let early = ask(&t.app, "Who won the 1932 Monaco Grand Prix?").await;
    assert_eq!(early.source, "fallback", "{early:?}");
    assert!(early.unparsed.is_empty(), "{early:?}");
    assert_eq!(early.interpretation, "Not answered");
    assert_stored(&t, &early).await;
}

#[tokio::test]
async fn model_answers_point_at_their_sql_fresh_or_cached() {
    let standin = spawn(Behaviour::Ok).await;
    let t = build_app(llm_env(&standin.base_url())).await;
    let q = LLM_QUESTIONS[0];
    let llm = ask(&t.app, q).await;
    assert_eq!(llm.source, "llm", "{llm:?}");
    assert!(llm.sql.is_some());
    assert_eq!(llm.interpretation, "Model answer (see the SQL)");
    assert!(llm.unparsed.is_empty(), "answered: {llm:?}");
    assert_stored(&t, &llm).await;

    let cached = ask(&t.app, q).await;
    assert_eq!(cached.source, "cache", "{cached:?}");
    assert_eq!(cached.interpretation, llm.interpretation);
    assert!(cached.unparsed.is_empty());
    assert_stored(&t, &cached).await;

    // The model answered what the engine could not place: answered, so
    // nothing is listed as unparsed.
    let purple = ask(&t.app, UNPLACED_QUESTION).await;
    assert_eq!(purple.source, "llm", "{purple:?}");
    assert!(purple.unparsed.is_empty(), "{purple:?}");
}

#[tokio::test]
async fn a_model_answer_without_a_query_says_so() {
    let standin = spawn(Behaviour::Final("Nobody knows.".into())).await;
    let t = build_app(llm_env(&standin.base_url())).await;
    let r = ask(&t.app, LLM_QUESTIONS[1]).await;
    assert_eq!(r.source, "llm", "{r:?}");
    assert_eq!(r.sql, None);
    assert_eq!(r.interpretation, "Model answer (no query was run)");
}

#[tokio::test]
async fn declines_name_the_unplaced_words_when_the_llm_is_down_or_over_budget() {
    let standin = spawn(Behaviour::status(500)).await;
    let t = build_app(llm_env(&standin.base_url())).await;
    let down = ask(&t.app, UNPLACED_QUESTION).await;
    assert_unplaced_decline(&down, "upstream_unavailable");
    assert_stored(&t, &down).await;

    let standin = spawn(Behaviour::Ok).await;
    let broke = with(
        llm_env(&standin.base_url()),
        &[("PITWALL_BUDGET_DAILY_USD", "0")],
    );
    let t = build_app(broke).await;
    let over = ask(&t.app, UNPLACED_QUESTION).await;
    assert_unplaced_decline(&over, "budget_exhausted");
    assert_eq!(standin.request_count(), 0, "no call over budget");
    assert_stored(&t, &over).await;
}
