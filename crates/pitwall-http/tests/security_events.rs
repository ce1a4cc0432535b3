//! Security events through the real server: failed authentications,
//! blocked users' keys and 429s are written (at most one per principal and
//! kind per minute, so a flood adds a bounded number of rows) and counted
//! by `GET /v1/admin/security`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app_with, TestApp};
use serde_json::{json, Value};

const ADMIN: &str = "admin-bootstrap-token";
const FLOOD_IP: &str = "198.51.100.7";
const BLOCKED_IP: &str = "198.51.100.8";

async fn call(
    t: &TestApp,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    call_from(t, "127.0.0.1", method, path, bearer, body).await
}

/// `call` as client `ip` (through the trusted loopback proxy).
async fn call_from(
    t: &TestApp,
    ip: &str,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = t
        .client
        .request(method.parse().unwrap(), format!("{}{path}", t.base))
        .header("x-forwarded-for", ip);
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A user on `plan` and one of their keys: (user id, key, public id).
async fn user_with_key(t: &TestApp, plan: &str) -> (String, String, String) {
    let (status, user) = call(
        t,
        "POST",
        "/v1/admin/users",
        Some(ADMIN),
        Some(json!({"name": "u", "plan": plan})),
    )
    .await;
    assert_eq!(status, 201, "{user}");
    let id = user["id"].as_str().unwrap().to_string();
    let path = format!("/v1/admin/users/{id}/keys");
    let (status, key) = call(t, "POST", &path, Some(ADMIN), Some(json!({"label": "k"}))).await;
    assert_eq!(status, 201, "{key}");
    (
        id,
        key["key"].as_str().unwrap().to_string(),
        key["public_id"].as_str().unwrap().to_string(),
    )
}

/// Events of `kind` for `principal` in the summary.
fn events(summary: &Value, kind: &str, principal: &str) -> Vec<Value> {
    summary["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind && r["principal"] == principal)
        .cloned()
        .collect()
}

#[tokio::test]
async fn refused_requests_are_security_events_sampled_per_minute() {
    let t = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "test-pepper-0123456789"),
        ("PITWALL_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    let ask = json!({"question": "Who won the 2021 Abu Dhabi Grand Prix?"});
    // A flood of bad keys from one IP group: 401s, then 429 after 20.
    let mut statuses = Vec::new();
    for i in 0..30 {
        let bad = format!("pw_{i:016x}_notthesecret");
        let res = call_from(
            &t,
            FLOOD_IP,
            "POST",
            "/v1/ask",
            Some(&bad),
            Some(ask.clone()),
        );
        statuses.push(res.await.0);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        20,
        "{statuses:?}"
    );
    assert!(statuses[20..].iter().all(|s| *s == 429), "{statuses:?}");

    // A blocked user's key: 403.
    let (blocked, blocked_key, blocked_id) = user_with_key(&t, "free").await;
    let path = format!("/v1/admin/users/{blocked}");
    assert_eq!(
        call(
            &t,
            "PUT",
            &path,
            Some(ADMIN),
            Some(json!({"blocked": true}))
        )
        .await
        .0,
        200
    );
    for _ in 0..3 {
        let res = call_from(
            &t,
            BLOCKED_IP,
            "POST",
            "/v1/ask",
            Some(&blocked_key),
            Some(ask.clone()),
        );
        assert_eq!(res.await.0, 403);
    }

    // A user over their per-minute limit: 429s.
    let plan = json!({"requests_per_minute": 1, "requests_per_day": 1000,
        "llm_questions_per_day": 0, "llm_usd_per_day": 0.0, "max_concurrent": 4,
        "history_retention_days": 0});
    assert_eq!(
        call(&t, "PUT", "/v1/admin/plans/one", Some(ADMIN), Some(plan))
            .await
            .0,
        200
    );
    let (limited, limited_key, limited_id) = user_with_key(&t, "one").await;
    let mut limited_statuses = Vec::new();
    for _ in 0..5 {
        limited_statuses.push(
            call(&t, "POST", "/v1/ask", Some(&limited_key), Some(ask.clone()))
                .await
                .0,
        );
    }
    assert_eq!(limited_statuses, [200, 429, 429, 429, 429]);

    let (status, summary) = call(&t, "GET", "/v1/admin/security?since=1h", Some(ADMIN), None).await;
    assert_eq!(status, 200, "{summary}");
    let anon = format!("ip:{FLOOD_IP}");
    let anon = anon.as_str();
    // 20 failures and 10 lockout refusals: one or two rows each (two only
    // if the flood straddled a minute), not one per request.
    let failed: i64 = events(&summary, "failed_auth", anon)
        .iter()
        .map(|r| r["events"].as_i64().unwrap())
        .sum();
    assert!((1..=2).contains(&failed), "{summary}");
    let locked = events(&summary, "rate_limited", anon);
    assert!(!locked.is_empty(), "{summary}");
    let user = format!("user:{limited}");
    let over = events(&summary, "rate_limited", &user);
    assert_eq!(over.len(), 1, "{summary}");
    assert!(
        (1..=2).contains(&over[0]["events"].as_i64().unwrap()),
        "{summary}"
    );
    assert_eq!(over[0]["key_id"], limited_id.as_str());
    assert_eq!(over[0]["ip_group"], "127.0.0.1");
    let blocked_rows = events(&summary, "blocked", &format!("ip:{BLOCKED_IP}"));
    assert_eq!(blocked_rows.len(), 1, "{summary}");
    let n = blocked_rows[0]["events"].as_i64().unwrap();
    assert!(
        (1..=2).contains(&n),
        "three refusals, one event a minute: {summary}"
    );
    assert_eq!(blocked_rows[0]["key_id"], blocked_id.as_str());

    let (status, _) = call(
        &t,
        "GET",
        "/v1/admin/security?since=forever",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 400);
}
