//! The compatibility level: every migration file is declared, the rule
//! gives the level from the declarations, it is recorded in the database,
//! and an older binary on a newer database runs when the level allows it
//! and is refused with a message naming both versions otherwise. Newer
//! databases are simulated with a fake applied migration 9999 in
//! `_sqlx_migrations` (what a later release's migration leaves there).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upgrade_support;

use sqlx::Connection;

use std::path::Path;

use pitwall_store::sqlite::schema::{declared, min_reader_schema, Change, DECLARED};
use pitwall_store::{AppStore, Migrations, SchemaRefusal, SchemaState, SqliteStore, StoreError};
use upgrade_support::{exec, migrated_to, now, raw, scalar};

/// A later release's migration, applied, with the level it recorded.
async fn add_newer_migration(path: &Path, min_reader: Option<i64>) {
    let mut conn = raw(path).await;
    exec(
        &mut conn,
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, \
         execution_time) VALUES (9999, 'from the future', ?, 1, x'00', 1)",
        &[&now()],
    )
    .await;
    if let Some(level) = min_reader {
        sqlx::query(
            "INSERT INTO pitwall_schema_compat (schema_version, min_reader_schema, recorded_at) \
             VALUES (9999, ?, ?)",
        )
        .bind(level)
        .bind(now())
        .execute(&mut conn)
        .await
        .unwrap();
    }
}

#[test]
fn every_migration_file_is_declared() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let number: i64 = name.split('_').next().unwrap().parse().unwrap();
        assert!(
            declared(number).is_some(),
            "migration {name} has no declaration in pitwall-store/src/sqlite/schema.rs \
             (DECLARED): say whether it is expand-only (docs/migrations.md)"
        );
        versions.push(number);
    }
    assert_eq!(
        versions.len(),
        DECLARED.len(),
        "a declaration without a file"
    );
    assert_eq!(
        versions.iter().max().copied().unwrap(),
        SqliteStore::known_schema_version()
    );
}

#[test]
fn the_level_is_the_newest_contract_migration() {
    // 1 (the first schema), 4 (ledger rebuild) and 5 (dropped index) contract.
    let contracts: Vec<i64> = DECLARED
        .iter()
        .filter(|d| d.change == Change::Contract)
        .map(|d| d.version)
        .collect();
    assert_eq!(contracts, [1, 4, 5]);
    assert_eq!(min_reader_schema(1..=3), 1);
    assert_eq!(min_reader_schema(1..=4), 4);
    let known = SqliteStore::known_schema_version();
    assert_eq!(min_reader_schema(1..=known), 5);
    // An undeclared migration counts as contract.
    assert_eq!(min_reader_schema((1..=known).chain([known + 1])), known + 1);
    assert_eq!(min_reader_schema([]), 0);
}

#[tokio::test]
async fn opening_records_the_level_and_upgrades_an_old_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    // A database at release 10, opened by this build.
    migrated_to(&path, 10).await.close().await.unwrap();
    let status = pitwall_store::sqlite::migrate::status(&path).await.unwrap();
    assert_eq!(
        (status.schema_version, status.min_reader_schema),
        (10, None)
    );
    let known = SqliteStore::known_schema_version();
    assert_eq!(status.pending, (11..=known).collect::<Vec<_>>());
    SqliteStore::open(&path).await.unwrap().close().await;
    let status = pitwall_store::sqlite::migrate::status(&path).await.unwrap();
    assert_eq!(status.state(), SchemaState::UpToDate);
    assert_eq!(
        (status.schema_version, status.min_reader_schema),
        (known, Some(5))
    );
}

