//! The API key never leaks: not into logs (every tracing event and span of
//! the process, captured by a global subscriber), responses, history or the
//! config's Debug output, across success and every failure path.
//!
//! One test in this binary on purpose: tracing caches callsite interest
//! process-wide, so a per-test subscriber would miss events.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use common::{ask, build_app, llm_env, with, API_KEY};
use pitwall_llm_standin::{spawn, Behaviour};
use pitwall_store::HistoryPage;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Writes every event and span field, at every level, into a shared buffer.
struct CaptureAll {
    buffer: Arc<Mutex<String>>,
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for CaptureAll {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}:", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.buffer.lock().unwrap().push_str(&(line + "\n"));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record:");
        values.record(&mut Fields(&mut line));
        self.buffer.lock().unwrap().push_str(&(line + "\n"));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("{} {}:", meta.level(), meta.target());
        event.record(&mut Fields(&mut line));
        self.buffer.lock().unwrap().push_str(&(line + "\n"));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn the_api_key_appears_nowhere() {
    let logs = Arc::new(Mutex::new(String::new()));
    tracing::subscriber::set_global_default(CaptureAll {
        buffer: Arc::clone(&logs),
        next_id: AtomicU64::new(1),
    })
    .expect("the only subscriber of this binary");

    let standin = spawn(Behaviour::Ok).await;
    let env = with(
        llm_env(&standin.base_url()),
        &[("PITWALL_LLM_MAX_ATTEMPTS", "1")],
    );
    let t = build_app(env).await;

    let paths: [(Option<Behaviour>, &str); 5] = [
        (None, "llm"),
        (Some(Behaviour::status(401)), "fallback"),
        (Some(Behaviour::status(500)), "fallback"),
        (Some(Behaviour::MalformedJson), "fallback"),
        (Some(Behaviour::insufficient_quota()), "fallback"),
    ];
    let mut responses = Vec::new();
    for (i, (fault, source)) in paths.into_iter().enumerate() {
        if let Some(fault) = fault {
            // One attempt per call: each fault meets exactly its question.
            standin.push(fault);
        }
        let q = format!(
            "Average pit stop count per race for Italian teams, case {}",
            6000 + i
        );
        let r = ask(&t.app, &q).await;
        assert_eq!(r.source, source, "path {i}: {r:?}");
        responses.push(r);
    }

    // The key really was used, and the stand-in echoed it back in the 401 body.
    let requests = standin.requests();
    assert_eq!(
        requests.len(),
        2 + 4,
        "one conversation, then one call per fault"
    );
    let bearer = format!("Bearer {API_KEY}");
    assert!(requests
        .iter()
        .all(|r| r.authorization.as_deref() == Some(bearer.as_str())));

    let history = t
        .app
        .history(
            HistoryPage {
                limit: 100,
                before: None,
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(history.len(), responses.len());
    t.app.shutdown().await;

    let logs = logs.lock().unwrap().clone();
    assert!(
        logs.contains("LLM call failed"),
        "the capture saw the failures"
    );
    assert!(
        !logs.contains(API_KEY),
        "key in the logs:\n{}",
        key_lines(&logs)
    );
    let responses = serde_json::to_string(&responses).unwrap();
    assert!(!responses.contains(API_KEY), "key in a response");
    let history = serde_json::to_string(&history).unwrap();
    assert!(!history.contains(API_KEY), "key in history");
    let config = format!("{:?}", t.app.config);
    assert!(!config.contains(API_KEY), "key in the config's Debug");
}

fn key_lines(logs: &str) -> String {
    logs.lines()
        .filter(|l| l.contains(API_KEY))
        .collect::<Vec<_>>()
        .join("\n")
}
