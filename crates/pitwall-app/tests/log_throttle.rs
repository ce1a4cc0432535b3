//! Repeated fallbacks are logged at most once a second, with a count: a
//! client flooding `/v1/ask` past the client-side LLM rate limit writes a
//! bounded number of warning lines, not one per request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{ask, build_app, llm_env, with, LLM_QUESTIONS};
use pitwall_llm_standin::{spawn, Behaviour};

/// Log output captured in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn rate_limited_fallbacks_write_one_warning_a_second() {
    let logs = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(logs.clone())
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let standin = spawn(Behaviour::Ok).await;
    // Lift the anonymous plan's daily LLM questions, so every refusal is the rate limit's.
    let plan = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(
        plan.path(),
        "[plans.anonymous]\nrequests_per_minute = 1000000\nrequests_per_day = 1000000\n\
         llm_questions_per_day = 100000\nllm_usd_per_day = 10.0\nmax_concurrent = 64\n\
         history_retention_days = 30\n",
    )
    .unwrap();
    let config = plan.path().to_str().unwrap();
    let env = with(
        llm_env(&standin.base_url()),
        &[("PITWALL_LLM_RPM", "2"), ("PITWALL_CONFIG", config)],
    );
    let t = build_app(env).await;
    assert_eq!(ask(&t.app, LLM_QUESTIONS[0]).await.source, "llm");
    let started = std::time::Instant::now();
    let n = 200;
    for i in 0..n {
        let answer = ask(&t.app, LLM_QUESTIONS[1 + i % 2]).await;
        assert_eq!(answer.reason.as_deref(), Some("rate_limited"), "{answer:?}");
    }
    let seconds = started.elapsed().as_secs() + 1;
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let warnings = text
        .lines()
        .filter(|l| l.contains("client-side LLM rate limit reached"))
        .count();
    assert!(warnings >= 1, "{text}");
    assert!(
        warnings as u64 <= seconds + 1,
        "{warnings} warnings for {n} refusals in {seconds} s"
    );
    // The count of the refusals folded into each line is in the line.
    assert!(text.contains("times="), "{text}");
}