#[tokio::test]
async fn an_older_binary_runs_on_a_newer_expand_only_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    SqliteStore::open(&path).await.unwrap().close().await;
    // The newer release says binaries knowing schema 5 or newer may run.
    add_newer_migration(&path, Some(5)).await;

    let status = pitwall_store::sqlite::migrate::status(&path).await.unwrap();
    assert_eq!(status.state(), SchemaState::AheadCompatible);
    let store = SqliteStore::open(&path).await.unwrap();
    store
        .insert_usage(&pitwall_store::UsageRow {
            request_id: "r".into(),
            principal: "p".into(),
            model: "m".into(),
            prompt_tokens: 1,
            cached_tokens: 0,
            completion_tokens: 1,
            cost_micros: 3,
            at: chrono::Utc::now(),
        })
        .await
        .unwrap();
    assert_eq!(store.schema_version().await.unwrap(), 9999);
    store.close().await;
    // Nothing was applied or rewritten: the newer release's record stands.
    let mut conn = raw(&path).await;
    let level = scalar(
        &mut conn,
        "SELECT min_reader_schema FROM pitwall_schema_compat WHERE schema_version = 9999",
    )
    .await;
    assert_eq!(level, 5);
    assert_eq!(
        scalar(&mut conn, "SELECT count(*) FROM _sqlx_migrations").await,
        SqliteStore::known_schema_version() + 1
    );
}

fn assert_too_new(err: StoreError, needs: i64) {
    let known = SqliteStore::known_schema_version();
    let text = err.to_string();
    match err {
        StoreError::Schema(SchemaRefusal::TooNew {
            db,
            known: k,
            needs: n,
        }) => {
            assert_eq!((db, k, n), (9999, known, needs));
        }
        other => panic!("not a schema refusal: {other:?}"),
    }
    for part in [
        "schema version 9999".to_string(),
        format!("only up to {known}"),
        format!("schema {needs} or newer"),
        "docs/migrations.md#rollback".to_string(),
    ] {
        assert!(text.contains(&part), "{part:?} not in {text:?}");
    }
    assert!(
        !text.contains("previously applied"),
        "raw sqlx text: {text}"
    );
}

#[tokio::test]
async fn an_older_binary_refuses_a_newer_contract_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    SqliteStore::open(&path).await.unwrap().close().await;
    add_newer_migration(&path, Some(9999)).await;
    let err = SqliteStore::open(&path).await.unwrap_err();
    assert_too_new(err, 9999);
    // Refused before anything was written.
    let mut conn = raw(&path).await;
    assert_eq!(
        scalar(&mut conn, "SELECT count(*) FROM _sqlx_migrations").await,
        SqliteStore::known_schema_version() + 1
    );
}

#[tokio::test]
async fn a_newer_database_without_a_recorded_level_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    SqliteStore::open(&path).await.unwrap().close().await;
    add_newer_migration(&path, None).await;
    let err = SqliteStore::open_policy(&path, Migrations::Require)
        .await
        .unwrap_err();
    assert_too_new(err, 9999);
}

#[tokio::test]
async fn without_migrating_pending_migrations_refuse_until_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    migrated_to(&path, 11).await.close().await.unwrap();
    let err = SqliteStore::open_policy(&path, Migrations::Require)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(
            err,
            StoreError::Schema(SchemaRefusal::Pending { db: 11, .. })
        ),
        "{err:?}"
    );
    assert!(text.contains("pitwall migrate run"), "{text}");
    let known = SqliteStore::known_schema_version();
    let pending: Vec<String> = (12..=known).map(|v| v.to_string()).collect();
    assert!(
        text.contains(&format!("migrations {} are pending", pending.join(", "))),
        "{text}"
    );
    // Still at 11: nothing applied.
    let status = pitwall_store::sqlite::migrate::status(&path).await.unwrap();
    assert_eq!(status.schema_version, 11);

    // `pitwall migrate run` is this call; twice is the same as once.
    let (before, after) = pitwall_store::sqlite::migrate::prepare(&path, Migrations::Apply)
        .await
        .unwrap();
    assert_eq!((before.schema_version, after.schema_version), (11, known));
    let (again, _) = pitwall_store::sqlite::migrate::prepare(&path, Migrations::Apply)
        .await
        .unwrap();
    assert_eq!(again.state(), SchemaState::UpToDate);
    let store = SqliteStore::open_policy(&path, Migrations::Require)
        .await
        .unwrap();
    assert_eq!(store.schema_version().await.unwrap(), known);
    store.close().await;
}

#[tokio::test]
async fn status_of_a_missing_file_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.sqlite");
    let status = pitwall_store::sqlite::migrate::status(&path).await.unwrap();
    assert_eq!(status.schema_version, 0);
    assert_eq!(status.pending.len(), DECLARED.len());
    assert_eq!(status.state(), SchemaState::Pending);
    assert!(!path.exists());
}
