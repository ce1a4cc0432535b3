//! Shared fixtures for the LLM-path tests: one imported F1 database per test
//! binary, an app per test over its own app-state database, and the real
//! OpenAI stand-in as the upstream.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns
#![allow(dead_code)] // each test binary uses a different subset

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use pitwall_app::{App, AskContext, AskResponse, Question};
use pitwall_config::{Config, Env};
use pitwall_store::{AppStore, SqliteStore};

pub mod webhook;

/// A distinctive fake key: easy to search for in logs and responses.
pub const API_KEY: &str = "fake-key-PITWALL-e2e-7f3a9c";

/// Questions the local engine leaves unanswered, so they go to the LLM.
/// Checked by `llm_bound_questions_are_not_answered_locally`.
pub const LLM_QUESTIONS: &[&str] = &[
    "What is the average number of pit stops per race in 2019 for teams from Italy?",
    "How many pit stops did Italian constructors average per race in 2019, query 001?",
    "How many drivers born in Brazil scored points in the 2001 season?",
];

/// A question the local engine answers by itself.
pub const LOCAL_QUESTION: &str = "Who won the 2021 Abu Dhabi Grand Prix?";

/// The real Ergast dump shipped beside the repo.
pub fn dump_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
}

/// One imported F1 database per test binary; tests only read it.
pub fn f1_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f1.sqlite");
        pitwall_f1data::import_dir(&dump_dir(), &path, &Default::default())
            .expect("import the dump");
        (dir, path)
    });
    path
}

/// An app over the shared F1 database and its own app-state database.
pub struct TestApp {
    /// The app.
    pub app: Arc<App>,
    /// Holds the app-state database.
    pub dir: tempfile::TempDir,
}

/// Settings that keep retries fast and limits out of the way; tests override what they exercise.
pub fn llm_env(base_url: &str) -> Vec<(String, String)> {
    [
        ("OPENAI_API_KEY", API_KEY),
        ("PITWALL_LLM_BASE_URL", base_url),
        ("PITWALL_LLM_RETRY_BASE_MS", "20"),
        ("PITWALL_LLM_ATTEMPT_TIMEOUT_MS", "5000"),
        ("PITWALL_LLM_DEADLINE_MS", "10000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Replaces or adds `pairs` in `env`.
pub fn with(mut env: Vec<(String, String)>, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in pairs {
        env.retain(|(name, _)| name != k);
        env.push((k.to_string(), v.to_string()));
    }
    env
}

/// Builds an app from these variables (plus its own data directory).
pub async fn build_app(vars: Vec<(String, String)>) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app_in(dir.path(), vars).await;
    TestApp { app, dir }
}

/// A new app over the data directory of `t` (a restart): same app database.
pub async fn rebuild_app(t: &TestApp, vars: Vec<(String, String)>) -> Arc<App> {
    app_in(t.dir.path(), vars).await
}

async fn app_in(dir: &Path, mut vars: Vec<(String, String)>) -> Arc<App> {
    let f1 = f1_db().to_path_buf();
    vars.push(("PITWALL_DATA_DIR".into(), dir.to_str().unwrap().into()));
    let config = Config::load(&Env::from_pairs(vars)).expect("config");
    let store: Arc<dyn AppStore> = Arc::new(
        SqliteStore::open(&dir.join("pitwall.sqlite"))
            .await
            .expect("store"),
    );
    App::with_parts(config, &f1, store).await.expect("app")
}

/// Asks one question anonymously; the pipeline must never fail because of the LLM.
pub async fn ask(app: &App, question: &str) -> AskResponse {
    let q = Question::parse(question).expect("valid question");
    app.ask(q, &AskContext::anonymous(format!("req-{}", uuid_like())))
        .await
        .expect("ask never fails because of the LLM")
}

fn uuid_like() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Everything booked in the usage ledger, in micro-dollars.
pub async fn ledger_total(app: &App) -> i64 {
    app.store()
        .spend_since(DateTime::<Utc>::UNIX_EPOCH, None)
        .await
        .expect("spend_since")
}

/// Polls `check` every 20 ms until it holds or `limit` passes; returns whether it held.
pub async fn wait_until<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Rows in the F1 `results` table (to prove hostile SQL changed nothing).
pub fn results_count() -> i64 {
    let db = pitwall_f1data::F1Db::open(f1_db(), 1).expect("open f1");
    db.check().expect("check").results
}

/// The engine's resolution of `question` (entities, cache key), as the app computes it.
pub fn resolve(question: &str) -> pitwall_engine::Resolution {
    static ENGINE: OnceLock<pitwall_engine::Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        let db = pitwall_f1data::F1Db::open(f1_db(), 1).expect("open f1");
        db.with_conn(pitwall_engine::Engine::load)
            .expect("conn")
            .expect("engine")
    });
    engine.resolve(question)
}

/// The first request the app sends for `question`, built the way `src/llm/conversation.rs`
/// builds it, and the budget reservation `src/llm/call.rs` makes for it.
pub fn first_call_worst_case(question: &str, model: &str, max_tokens: u32) -> (usize, i64) {
    let resolution = resolve(question);
    let entities: Vec<(String, i64, String)> = resolution
        .entities
        .iter()
        .map(|e| (format!("{:?}", e.kind).to_lowercase(), e.id, e.name.clone()))
        .collect();
    let prompt = pitwall_llm::schema_prompt(pitwall_f1data::SCHEMA_SQL, &entities);
    let conversation = pitwall_llm::SqlConversation::new(prompt, question.to_string(), 3);
    let request = conversation.next_request(model, max_tokens);
    let body_len = serde_json::to_string(&request).unwrap().len();
    let price = *pitwall_budget::PriceTable::builtin()
        .price(model)
        .expect("model priced");
    // The app bounds prompt tokens by the request's byte length + 64 (src/llm/call.rs).
    let worst = price.worst_case(body_len as u64 + 64, u64::from(max_tokens));
    (body_len, worst.0)
}
