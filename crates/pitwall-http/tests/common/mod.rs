//! `spawn_app`: a real server on 127.0.0.1:0 over a real imported F1
//! database and a real SQLite app-state file, one per test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns
#![allow(dead_code)]

pub mod admin;
pub mod browser;
pub mod scrape;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use pitwall_app::App;
use pitwall_config::{Config, Env};
use pitwall_store::{AppStore, SqliteStore};

/// The real Ergast dump shipped beside the repo.
pub fn dump_dir() -> PathBuf {
    std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        })
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

/// A running server.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The app behind it.
    pub app: Arc<App>,
    /// An HTTP client.
    pub client: reqwest::Client,
    _dir: Option<tempfile::TempDir>,
}

impl TestApp {
    /// POSTs a JSON question.
    pub async fn ask(&self, question: &str) -> reqwest::Response {
        self.client
            .post(format!("{}/v1/ask", self.base))
            .json(&serde_json::json!({ "question": question }))
            .send()
            .await
            .expect("request")
    }

    /// GETs a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }
}

/// Starts the server on an ephemeral port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the server with extra environment settings.
pub async fn spawn_app_with(env: &[(&str, &str)]) -> TestApp {
    spawn_app_on(f1_db(), env).await
}

/// Starts the server over the F1 database at `f1` (a test that breaks its
/// F1 data needs a copy of its own).
pub async fn spawn_app_on(f1: &Path, env: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut t = spawn_app_in(f1, dir.path(), env).await;
    t._dir = Some(dir);
    t
}

/// Starts the server with its app database in `data` (kept by the caller),
/// so a second server on the same directory is a restart.
pub async fn spawn_app_in(f1: &Path, data: &Path, env: &[(&str, &str)]) -> TestApp {
    let mut pairs = vec![(
        "PITWALL_DATA_DIR".to_string(),
        data.to_str().unwrap().to_string(),
    )];
    pairs.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config = Config::load(&Env::from_pairs(pairs)).unwrap();
    let store: Arc<dyn AppStore> = Arc::new(
        SqliteStore::open(&data.join("pitwall.sqlite"))
            .await
            .unwrap(),
    );
    let app = App::with_parts(config, f1, store).await.expect("app");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = Arc::clone(&app);
    tokio::spawn(async move {
        let _ = pitwall_http::serve(
            served,
            listener,
            std::future::pending(),
            std::time::Duration::from_secs(1),
        )
        .await;
    });
    TestApp {
        base: format!("http://{addr}"),
        app,
        client: reqwest::Client::new(),
        _dir: None,
    }
}
