//! The real `pitwall` binary on app databases at different schema
//! versions: `migrate status|run` on a fresh data directory, a database
//! migrated by a newer release (a fake applied migration 9999 with a
//! compatibility level that refuses or allows this binary), and
//! `PITWALL_MIGRATE=false` with migrations pending. Refusals exit 1 with the
//! store's message on stderr before any F1 import.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods, clippy::zombie_processes)]

mod serve_support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serve_support::{pitwall, start_with, terminate};

/// Runs `cmd` to its end (at most 60 s).
fn finish(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("did not exit within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn migrate(dir: &Path, args: &[&str]) -> Output {
    finish(pitwall(dir).arg("migrate").args(args))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn status_json(dir: &Path) -> serde_json::Value {
    let out = migrate(dir, &["status", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What a later release's migration leaves: an applied row, and the level it recorded.
fn add_newer_migration(dir: &Path, min_reader: i64) {
    let db = rusqlite::Connection::open(dir.join("pitwall.sqlite")).unwrap();
    db.execute(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, \
         execution_time) VALUES (9999, 'from the future', '2030-01-01T00:00:00Z', 1, x'00', 1)",
        [],
    )
    .unwrap();
    db.execute(
        "INSERT INTO pitwall_schema_compat (schema_version, min_reader_schema, recorded_at) \
         VALUES (9999, ?1, '2030-01-01T00:00:00Z')",
        [min_reader],
    )
    .unwrap();
}

/// The app database's schema version `GET /version` reports.
fn app_db_version(addr: &str) -> i64 {
    let version: serde_json::Value = reqwest::blocking::get(format!("http://{addr}/version"))
        .unwrap()
        .json()
        .unwrap();
    version["schema"]["app_db"].as_i64().unwrap()
}

fn assert_refused_as_too_new(out: &Output) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for part in [
        "schema version 9999",
        &format!("only up to {}", known()),
        "schema 9999 or newer",
        "docs/migrations.md#rollback",
    ] {
        assert!(stderr.contains(part), "{part:?} not in {stderr}");
    }
    assert!(!stderr.contains("previously applied"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn status_and_run_on_a_fresh_data_dir_without_f1_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = pitwall(dir.path());
    // No F1 data anywhere: migrate must not need it.
    cmd.env("PITWALL_F1_DATA", dir.path().join("nowhere"));
    let before = status_json(dir.path());
    assert_eq!(before["schema_version"], 0);
    assert_eq!(before["pending"].as_array().unwrap().len() as i64, known());
    assert_eq!(before["state"], "pending");
    assert!(
        !dir.path().join("pitwall.sqlite").exists(),
        "status created the file"
    );

    let out = finish(cmd.args(["migrate", "run"]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("applied migrations 1, 2, 3"), "{stdout}");
    assert!(
        stdout.contains(&format!("at schema version {}", known())),
        "{stdout}"
    );

    let again = migrate(dir.path(), &["run"]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(text(&again.stdout).contains("nothing to apply"));

    let after = status_json(dir.path());
    assert_eq!(after["schema_version"], known());
    assert_eq!(after["known_schema_version"], known());
    assert_eq!(after["pending"], serde_json::json!([]));
    assert_eq!(after["min_reader_schema"], 5);
    assert_eq!(after["state"], "up_to_date");
    let plain = migrate(dir.path(), &["status"]);
    assert!(text(&plain.stdout).contains("state: up to date"));
    assert!(!dir.path().join("f1.sqlite").exists());
}

#[test]
fn a_database_too_new_for_this_binary_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    assert!(migrate(dir.path(), &["run"]).status.success());
    add_newer_migration(dir.path(), 9999);

    let status = migrate(dir.path(), &["status"]);
    assert_refused_as_too_new(&status);
    assert!(text(&status.stdout).contains("state: too new"));
    assert_refused_as_too_new(&migrate(dir.path(), &["run"]));
    assert_refused_as_too_new(&finish(pitwall(dir.path()).arg("serve")));
    assert_refused_as_too_new(&finish(
        pitwall(dir.path()).args(["admin", "users", "list"]),
    ));
    // Refused before the F1 import, and nothing was applied.
    assert!(!dir.path().join("f1.sqlite").exists());
    let db = rusqlite::Connection::open(dir.path().join("pitwall.sqlite")).unwrap();
    let applied: i64 = db
        .query_row("SELECT count(*) FROM _sqlx_migrations", [], |r| r.get(0))
        .unwrap();
    // This build's migrations and the fake newer one, nothing more.
    assert_eq!(applied, known() + 1);
}

#[test]
fn serve_without_migrating_waits_for_migrate_run_and_runs_on_a_compatible_newer_database() {
    let dir = tempfile::tempdir().unwrap();
    let no_migrate = [("PITWALL_MIGRATE", "false")];

    let refused = finish(pitwall(dir.path()).envs(no_migrate).arg("serve"));
    let stderr = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("PITWALL_MIGRATE=false"), "{stderr}");
    assert!(
        stderr.contains("run `pitwall migrate run` first"),
        "{stderr}"
    );
    assert_eq!(status_json(dir.path())["schema_version"], 0);

    assert!(migrate(dir.path(), &["run"]).status.success());
    let mut server = start_with(dir.path(), &no_migrate);
    assert_eq!(app_db_version(&server.addr), known());
    assert!(terminate(&mut server).success());

    // A newer release migrated with expand-only migrations: this binary runs.
    add_newer_migration(dir.path(), 5);
    let compatible = status_json(dir.path());
    assert_eq!(compatible["state"], "ahead_compatible");
    assert_eq!(compatible["unknown"], serde_json::json!([9999]));
    let mut server = start_with(dir.path(), &no_migrate);
    assert_eq!(app_db_version(&server.addr), 9999);
    assert!(terminate(&mut server).success());
    let level = status_json(dir.path())["min_reader_schema"].clone();
    assert_eq!(level, 5, "the newer release's level was rewritten");
}

/// The newest migration this build knows (the tests must not name it: every
/// new migration would break them).
fn known() -> i64 {
    pitwall_store::SqliteStore::known_schema_version()
}
