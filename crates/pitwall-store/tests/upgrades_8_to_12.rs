//! Upgrades through migrations 8, 9, 10 and 12 (6, 7 and 11 are in
//! `migrations.rs`): a database built at the release before each, with that
//! release's rows, opened by this build. Each test states what the previous
//! release expects of the migrated file; its rows read back through the
//! store and its own statements still work there (all four are
//! expand-only, so that release may run on the migrated file).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod upgrade_support;

use sqlx::Connection;

use chrono::Utc;
use pitwall_store::{AccountStore, AppStore, RollupRow, RollupSeries, SqliteStore};
use upgrade_support::{at_release, exec, history_row, now, page, raw, scalar, stored};

/// History as releases 7 and later insert it (migration 7's columns).
const HISTORY_INSERT_V7: &str = "INSERT INTO history (id, question, normalised, answer, \
     source, status, latency_ms, request_id, principal, created_at, params_json, truncated, \
     interpretation, unparsed_json) \
     VALUES (?, ?, 'q', 'a', 'llm', 'answered', 1, 'r', ?, ?, '[]', 0, 'read as', '[\"x\"]')";
const USER_INSERT: &str =
    "INSERT INTO users (id, name, plan, blocked, created_at) VALUES (?, ?, 'free', 0, ?)";
const KEY_INSERT: &str = "INSERT INTO api_keys (public_id, user_id, label, role, hash, \
     created_at) VALUES (?, ?, 'laptop', 'user', x'0102', ?)";
const AUDIT_INSERT: &str = "INSERT INTO audit_log (at, actor, action, target, request_id) \
     VALUES (?, 'admin', 'user.create', ?, 'r')";
const SECURITY_INSERT: &str = "INSERT INTO security_events (at, kind, principal, ip_group, \
     key_id, detail) VALUES (?, 'failed_auth', ?, '10.0.0.0/24', NULL, '')";
const ALERT_INSERT_V11: &str = "INSERT INTO alerts (kind, message, scope, percent, at, \
     severity, detail, resolved_at) VALUES ('error_rate', ?, NULL, NULL, ?, 'critical', 'd', NULL)";

/// Migration 8 (expand: new tables users, api_keys, plans, settings,
/// audit_log). Release 7 expects `history` with its interpretation and
/// unparsed words, inserted with its statement.
#[tokio::test]
async fn migration_8_keeps_release_7_history_and_its_insert() {
    let (_dir, path, mut conn) = at_release(7).await;
    let old = history_row(&mut conn, HISTORY_INSERT_V7, "q7", "anonymous").await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let entry = stored(&store, old).await;
    assert_eq!(entry.interpretation, "read as");
    assert_eq!(entry.unparsed, ["x"]);
    assert!(store.list_users().await.unwrap().is_empty());
    store.close().await;

    let mut conn = raw(&path).await;
    history_row(&mut conn, HISTORY_INSERT_V7, "q7b", "anonymous").await;
    assert_eq!(scalar(&mut conn, "SELECT count(*) FROM history").await, 2);
}

/// Migration 9 (expand: new table security_events). Release 8 expects its
/// users, keys and audit log as migration 8 made them.
#[tokio::test]
async fn migration_9_keeps_release_8_accounts_and_their_inserts() {
    let (_dir, path, mut conn) = at_release(8).await;
    let user = pitwall_store::new_id().to_string();
    exec(&mut conn, USER_INSERT, &[&user, "ada", &now()]).await;
    exec(&mut conn, KEY_INSERT, &["k8", &user, &now()]).await;
    exec(&mut conn, AUDIT_INSERT, &[&now(), &user]).await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let got = store
        .get_user(user.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got.name, "ada");
    let (key, owner) = store.find_key("k8").await.unwrap().unwrap();
    assert_eq!((key.label.as_str(), owner.id), ("laptop", got.id));
    assert_eq!(store.list_audit(10, None).await.unwrap().len(), 1);
    store.close().await;

    let mut conn = raw(&path).await;
    let second = pitwall_store::new_id().to_string();
    exec(&mut conn, USER_INSERT, &[&second, "grace", &now()]).await;
    exec(&mut conn, KEY_INSERT, &["k8b", &second, &now()]).await;
    exec(&mut conn, AUDIT_INSERT, &[&now(), &second]).await;
    assert_eq!(scalar(&mut conn, "SELECT count(*) FROM api_keys").await, 2);
}

/// Migration 10 (expand: index history_principal). Release 9 expects to
/// list and erase history per principal and to record security events.
#[tokio::test]
async fn migration_10_keeps_release_9_rows_and_their_inserts() {
    let (_dir, path, mut conn) = at_release(9).await;
    for p in ["user:a", "user:a", "user:b"] {
        history_row(&mut conn, HISTORY_INSERT_V7, "q9", p).await;
    }
    exec(&mut conn, SECURITY_INSERT, &[&now(), "ip:10.0.0.0/24"]).await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(
        store.list_history_of("user:a", page()).await.unwrap().len(),
        2
    );
    let hour = chrono::Duration::hours(1);
    let summary = store
        .security_summary(Utc::now() - hour, Utc::now() + hour)
        .await
        .unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0].events, 1);
    store.close().await;

    let mut conn = raw(&path).await;
    history_row(&mut conn, HISTORY_INSERT_V7, "q9b", "user:b").await;
    exec(&mut conn, SECURITY_INSERT, &[&now(), "ip:10.0.0.0/24"]).await;
    let erased = sqlx::query("DELETE FROM history WHERE principal = ?")
        .bind("user:b")
        .execute(&mut conn)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(erased, 2);
}

/// Migration 12 (expand: new table rollup_minutes). Release 11 expects its
/// alerts with severity, detail and resolved_at, inserted with its
/// statement, and never reads the roll-ups.
#[tokio::test]
async fn migration_12_keeps_release_11_alerts_and_their_insert() {
    let (_dir, path, mut conn) = at_release(11).await;
    exec(&mut conn, ALERT_INSERT_V11, &["errors high", &now()]).await;
    conn.close().await.unwrap();

    let store = SqliteStore::open(&path).await.unwrap();
    let firing = store
        .list_alerts(pitwall_store::AlertState::Firing, 10)
        .await
        .unwrap();
    assert_eq!(firing.len(), 1);
    assert_eq!(
        (firing[0].severity.as_str(), firing[0].detail.as_str()),
        ("critical", "d")
    );
    let mut row = RollupRow::new(Utc::now(), RollupSeries::Http, "GET /", "200", "");
    row.count = 3;
    store.add_rollups(&[row]).await.unwrap();
    store.close().await;

    let mut conn = raw(&path).await;
    exec(&mut conn, ALERT_INSERT_V11, &["errors high again", &now()]).await;
    let firing = scalar(
        &mut conn,
        "SELECT count(*) FROM alerts WHERE resolved_at IS NULL",
    )
    .await;
    assert_eq!(firing, 2);
    assert_eq!(
        scalar(&mut conn, "SELECT sum(count) FROM rollup_minutes").await,
        3
    );
}
