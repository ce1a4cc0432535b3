//! Per-principal limits over HTTP: exact under concurrency, the 429 shapes
//! (`rate_limited`, `quota_exceeded`, `too_many_concurrent`) with
//! `Retry-After` and the limit, the RateLimit headers, and what is never
//! limited (health, admins).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::admin::{admin_ok, user_with_key, ADMIN};
use common::{spawn_app_with, TestApp};
use serde_json::{json, Value};

async fn app() -> TestApp {
    spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "test-pepper-limits"),
    ])
    .await
}

fn plan(rpm: u32, rpd: u32, concurrent: u32) -> Value {
    json!({"requests_per_minute": rpm, "requests_per_day": rpd, "llm_questions_per_day": 0,
        "llm_usd_per_day": 0.0, "max_concurrent": concurrent, "history_retention_days": 0})
}

async fn history(client: &reqwest::Client, base: &str, key: Option<&str>) -> reqwest::Response {
    let mut req = client.get(format!("{base}/v1/history?limit=1"));
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    req.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_simultaneous_requests_against_fifty_a_minute_admit_exactly_fifty() {
    let t = app().await;
    admin_ok(
        &t,
        "PUT",
        "/v1/admin/plans/burst",
        plan(50, 1_000_000, 100_000),
    )
    .await;
    let key = Arc::new(user_with_key(&t, "bursty", "burst").await);
    let tasks: Vec<_> = (0..500)
        .map(|_| {
            let (client, base, key) = (t.client.clone(), t.base.clone(), Arc::clone(&key));
            tokio::spawn(async move { history(&client, &base, Some(&key)).await.status().as_u16() })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        50,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 450);

    let refused = history(&t.client, &t.base, Some(&key)).await;
    assert_eq!(refused.status(), 429);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=2).contains(&retry_after),
        "one 1.2 s interval: {retry_after}"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert_eq!(body["limit"], 50);
    assert_eq!(body["reset"], 60);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_requests_from_a_hundred_users_at_five_a_minute_admit_five_each() {
    let t = app().await;
    admin_ok(
        &t,
        "PUT",
        "/v1/admin/plans/five",
        plan(5, 1_000_000, 100_000),
    )
    .await;
    let mut keys = Vec::new();
    for i in 0..100 {
        keys.push(Arc::new(
            user_with_key(&t, &format!("user {i}"), "five").await,
        ));
    }
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let (client, base, key) =
                (t.client.clone(), t.base.clone(), Arc::clone(&keys[i % 100]));
            tokio::spawn(
                async move { (i % 100, history(&client, &base, Some(&key)).await.status()) },
            )
        })
        .collect();
    let mut admitted = [0u32; 100];
    for task in tasks {
        let (user, status) = task.await.unwrap();
        if status == 200 {
            admitted[user] += 1;
        } else {
            assert_eq!(status, 429);
        }
    }
    assert!(admitted.iter().all(|&n| n == 5), "{admitted:?}");
}

#[tokio::test]
async fn quota_headers_concurrency_and_what_is_never_limited() {
    let t = app().await;
    admin_ok(&t, "PUT", "/v1/admin/plans/tiny", plan(100, 3, 10)).await;
    let key = user_with_key(&t, "tiny", "tiny").await;
    let ok = history(&t.client, &t.base, Some(&key)).await;
    assert_eq!(ok.status(), 200);
    assert_eq!(
        ok.headers()["ratelimit-policy"],
        "\"minute\";q=100;w=60, \"day\";q=3;w=86400"
    );
    let state = ok.headers()["ratelimit"].to_str().unwrap().to_string();
    assert!(state.starts_with("\"minute\";r=99;t="), "{state}");
    assert!(state.contains("\"day\";r=2;t="), "{state}");
    history(&t.client, &t.base, Some(&key)).await;
    history(&t.client, &t.base, Some(&key)).await;
    let over = history(&t.client, &t.base, Some(&key)).await;
    assert_eq!(over.status(), 429);
    let retry: u64 = over.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let body: Value = over.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["limit"].as_u64()),
        (Some("quota_exceeded"), Some(3))
    );
    assert!(
        retry > 0 && retry <= 86_400 && body["reset"].as_u64() == Some(retry),
        "until midnight UTC"
    );

    // Health, readiness and the admin API are never limited; admins pass user limits.
    for path in ["/healthz", "/readyz", "/healthz"] {
        assert_eq!(t.get(path).await.status(), 200, "{path}");
    }
    for _ in 0..5 {
        assert_eq!(history(&t.client, &t.base, Some(ADMIN)).await.status(), 200);
    }

    // A plan change applies on the next request: the quota is lifted live.
    admin_ok(&t, "PUT", "/v1/admin/plans/tiny", plan(100, 1_000, 1)).await;
    assert_eq!(history(&t.client, &t.base, Some(&key)).await.status(), 200);

    // Concurrency: with one slot, a request in progress makes the next 429.
    let slots = t.app.principal_limiter();
    let user_id = t.app.store().list_users().await.unwrap()[0].id;
    assert!(
        slots.acquire(&format!("user:{user_id}"), 1).await,
        "hold the one slot"
    );
    let busy = history(&t.client, &t.base, Some(&key)).await;
    assert_eq!(busy.status(), 429);
    let body: Value = busy.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["limit"].as_u64()),
        (Some("too_many_concurrent"), Some(1))
    );
    slots.release(&format!("user:{user_id}")).await;
    assert_eq!(
        history(&t.client, &t.base, Some(&key)).await.status(),
        200,
        "slots are returned"
    );
}

#[tokio::test]
async fn request_limits_off_counts_nobody_but_still_checks_keys() {
    let t = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "test-pepper-limits"),
        ("PITWALL_REQUEST_LIMITS", "off"),
    ])
    .await;
    admin_ok(&t, "PUT", "/v1/admin/plans/tiny", plan(2, 2, 1)).await;
    let key = user_with_key(&t, "unmetered", "tiny").await;
    for _ in 0..5 {
        let resp = history(&t.client, &t.base, Some(&key)).await;
        assert_eq!(resp.status(), 200);
        assert!(resp.headers().get("ratelimit").is_none());
    }
    // Not limiting is not the same as not authenticating: the real key
    // with its secret's last character changed still gets a 401.
    let mut forged = key.clone();
    let last = if forged.ends_with('0') { "1" } else { "0" };
    forged.pop();
    forged.push_str(last);
    let bad = history(&t.client, &t.base, Some(&forged)).await;
    assert_eq!(bad.status(), 401);
}
