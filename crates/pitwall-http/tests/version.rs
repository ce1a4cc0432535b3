//! `GET /version`: public, with the semver, the git commit, the build time
//! and the schema versions both databases really hold.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{f1_db, spawn_app_in};
use serde_json::Value;

/// `git rev-parse HEAD` here, when this is a git checkout.
fn head() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[tokio::test]
async fn version_reports_the_build_and_the_schemas_the_databases_hold() {
    let data = tempfile::tempdir().unwrap();
    let t = spawn_app_in(f1_db(), data.path(), &[]).await;
    // No credential needed, and a bad one is not even read.
    let response = t.get("/version").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();

    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let sha = body["git_sha"].as_str().unwrap();
    if std::env::var_os("PITWALL_GIT_SHA").is_none() {
        match head() {
            Some(head) => assert_eq!(sha, head),
            None => assert_eq!(sha, "unknown"),
        }
    }
    let built = body["build_time"].as_str().unwrap();
    let built = chrono::DateTime::parse_from_rfc3339(built).unwrap();
    assert!(built.timestamp() > 1_600_000_000, "{built}");
    assert!(built <= chrono::Utc::now(), "{built}");

    let app_db = rusqlite::Connection::open(data.path().join("pitwall.sqlite")).unwrap();
    let migrated: i64 = app_db
        .query_row(
            "SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(migrated >= 10, "{migrated}");
    assert_eq!(body["schema"]["app_db"], migrated);
    // This binary's own level, and the level the database records: every
    // migration up to now is expand-only past the last contract one, so
    // the recorded level is the newest contract migration, below `migrated`.
    assert_eq!(
        body["schema"]["app_db_known"],
        pitwall_store::SqliteStore::known_schema_version()
    );
    let recorded: i64 = app_db
        .query_row(
            "SELECT min_reader_schema FROM pitwall_schema_compat WHERE schema_version = ?",
            [migrated],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(body["schema"]["app_db_min_reader"], recorded);
    assert!(recorded <= migrated, "{recorded} {migrated}");
    // A newer release's expand-only record is what a rollback check reads.
    app_db
        .execute(
            "UPDATE pitwall_schema_compat SET min_reader_schema = 3 WHERE schema_version = ?",
            [migrated],
        )
        .unwrap();
    let body: Value = t.get("/version").await.json().await.unwrap();
    assert_eq!(body["schema"]["app_db_min_reader"], 3);

    let f1 = rusqlite::Connection::open(f1_db()).unwrap();
    let format: i64 = f1
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(format, pitwall_f1data::FORMAT_VERSION);
    assert_eq!(body["schema"]["f1_db"], format);
}

#[tokio::test]
async fn version_is_public_and_in_the_openapi_document() {
    let t = common::spawn_app_with(&[("PITWALL_ADMIN_TOKEN", "version-test-token")]).await;
    assert_eq!(t.get("/version").await.status(), 200);
    let doc: Value = t.get("/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"].get("/version").is_some());
    assert!(doc["components"]["schemas"].get("VersionInfo").is_some());
}
