//! `GET /v1/admin/dashboard` and `GET /admin` over plain HTTP: who may read
//! the dashboard (exactly the other admin routes' rules, loopback included),
//! the JSON's shape, charts that are inert SVG documents drawn from stored
//! roll-ups, and a page that needs nothing the CSP forbids.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{app, call, user_with_key, ADMIN};
use common::spawn_app;
use pitwall_store::{RollupRow, RollupSeries};
use serde_json::Value;

const IDS: [&str; 6] = [
    "spend_per_day",
    "requests_by_source",
    "ask_latency",
    "cache_hit_ratio",
    "fallback_reasons",
    "top_principals",
];

/// The SVG of chart `id`.
fn svg<'a>(dashboard: &'a Value, id: &str) -> &'a str {
    dashboard["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no chart {id}"))["svg"]
        .as_str()
        .unwrap()
}

#[tokio::test]
async fn only_admins_read_the_dashboard() {
    let t = app().await;
    let user = user_with_key(&t, "Plain Pat", "free").await;
    let path = "/v1/admin/dashboard";
    assert_eq!(call(&t, "GET", path, None, None).await.0, 401, "no key");
    let (status, problem) = call(&t, "GET", path, Some(&user), None).await;
    assert_eq!(status, 403, "a user key: {problem}");
    assert_eq!(
        call(&t, "GET", path, Some("pw_nosuchkey_0000000000000000"), None)
            .await
            .0,
        401,
        "an unknown key"
    );
    assert_eq!(
        call(&t, "GET", path, Some(&user[..user.len() - 1]), None)
            .await
            .0,
        401
    );
    let (status, _) = call(&t, "GET", path, Some(ADMIN), None).await;
    assert_eq!(status, 200);
    // The page itself is public: it holds no data.
    assert_eq!(t.get("/admin").await.status(), 200);
}

#[tokio::test]
async fn without_a_token_only_the_loopback_operator_gets_in() {
    let t = spawn_app().await;
    let url = format!("{}/v1/admin/dashboard", t.base);
    let plain = t.client.get(&url).send().await.unwrap();
    assert_eq!(plain.status(), 200, "loopback, no token configured");
    for (header, value) in [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("x-forwarded-for", "203.0.113.9"),
        ("host", "evil.example"),
    ] {
        let r = t
            .client
            .get(&url)
            .header(header, value)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{header}: {value}");
    }
}

#[tokio::test]
async fn the_dashboard_has_six_inert_charts_and_the_panels() {
    let t = app().await;
    let (status, d) = call(&t, "GET", "/v1/admin/dashboard", Some(ADMIN), None).await;
    assert_eq!(status, 200, "{d}");
    let ids: Vec<&str> = d["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, IDS);
    for id in IDS {
        let svg = svg(&d, id);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{id}"
        );
        assert!(svg.contains("role=\"img\""), "{id}");
        let lower = svg.to_lowercase();
        assert!(
            !lower.contains("<script") && !lower.contains("href"),
            "{id}"
        );
    }
    // A fresh server: every traffic chart says so; spend has its idle days.
    assert!(svg(&d, "requests_by_source").contains(">local<"));
    assert!(svg(&d, "fallback_reasons").contains("no data yet"));
    assert!(svg(&d, "ask_latency").contains("no data yet"));
    assert!(svg(&d, "spend_per_day").contains(">spend<"));
    assert_eq!(d["window"]["minutes"], 60);
    let panels = &d["panels"];
    assert_eq!(panels["alerts"], serde_json::json!([]));
    assert_eq!(panels["llm"]["enabled"], true);
    assert_eq!(panels["llm"]["configured"], false);
    assert!(panels["llm"]["queue"]["queued"].is_u64());
    assert!(panels["llm"]["budgets"].is_array());
    let f1 = &panels["f1_data"];
    assert!(f1["generation"].is_u64(), "{f1}");
    assert!(
        f1["last_race_date"].as_str().unwrap().starts_with("20"),
        "{f1}"
    );
    assert!(f1["races"].as_i64().unwrap() > 1000);
}

