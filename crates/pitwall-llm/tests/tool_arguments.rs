//! Untrusted tool-call arguments: every malformed shape becomes `Step::Rejected`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

use pitwall_llm::{
    ChatMessage, ChatResponse, Choice, FunctionCall, LlmError, Role, SqlConversation, Step,
    ToolCall, MAX_SQL_BYTES,
};

fn response_calling(calls: &[(&str, &str)]) -> ChatResponse {
    let tool_calls = calls
        .iter()
        .enumerate()
        .map(|(i, (name, arguments))| ToolCall {
            id: format!("call_{i}"),
            kind: "function".into(),
            function: FunctionCall {
                name: (*name).into(),
                arguments: (*arguments).into(),
            },
        })
        .collect();
    ChatResponse {
        id: "chatcmpl-1".into(),
        model: "m".into(),
        created: 0,
        choices: vec![Choice {
            index: 0,
            message: ChatMessage {
                role: Role::Assistant,
                content: None,
                tool_calls: Some(tool_calls),
                tool_call_id: None,
            },
            finish_reason: Some("tool_calls".into()),
        }],
        usage: None,
    }
}

fn reason_for(name: &str, arguments: &str) -> String {
    let mut conv = SqlConversation::new("s".into(), "q".into(), 3);
    match conv
        .absorb(&response_calling(&[(name, arguments)]))
        .unwrap()
    {
        Step::Rejected { call_id, reason } => {
            assert_eq!(call_id, "call_0");
            reason
        }
        other => panic!("{name} {arguments}: expected a rejection, got {other:?}"),
    }
}

#[test]
fn malformed_arguments_are_rejected_with_a_reason_for_the_model() {
    assert!(reason_for("run_sql", "{\"sql\": SELECT").contains("not valid JSON"));
    assert!(
        reason_for("run_sql", "{\"query\": \"SELECT 1\"}").contains("unexpected argument 'query'")
    );
    assert!(reason_for("run_sql", "{}").contains("missing \"sql\""));
    assert!(reason_for("run_sql", "{\"sql\": 42}").contains("must be a string"));
    assert!(reason_for("run_sql", "{\"sql\": \"  \"}").contains("empty"));
    assert!(reason_for("run_sql", "[\"SELECT 1\"]").contains("JSON object"));
    assert!(reason_for("run_sql", "{\"sql\": \"SELECT 1\", \"limit\": 5}").contains("'limit'"));
    assert!(reason_for("drop_tables", "{\"sql\": \"SELECT 1\"}").contains("unknown tool"));
    let long = format!("{{\"sql\": \"SELECT '{}'\"}}", "x".repeat(MAX_SQL_BYTES));
    assert!(reason_for("run_sql", &long).contains("limit is 8192"));
}

#[test]
fn sql_just_under_the_size_limit_is_accepted_and_trimmed() {
    let sql = format!("SELECT '{}'", "x".repeat(MAX_SQL_BYTES - 10));
    let arguments = serde_json::json!({ "sql": format!("  {sql}\n") }).to_string();
    let mut conv = SqlConversation::new("s".into(), "q".into(), 3);
    let step = conv
        .absorb(&response_calling(&[("run_sql", &arguments)]))
        .unwrap();
    assert_eq!(
        step,
        Step::RunSql {
            call_id: "call_0".into(),
            sql
        }
    );
}

#[test]
fn rejections_use_up_rounds_until_the_model_is_refused() {
    let mut conv = SqlConversation::new("s".into(), "q".into(), 2);
    for _ in 0..2 {
        let Step::Rejected { call_id, reason } = conv
            .absorb(&response_calling(&[("run_sql", "nope")]))
            .unwrap()
        else {
            panic!("rejected")
        };
        conv.tool_result(&call_id, Err(reason));
    }
    assert_eq!(
        conv.next_request("m", 10).tool_choice.as_deref(),
        Some("none")
    );
    let error = conv
        .absorb(&response_calling(&[("run_sql", "{\"sql\":\"SELECT 1\"}")]))
        .unwrap_err();
    assert_eq!(error, LlmError::TooManyToolRounds { rounds: 2 });
    assert!(!error.counts_as_upstream_failure() && !error.is_retryable());
}

#[test]
fn failed_sql_is_not_the_final_sql_and_stray_results_are_ignored() {
    let mut conv = SqlConversation::new("s".into(), "q".into(), 3);
    let step = conv
        .absorb(&response_calling(&[("run_sql", "{\"sql\":\"SELECT a\"}")]))
        .unwrap();
    assert!(matches!(step, Step::RunSql { .. }));
    conv.tool_result("call_0", Err("no such column: a".into()));
    conv.tool_result("call_0", Ok("late duplicate".into()));
    conv.tool_result("call_77", Ok("unknown id".into()));
    assert_eq!(conv.final_sql(), None);
    let tool_messages: Vec<_> = conv
        .messages()
        .iter()
        .filter(|m| m.role == Role::Tool)
        .collect();
    assert_eq!(tool_messages.len(), 1);
    assert_eq!(
        tool_messages[0].content.as_deref(),
        Some("error: no such column: a")
    );
}

#[test]
fn an_answer_with_neither_text_nor_tool_calls_is_malformed() {
    let mut response = response_calling(&[]);
    response.choices[0].message.tool_calls = None;
    let mut conv = SqlConversation::new("s".into(), "q".into(), 3);
    assert!(matches!(
        conv.absorb(&response),
        Err(LlmError::Malformed(_))
    ));
}
