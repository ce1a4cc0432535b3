//! `GET /metrics`: who may scrape it, and that a scrape after known traffic
//! shows the expected deltas for the HTTP, answer, database and process
//! families. The recorder is process-global, so the tests of this binary
//! take turns (`TURN`) and assert deltas between two scrapes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{call, user_with_key, ADMIN};
use common::scrape::Scrape;
use common::{spawn_app, spawn_app_with};
use serde_json::Value;

static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const LOCAL: &str = "Who won the 2021 Abu Dhabi Grand Prix?";

#[tokio::test]
async fn scrape_is_for_loopback_and_admin_keys_only() {
    let _turn = TURN.lock().await;
    let t = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "p-metrics"),
    ])
    .await;
    let plain = t.get("/metrics").await;
    assert_eq!(plain.status(), 200);
    assert!(plain.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    // Through a proxy every caller looks local: refused.
    let proxied = t
        .client
        .get(format!("{}/metrics", t.base))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(proxied.status(), 403);
    // ...unless it carries an admin credential.
    let admin = t
        .client
        .get(format!("{}/metrics", t.base))
        .header("x-forwarded-for", "203.0.113.9")
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 200);
    // A user's key is not enough, and a bad key is a 401.
    let user = user_with_key(&t, "reader", "free").await;
    let (status, _) = call(&t, "GET", "/metrics", Some(&user), None).await;
    assert_eq!(status, 403);
    let (status, _) = call(&t, "GET", "/metrics", Some("garbage"), None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn http_family_counts_by_route_template_method_and_status_class() {
    let _turn = TURN.lock().await;
    let t = spawn_app().await;
    let before = Scrape::of(&t).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let r: Value = t.ask(LOCAL).await.json().await.unwrap();
        ids.push(r["id"].as_str().unwrap().to_string());
    }
    assert_eq!(
        t.get(&format!("/v1/history/{}", ids[0])).await.status(),
        200
    );
    assert_eq!(t.get("/no/such/thing").await.status(), 404);
    let after = Scrape::of(&t).await;
    let delta = |name: &str, labels: &[(&str, &str)]| after.delta(&before, name, labels);
    let ask = [("route", "/v1/ask"), ("method", "POST"), ("status", "2xx")];
    assert_eq!(delta("pitwall_http_requests_total", &ask), 3.0);
    let by_id = [("route", "/v1/history/{id}"), ("status", "2xx")];
    assert_eq!(delta("pitwall_http_requests_total", &by_id), 1.0);
    // Raw paths never become labels.
    assert!(!after.0.contains(&ids[0]), "a raw path leaked into a label");
    assert!(!after.0.contains("/no/such/thing"));
    let missing = [("route", "unmatched"), ("status", "4xx")];
    assert_eq!(delta("pitwall_http_requests_total", &missing), 1.0);
    let timed = [("route", "/v1/ask"), ("method", "POST")];
    assert_eq!(
        delta("pitwall_http_request_duration_seconds_count", &timed),
        3.0
    );
    // Buckets from 0.5 ms to 30 s.
    assert!(after.0.contains("pitwall_http_request_duration_seconds_bucket{route=\"/v1/ask\",method=\"POST\",le=\"0.0005\"}"));
    assert!(after.0.contains("le=\"30\""));
    // The scrape itself is in flight while it renders.
    assert!(after.sum("pitwall_http_requests_in_flight", &[]) >= 1.0);
}

#[tokio::test]
async fn answer_family_counts_sources_intents_declines_and_fallback_reasons() {
    let _turn = TURN.lock().await;
    let t = spawn_app().await;
    let before = Scrape::of(&t).await;
    t.ask(LOCAL).await;
    t.ask(LOCAL).await;
    // Not understood, and no LLM configured: a fallback with its reason.
    let r: Value = t
        .ask("Who won the 2019 Italian Grand Prix in wet conditions on a Tuesday?")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["source"], "fallback", "{r}");
    assert_eq!(r["reason"], "llm_disabled", "{r}");
    let after = Scrape::of(&t).await;
    let delta = |name: &str, labels: &[(&str, &str)]| after.delta(&before, name, labels);
    assert_eq!(delta("pitwall_answers_total", &[("source", "local")]), 2.0);
    assert_eq!(
        delta("pitwall_answers_total", &[("source", "fallback")]),
        1.0
    );
    assert_eq!(
        delta(
            "pitwall_answer_fallbacks_total",
            &[("reason", "llm_disabled")]
        ),
        1.0
    );
    assert_eq!(
        delta("pitwall_answer_intents_total", &[("intent", "race_winner")]),
        2.0
    );
    assert_eq!(
        delta("pitwall_local_engine_duration_seconds_count", &[]),
        3.0
    );
    let declined = delta("pitwall_local_declined_total", &[]);
    assert_eq!(declined, 1.0);
}