#[tokio::test]
async fn stored_roll_ups_are_what_the_charts_draw() {
    let t = common::spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_BUDGET_DAILY_USD", "3"),
    ])
    .await;
    let now = chrono::Utc::now();
    let row = |series, a: &str, b: &str, c: &str, count| {
        let mut r = RollupRow::new(now, series, a, b, c);
        r.count = count;
        r
    };
    let mut ask = row(RollupSeries::Http, "POST /v1/ask", "2xx", "", 20);
    ask.buckets[3] = 20; // 2.5 ms to 5 ms
    let mut spender = row(RollupSeries::Principal, "user:<b>big</b>", "free", "", 2);
    spender.cost_micros = 1_250_000;
    let rows = [
        row(RollupSeries::Answer, "local", "anonymous", "", 17),
        row(RollupSeries::Answer, "cache", "anonymous", "", 1),
        row(RollupSeries::Answer, "llm", "free", "", 2),
        row(RollupSeries::Answer, "fallback", "free", "queue_full", 1),
        ask,
        spender,
    ];
    t.app.store().add_rollups(&rows).await.unwrap();
    let (status, d) = call(&t, "GET", "/v1/admin/dashboard", Some(ADMIN), None).await;
    assert_eq!(status, 200);
    let sources = svg(&d, "requests_by_source");
    assert!(
        sources.contains("local: 60 points, latest 17, highest 17"),
        "{sources}"
    );
    assert!(
        sources.contains("fallback: 60 points, latest 1"),
        "{sources}"
    );
    let latency = svg(&d, "ask_latency");
    for p in ["p50", "p95", "p99"] {
        assert!(latency.contains(&format!(">{p}<")), "{latency}");
    }
    assert!(latency.contains("p50: 1 points, latest 3.75"), "{latency}");
    assert!(svg(&d, "cache_hit_ratio").contains("latest 25"));
    assert!(svg(&d, "fallback_reasons").contains("queue_full: 1"));
    let top = svg(&d, "top_principals");
    assert!(top.contains("user:&lt;b&gt;big&lt;/b&gt;: 1.25"), "{top}");
    assert!(!top.contains("<b>"));
    let spend = svg(&d, "spend_per_day");
    assert!(
        spend.contains("latest 1.25") && spend.contains("global daily cap (3)"),
        "{spend}"
    );
}

#[tokio::test]
async fn the_page_needs_nothing_the_csp_forbids() {
    let t = spawn_app().await;
    let page = t.get("/admin").await;
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(csp, pitwall_http::security::CSP);
    let html = page.text().await.unwrap();
    assert!(html.contains("<script src=\"/assets/admin.js\" defer></script>"));
    assert_eq!(html.matches("<script").count(), 1, "no inline script");
    let lower = html.to_lowercase();
    for banned in [
        "<style",
        "style=",
        "javascript:",
        " onclick",
        " onload",
        "http://",
        "https://",
    ] {
        assert!(!lower.contains(banned), "{banned}");
    }
    let js = t.get("/assets/admin.js").await;
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let js = js.text().await.unwrap();
    for banned in [
        ".innerHTML",
        "eval(",
        "new Function",
        "confirm(",
        "document.cookie",
    ] {
        assert!(!js.contains(banned), "{banned} in admin.js");
    }
}

#[tokio::test]
async fn the_minute_in_progress_shows_without_waiting_for_a_flush() {
    let t = app().await;
    let minute = || chrono::Utc::now().timestamp() / 60;
    let before = minute();
    for _ in 0..3 {
        assert_eq!(
            t.ask("Who won the 2021 Abu Dhabi Grand Prix?")
                .await
                .status(),
            200
        );
    }
    // No flush by the test: the dashboard flushes what is pending itself.
    let (status, d) = call(&t, "GET", "/v1/admin/dashboard", Some(ADMIN), None).await;
    assert_eq!(status, 200);
    let sources = svg(&d, "requests_by_source");
    if minute() == before {
        assert!(sources.contains("local: 60 points, latest 3,"), "{sources}");
    } else {
        // A minute boundary passed: the last minute holds some of them.
        assert!(
            !sources.contains("local: 60 points, latest 0,"),
            "{sources}"
        );
    }
}
