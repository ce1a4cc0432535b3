//! `pitwall admin …` on the server's database: users, keys (shown once),
//! plans, the LLM switch and the audit log, with `--json`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn dump_dir() -> PathBuf {
    std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv")
        })
}

/// Runs `pitwall admin --json ARGS` and parses its output.
fn admin(data: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("PITWALL_DATA_DIR", data)
        .env("PITWALL_F1_DATA", dump_dir())
        .env("PITWALL_KEY_PEPPER", "cli-pepper")
        .args(["admin", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_admin_cli_manages_users_keys_plans_and_the_llm_switch_with_an_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let user = admin(
        &data,
        &["users", "create", "Carol <admin>", "--plan", "pro"],
    );
    assert_eq!(user["name"], "Carol <admin>");
    assert_eq!(user["plan"], "pro");
    let id = user["id"].as_str().unwrap();
    let key = admin(&data, &["keys", "create", id, "--label", "ci"]);
    let secret = key["key"].as_str().unwrap();
    assert!(secret.starts_with("pw_"), "{key}");
    let listed = admin(&data, &["keys", "list", id]);
    assert_eq!(listed[0]["public_id"], key["public_id"]);
    assert!(
        !listed.to_string().contains(secret),
        "never the secret again"
    );
    let public_id = key["public_id"].as_str().unwrap();
    admin(&data, &["keys", "revoke", public_id]);
    assert!(admin(&data, &["keys", "list", id])[0]["revoked_at"].is_string());

    admin(&data, &["users", "block", id]);
    assert_eq!(admin(&data, &["users", "show", id])["blocked"], true);
    admin(&data, &["users", "set-plan", id, "free"]);
    let plan = admin(
        &data,
        &[
            "plans",
            "set",
            "team",
            "--requests-per-minute",
            "7",
            "--requests-per-day",
            "70",
            "--llm-questions-per-day",
            "1",
            "--llm-usd-per-day",
            "0.25",
            "--max-concurrent",
            "2",
            "--history-retention-days",
            "30",
        ],
    );
    assert_eq!(plan["requests_per_minute"], 7);
    let plans = admin(&data, &["plans", "list"]);
    assert!(
        plans
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "team"),
        "stored: {plans}"
    );
    admin(&data, &["llm", "off"]);

    let audit = admin(&data, &["audit"]);
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "llm.switch",
            "plan.set",
            "user.set_plan",
            "user.block",
            "key.revoke",
            "key.create",
            "user.create"
        ]
    );
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["actor"] == "admin:cli"));
}

#[test]
fn the_admin_cli_shows_one_users_usage_per_utc_day() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let user = admin(&data, &["users", "create", "Dana", "--plan", "pro"]);
    let id = user["id"].as_str().unwrap().to_string();
    let principal = format!("user:{id}");
    let now = chrono::Utc::now();
    // Ledger rows as the server writes them, in the database the CLI reads.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            use pitwall_store::AppStore;
            let store = pitwall_store::SqliteStore::open(&data.join("pitwall.sqlite"))
                .await
                .unwrap();
            for (at, cost) in [
                (now, 700),
                (now, 300),
                (now - chrono::Duration::days(1), 25),
            ] {
                let row = pitwall_store::UsageRow {
                    request_id: "req-cli".into(),
                    principal: principal.clone(),
                    model: "gpt-4o-mini".into(),
                    prompt_tokens: 10,
                    cached_tokens: 0,
                    completion_tokens: 5,
                    cost_micros: cost,
                    at,
                };
                store.insert_usage(&row).await.unwrap();
            }
            store.close().await;
        });
    let days = admin(
        &data,
        &["usage", "daily", "--principal", &id, "--days", "3"],
    );
    let today = now.date_naive();
    let day = |n: i64| (today - chrono::Duration::days(n)).to_string();
    let got: Vec<(String, i64, i64)> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["day"].as_str().unwrap().to_string(),
                d["llm_calls"].as_i64().unwrap(),
                d["cost_micros"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(day(0), 2, 1_000), (day(1), 1, 25), (day(2), 0, 0)]);
    let same = admin(
        &data,
        &["usage", "daily", "--principal", &principal, "--days", "3"],
    );
    assert_eq!(same, days);
}

#[test]
fn the_admin_cli_summarises_security_events() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert_eq!(
        admin(&data, &["security", "--since", "7d"]),
        Value::Array(vec![])
    );
    // Events as the server writes them, in the database the CLI reads.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            use pitwall_store::AppStore;
            let store = pitwall_store::SqliteStore::open(&data.join("pitwall.sqlite"))
                .await
                .unwrap();
            for (kind, ago) in [("failed_auth", 1), ("failed_auth", 2), ("blocked", 3)] {
                let row = pitwall_store::SecurityEventRow {
                    at: chrono::Utc::now() - chrono::Duration::minutes(ago),
                    kind: kind.into(),
                    principal: "ip:198.51.100.4".into(),
                    ip_group: "198.51.100.4".into(),
                    key_id: Some("0123456789abcdef".into()),
                    detail: String::new(),
                };
                store.insert_security_event(&row).await.unwrap();
            }
            store.close().await;
        });
    let summary = admin(&data, &["security", "--since", "7d"]);
    let rows: Vec<(&str, &str, i64)> = summary
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap(),
                r["ip_group"].as_str().unwrap(),
                r["events"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("failed_auth", "198.51.100.4", 2),
            ("blocked", "198.51.100.4", 1)
        ]
    );
}

#[test]
fn the_admin_cli_sets_shows_and_resets_the_global_budget_caps() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let shown = admin(&data, &["budgets", "show"]);
    assert_eq!(shown["source"], "config", "{shown}");
    assert_eq!(shown["caps"], shown["configured"]);
    let set = admin(
        &data,
        &[
            "budgets",
            "set",
            "--daily-usd",
            "1.5",
            "--monthly-usd",
            "20",
            "--user-daily-usd",
            "0.1",
        ],
    );
    assert_eq!(set["source"], "stored");
    assert_eq!(set["caps"]["daily_usd"], 1.5);
    // Stored: a later run (as a restarted server would) reads them back.
    let again = admin(&data, &["budgets", "show"]);
    assert_eq!(again["caps"]["user_daily_usd"], 0.1, "{again}");
    assert_eq!(
        again["global"][0]["cap"], 1_500_000,
        "enforced caps: {again}"
    );
    let reset = admin(&data, &["budgets", "reset"]);
    assert_eq!(reset["source"], "config");
    assert_eq!(reset["caps"], reset["configured"]);
    let actions: Vec<String> = admin(&data, &["audit"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["budget.reset", "budget.set"]);
}