#[tokio::test]
async fn database_and_process_families_are_exported() {
    let _turn = TURN.lock().await;
    let t = spawn_app().await;
    let before = Scrape::of(&t).await;
    for _ in 0..4 {
        t.ask(LOCAL).await;
    }
    t.app.sample_storage().await;
    let after = Scrape::of(&t).await;
    let commits = after.delta(&before, "pitwall_app_db_commit_duration_seconds_count", &[]);
    assert!(commits >= 1.0, "history writes commit: {commits}");
    let rows = after.delta(&before, "pitwall_app_db_commit_rows_sum", &[]);
    assert!(rows >= 4.0, "four history rows committed: {rows}");
    assert_eq!(
        after.sum("pitwall_app_db_rows", &[("table", "history")]),
        4.0
    );
    assert!(after.has("pitwall_app_db_rows") && after.0.contains("table=\"usage_ledger\""));
    assert!(after.sum("pitwall_app_db_bytes", &[]) > 0.0);
    assert!(after.has("pitwall_app_db_wal_bytes"));
    // The dump's last race: 2025 round 21 (São Paulo, 9 November 2025).
    assert_eq!(
        after.sum("pitwall_f1_last_race_timestamp_seconds", &[]),
        1_762_646_400.0
    );
    assert!(after.has("pitwall_f1_data_generation"));
    assert!(after.has("pitwall_f1_pool_in_use"));
    for name in [
        "process_resident_memory_bytes",
        "process_cpu_seconds_total",
        "process_open_fds",
        "pitwall_uptime_seconds",
        "pitwall_tokio_workers",
    ] {
        assert!(after.has(name), "{name} missing");
    }
    let info = after
        .series("pitwall_build_info")
        .next()
        .expect("build info");
    assert!(
        info.0
            .contains(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))),
        "{info:?}"
    );
    let schema = pitwall_store::SqliteStore::known_schema_version();
    assert!(
        info.0.contains(&format!("schema_version=\"{schema}\"")),
        "{info:?}"
    );
    assert!(after.0.contains("breaker=\"llm\""));
    // Every pitwall metric in the scrape has a help text.
    for line in after.0.lines().filter(|l| l.starts_with("pitwall_")) {
        let name = line.split(['{', ' ']).next().unwrap();
        let base = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .unwrap_or(name);
        assert!(
            after.0.contains(&format!("# HELP {base} ")),
            "no help for {base}"
        );
    }
}

#[tokio::test]
async fn a_separate_port_serves_metrics_without_a_credential() {
    let _turn = TURN.lock().await;
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let bind = format!("127.0.0.1:{port}");
    let t = spawn_app_with(&[
        ("PITWALL_METRICS_BIND", &bind),
        ("PITWALL_ADMIN_TOKEN", ADMIN),
    ])
    .await;
    t.ask(LOCAL).await;
    let url = format!("http://{bind}/metrics");
    let mut text = String::new();
    for _ in 0..50 {
        if let Ok(r) = t.client.get(&url).send().await {
            assert_eq!(r.status(), 200);
            text = r.text().await.unwrap();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(text.contains("pitwall_answers_total"), "{text}");
    let other = t
        .client
        .get(format!("http://{bind}/v1/history"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404, "only /metrics is served there");
}

#[tokio::test]
async fn metrics_off_serves_404() {
    let _turn = TURN.lock().await;
    // The recorder is global: this test checks the route's answer when
    // this server has metrics off, whatever other servers did.
    let t = spawn_app_with(&[("PITWALL_METRICS", "false")]).await;
    let (status, body) = call(&t, "GET", "/metrics", None, None).await;
    assert_eq!(status, 404, "{body}");
}
