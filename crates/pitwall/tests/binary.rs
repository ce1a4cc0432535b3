//! The real `pitwall` binary: first start on an empty data directory,
//! durability of acknowledged answers under `kill -9`, graceful SIGTERM,
//! and the one-shot commands.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// helpers outside #[test] fns
// A synchronous test of a child process: blocking sleeps are fine, and Server::drop waits for the child.
#![allow(clippy::disallowed_methods, clippy::zombie_processes)]

use std::path::Path;
use std::time::{Duration, Instant};

mod serve_support;

use serve_support::{pitwall, start, start_with, terminate};

/// GETs a JSON document.
fn get_json(addr: &str, path: &str) -> serde_json::Value {
    reqwest::blocking::get(format!("http://{addr}{path}"))
        .unwrap()
        .json()
        .unwrap()
}

fn ask(addr: &str, question: &str) -> serde_json::Value {
    reqwest::blocking::Client::new()
        .post(format!("http://{addr}/v1/ask"))
        .json(&serde_json::json!({ "question": question }))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

#[test]
fn fresh_start_imports_then_kill_9_keeps_acknowledged_history() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = start(&data);
    assert!(
        data.join("f1.sqlite").exists(),
        "first start imported the F1 data"
    );
    let ready = reqwest::blocking::get(format!("http://{}/readyz", server.addr)).unwrap();
    assert_eq!(ready.status(), 200);

    let answer = ask(&server.addr, "who won monza 2019");
    let id = answer["id"].as_str().unwrap().to_string();
    // SIGKILL straight after the acknowledgement: no shutdown code runs.
    server.child.kill().unwrap();
    server.child.wait().unwrap();

    let server = start(&data);
    let stored = get_json(&server.addr, &format!("/v1/history/{id}"));
    assert_eq!(stored["answer"], answer["answer"]);
    assert_eq!(stored["rows"], answer["rows"]);
}

#[test]
fn sigterm_finishes_gracefully_and_logs_request_ids() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = start(&data);
    let res = reqwest::blocking::Client::new()
        .post(format!("http://{}/v1/ask", server.addr))
        .header("x-request-id", "graceful-test-42")
        .json(&serde_json::json!({"question": "who won spa in 98"}))
        .send()
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "graceful-test-42");
    let mut server = server;
    let code = terminate(&mut server);
    assert!(code.success(), "exit status {code:?}");
    let logs: Vec<String> = server.lines.try_iter().collect();
    assert!(
        logs.iter()
            .any(|l| l.contains("graceful-test-42") && l.contains("question answered")),
        "{logs:#?}"
    );
    assert!(logs.iter().any(|l| l.contains("stopped")), "{logs:#?}");
    for line in &logs {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
}

#[test]
fn sigterm_lets_an_llm_question_in_flight_finish_and_book_its_cost() {
    // The OpenAI stand-in on its own runtime, answering after 1.5 s.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let standin = runtime.block_on(pitwall_llm_standin::spawn(
        pitwall_llm_standin::Behaviour::Ok,
    ));
    standin.set_latency(Duration::from_millis(1500));
    let base_url = standin.base_url();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let env = [
        ("OPENAI_API_KEY", "test-llm-key-sigterm"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
    ];
    let mut server = start_with(&data, &env);
    let addr = server.addr.clone();
    let asking = std::thread::spawn(move || {
        ask(
            &addr,
            "what is the average lap count in races won by Kimi Raikkonen?",
        )
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while standin.request_count() == 0 {
        assert!(
            Instant::now() < deadline,
            "the question never reached the LLM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    let code = terminate(&mut server);
    let answer = asking.join().unwrap();
    assert!(code.success(), "exit status {code:?}");
    assert_eq!(answer["source"], "llm", "{answer}");
    let logs: Vec<String> = server.lines.try_iter().collect();
    assert!(
        logs.iter().any(|l| l.contains("LLM call booked")),
        "the cost was settled before exit: {logs:#?}"
    );

    // Restarted, the answer is in history and its cost still counts.
    let server = start_with(&data, &env);
    let id = answer["id"].as_str().unwrap();
    let stored = get_json(&server.addr, &format!("/v1/history/{id}"));
    assert_eq!(stored["answer"], answer["answer"]);
    let status = get_json(&server.addr, "/v1/admin/status");
    let budgets = status["llm"]["budgets"].as_array().expect("budgets");
    assert!(
        budgets.iter().any(|b| b["spent"].as_i64().unwrap_or(0) > 0),
        "the booked cost was restored from the ledger: {status}"
    );
}

#[test]
fn missing_data_source_exits_with_instructions_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = pitwall(&dir.path().join("data"))
        .env("PITWALL_F1_DATA", dir.path().join("nowhere"))
        .env("PITWALL_LOG_FORMAT", "text")
        .current_dir(dir.path())
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains("races.csv") && stderr.contains("PITWALL_F1_DATA"),
        "{stderr}"
    );
    // Text logs (the default) written to a pipe carry no colour codes: they
    // were ~40 % of a line's bytes in a file or a log collector.
    assert!(
        stderr.contains(" INFO ") && stderr.contains("app database migrated"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "escape codes in piped logs: {stderr:?}"
    );
}

#[test]
fn ask_and_eval_commands() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = pitwall(&data)
        .args(["import", "--strict"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = pitwall(&data)
        .args([
            "ask",
            "--json",
            "Who won the 2010 Formula One world championship?",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["answer"].as_str().unwrap().contains("Sebastian Vettel"),
        "{v}"
    );
    // What was understood comes with the answer, as over HTTP.
    assert!(
        v["interpretation"].as_str().unwrap().contains("2010"),
        "{v}"
    );
    assert_eq!(v["unparsed"], serde_json::json!([]), "{v}");

    let out = pitwall(&data)
        .args([
            "ask",
            "--json",
            "How many purple races did Lewis Hamilton win?",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "declined");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unparsed"], serde_json::json!(["purple"]), "{v}");

    let out = pitwall(&data)
        .args(["ask", "blorp the zorp"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unanswered question exits 2");

    let questions =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/questions/dev_questions.jsonl");
    let out = pitwall(&data).arg("eval").arg(&questions).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("race_winner"), "{report}");
}
