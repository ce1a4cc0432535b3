//! The text-to-SQL conversation driven against the stand-in over real HTTP. The stand-in refuses
//! (400) any request whose tool calls are not all answered, as the real API does.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::client;
use pitwall_llm::{LlmError, SqlConversation, Step, Usage};
use pitwall_llm_standin::{spawn, Behaviour, DEFAULT_SQL};

fn conversation(max_rounds: u32) -> SqlConversation {
    SqlConversation::new(
        "You answer F1 questions.".into(),
        "How many races?".into(),
        max_rounds,
    )
}

#[tokio::test]
async fn tool_call_then_tool_result_then_final_answer_with_usage() {
    let standin = spawn(Behaviour::Ok).await;
    let client = client(&standin.base_url());
    let mut conv = conversation(3);
    let mut usage = Usage::default();

    let first = client
        .chat(&conv.next_request("gpt-4o-mini", 200))
        .await
        .unwrap();
    usage.add(first.usage);
    let Step::RunSql { call_id, sql } = conv.absorb(&first.response).unwrap() else {
        panic!("expected a tool call");
    };
    assert_eq!(sql, DEFAULT_SQL);
    assert_eq!(conv.final_sql(), None, "not run yet");
    conv.tool_result(&call_id, Ok("races\n1125".into()));
    assert_eq!(conv.final_sql(), Some(DEFAULT_SQL));

    let second = client
        .chat(&conv.next_request("gpt-4o-mini", 200))
        .await
        .unwrap();
    usage.add(second.usage);
    let Step::Final { text } = conv.absorb(&second.response).unwrap() else {
        panic!("expected the final answer");
    };
    assert!(text.contains("1125"), "{text}");
    assert!(
        first.usage.prompt_tokens > 0 && second.usage.prompt_tokens > first.usage.prompt_tokens
    );
    assert_eq!(
        usage.prompt_tokens,
        first.usage.prompt_tokens + second.usage.prompt_tokens
    );
    assert_eq!(conv.rounds(), 1);

    let sent = standin.requests();
    assert_eq!(sent.len(), 2);
    let first_body = sent[0].body.as_ref().unwrap();
    assert_eq!(first_body["tool_choice"], "auto");
    assert_eq!(first_body["max_completion_tokens"], 200);
    let tool = &first_body["tools"][0];
    assert_eq!(tool["function"]["name"], "run_sql");
    assert_eq!(
        tool["function"]["parameters"]["additionalProperties"],
        false
    );
    assert_eq!(tool["function"]["parameters"]["required"][0], "sql");
    let messages = sent[1].body.as_ref().unwrap()["messages"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[2]["tool_calls"][0]["id"], call_id.as_str());
    assert_eq!(messages[3]["role"], "tool");
    assert_eq!(messages[3]["tool_call_id"], call_id.as_str());
}

#[tokio::test]
async fn invalid_tool_arguments_are_rejected_and_answered_with_an_error() {
    let standin = spawn(Behaviour::Ok).await;
    let client = client(&standin.base_url());
    let mut conv = conversation(3);
    for raw in ["{\"sql\": SELECT", "{\"query\": \"SELECT 1\"}"] {
        standin.push(Behaviour::InvalidToolArguments(raw.into()));
        let outcome = client.chat(&conv.next_request("m", 200)).await.unwrap();
        let Step::Rejected { call_id, reason } = conv.absorb(&outcome.response).unwrap() else {
            panic!("expected a rejection for {raw}");
        };
        conv.tool_result(&call_id, Err(reason));
    }
    assert_eq!(conv.rounds(), 2, "rejections count towards the bound");
    // The stand-in accepts the follow-up only if every call got its tool message.
    let outcome = client.chat(&conv.next_request("m", 200)).await.unwrap();
    let Step::Final { text } = conv.absorb(&outcome.response).unwrap() else {
        panic!("final")
    };
    assert!(
        text.contains("error:"),
        "the model saw the tool error: {text}"
    );
    assert_eq!(conv.final_sql(), None);
}

#[tokio::test]
async fn several_tool_calls_run_the_first_and_answer_all() {
    let standin = spawn(Behaviour::Ok).await;
    let client = client(&standin.base_url());
    let mut conv = conversation(3);
    standin.push(Behaviour::ToolCalls(vec![
        ("run_sql".into(), "{\"sql\":\"SELECT 1\"}".into()),
        ("run_sql".into(), "{\"sql\":\"SELECT 2\"}".into()),
        ("lookup".into(), "{}".into()),
    ]));
    let outcome = client.chat(&conv.next_request("m", 200)).await.unwrap();
    let Step::RunSql { call_id, sql } = conv.absorb(&outcome.response).unwrap() else {
        panic!()
    };
    assert_eq!(sql, "SELECT 1");
    conv.tool_result(&call_id, Ok("1".into()));
    let outcome = client.chat(&conv.next_request("m", 200)).await.unwrap();
    assert!(matches!(
        conv.absorb(&outcome.response).unwrap(),
        Step::Final { .. }
    ));
    let tool_messages = standin.requests()[1].body.as_ref().unwrap()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"] == "tool")
        .count();
    assert_eq!(tool_messages, 3);
    assert_eq!(conv.final_sql(), Some("SELECT 1"));
}

#[tokio::test]
async fn the_round_bound_forces_an_answer_and_refuses_more_tool_calls() {
    let standin = spawn(Behaviour::ToolCall("SELECT 1".into())).await;
    let client = client(&standin.base_url());
    let mut conv = conversation(2);
    for round in 1..=2 {
        let outcome = client.chat(&conv.next_request("m", 200)).await.unwrap();
        let Step::RunSql { call_id, .. } = conv.absorb(&outcome.response).unwrap() else {
            panic!()
        };
        conv.tool_result(&call_id, Ok(format!("round {round}")));
    }
    let forced = conv.next_request("m", 200);
    assert_eq!(forced.tool_choice.as_deref(), Some("none"));
    // This model ignores tool_choice "none" and calls a tool again.
    let outcome = client.chat(&forced).await.unwrap();
    assert_eq!(
        conv.absorb(&outcome.response),
        Err(LlmError::TooManyToolRounds { rounds: 2 })
    );
    assert_eq!(
        standin.requests()[2].body.as_ref().unwrap()["tool_choice"],
        "none"
    );

    // A well-behaved model answers when told to.
    standin.set_default(Behaviour::Ok);
    let outcome = client.chat(&forced).await.unwrap();
    assert!(matches!(
        conv.absorb(&outcome.response),
        Ok(Step::Final { .. })
    ));
}
