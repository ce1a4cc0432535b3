//! The authorisation matrix: every route of the router, called with no key,
//! a malformed key, an unknown key, a revoked key, an expired key, a blocked
//! user's key, a user key and an admin key, against the real server. The
//! routes are read from the router's source, so a route added without a
//! row here fails this test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{spawn_app_with, TestApp};
use serde_json::{json, Value};

const ADMIN_TOKEN: &str = "matrix-bootstrap-token";

/// One route: method, path template, the path and body to call it with,
/// and the status expected for an anonymous caller, a user and an admin.
/// Any invalid credential is 401 and a blocked user's key 403 wherever
/// credentials are read; routes that never read them answer as for anyone.
struct Row {
    method: &'static str,
    template: &'static str,
    path: String,
    body: Option<Value>,
    reads_credentials: bool,
    anonymous: u16,
    user: u16,
    admin: u16,
}

/// `(method, path)` of every `.route(…)` in the router's source.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    let mut found = BTreeSet::new();
    for chunk in src.split(".route(").skip(1) {
        let end = [".route(", ".route_layer(", ".fallback(", ".with_state("]
            .iter()
            .filter_map(|m| chunk.find(m))
            .min()
            .unwrap_or(chunk.len());
        let call = &chunk[..end];
        let path = call.split('"').nth(1).unwrap().to_string();
        for method in ["get", "post", "put", "delete"] {
            if call.contains(&format!("{method}(")) {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

/// Sends as client `ip` (through the trusted loopback proxy): each row
/// from its own address, so the failed credentials it sends stay under the
/// per-IP failure limit that `principals.rs` tests.
async fn send(
    t: &TestApp,
    ip: &str,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<&Value>,
) -> u16 {
    let mut req = t
        .client
        .request(method.parse().unwrap(), format!("{}{path}", t.base))
        .header("x-forwarded-for", ip);
    if let Some(a) = auth {
        req = req.header("authorization", a);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.unwrap().status().as_u16()
}

async fn admin_json(t: &TestApp, method: &str, path: &str, body: Value) -> Value {
    let resp = t
        .client
        .request(method.parse().unwrap(), format!("{}{path}", t.base))
        .bearer_auth(ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "{path}");
    serde_json::from_str(&resp.text().await.unwrap()).unwrap_or(Value::Null)
}

async fn user_with_key(t: &TestApp, name: &str, key_body: Value) -> (String, String, String) {
    let user = admin_json(t, "POST", "/v1/admin/users", json!({"name": name})).await;
    let id = user["id"].as_str().unwrap().to_string();
    let key = admin_json(t, "POST", &format!("/v1/admin/users/{id}/keys"), key_body).await;
    (
        id,
        key["key"].as_str().unwrap().to_string(),
        key["public_id"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn every_route_answers_every_kind_of_credential_as_specified() {
    let t = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN_TOKEN),
        ("PITWALL_KEY_PEPPER", "matrix-pepper"),
        ("PITWALL_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    let (user_id, user_key, _) = user_with_key(&t, "user", json!({"label": "u"})).await;
    let (_, revoked_key, revoked_id) = user_with_key(&t, "revoked", json!({"label": "r"})).await;
    admin_json(
        &t,
        "DELETE",
        &format!("/v1/admin/keys/{revoked_id}"),
        json!({}),
    )
    .await;
    let soon = (chrono::Utc::now() + chrono::Duration::milliseconds(800)).to_rfc3339();
    let (_, expired_key, _) =
        user_with_key(&t, "expired", json!({"label": "e", "expires_at": soon})).await;
    let (blocked_id, blocked_key, _) = user_with_key(&t, "blocked", json!({"label": "b"})).await;
    admin_json(
        &t,
        "PUT",
        &format!("/v1/admin/users/{blocked_id}"),
        json!({"blocked": true}),
    )
    .await;
    let (_, admin_key, _) = user_with_key(&t, "ops", json!({"label": "a", "role": "admin"})).await;
    let (_, _, spare_key) = user_with_key(&t, "spare", json!({"label": "s"})).await;
    let (_, _, rotate_key) = user_with_key(&t, "rotate", json!({"label": "s"})).await;
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;

    let missing = uuid::Uuid::now_v7();
    let plan = json!({"requests_per_minute": 10, "requests_per_day": 10, "llm_questions_per_day": 0,
        "llm_usd_per_day": 0.0, "max_concurrent": 1, "history_retention_days": 0});
    let ask = json!({"question": "Who won the 2021 Abu Dhabi Grand Prix?"});
    let public = |method, template: &'static str| Row {
        method,
        template,
        path: template.to_string(),
        body: None,
        reads_credentials: false,
        anonymous: 200,
        user: 200,
        admin: 200,
    };
    let open = |method, template, path: String, body: Option<Value>, ok: u16| Row {
        method,
        template,
        path,
        body,
        reads_credentials: true,
        anonymous: ok,
        user: ok,
        admin: ok,
    };
    let admin = |method, template, path: String, body: Option<Value>, ok: u16| Row {
        method,
        template,
        path,
        body,
        reads_credentials: true,
        anonymous: 401,
        user: 403,
        admin: ok,
    };
    // An admin route whose path is its template.
    let fixed = |method, template: &'static str, body: Option<Value>| {
        admin(method, template, template.to_string(), body, 200)
    };
    let caps = json!({"daily_usd": 5.0, "monthly_usd": 50.0, "user_daily_usd": 0.5});
    let rows = vec![
        public("GET", "/"),
        public("GET", "/assets/app.js"),
        public("GET", "/assets/share.js"),
        public("GET", "/assets/table.js"),
        public("GET", "/assets/chart.js"),
        public("GET", "/v1/capabilities"),
        public("GET", "/assets/style.css"),
        public("GET", "/admin"),
        public("GET", "/assets/admin.js"),
        public("GET", "/healthz"),
        public("GET", "/readyz"),
        public("GET", "/openapi.json"),
        public("GET", "/version"),
        // Scrapes: loopback without a proxy, or an admin key (every row
        // here arrives through the loopback proxy, so only the admin passes).
        Row {
            anonymous: 403,
            user: 403,
            ..open("GET", "/metrics", "/metrics".into(), None, 200)
        },
        open("POST", "/v1/ask", "/v1/ask".into(), Some(ask), 200),
        open("GET", "/v1/history", "/v1/history".into(), None, 200),
        open("DELETE", "/v1/history", "/v1/history".into(), None, 200),
        open(
            "GET",
            "/v1/history/{id}",
            format!("/v1/history/{missing}"),
            None,
            404,
        ),
        open(
            "GET",
            "/v1/history/{id}/chart.svg",
            format!("/v1/history/{missing}/chart.svg"),
            None,
            404,
        ),
        open(
            "DELETE",
            "/v1/history/{id}",
            format!("/v1/history/{missing}"),
            None,
            404,
        ),
        fixed("GET", "/v1/admin/llm", None),
        fixed("GET", "/v1/admin/dashboard", None),
        fixed("PUT", "/v1/admin/llm", Some(json!({"enabled": true}))),
        fixed("GET", "/v1/admin/budgets", None),
        fixed("PUT", "/v1/admin/budgets", Some(caps)),
        fixed("DELETE", "/v1/admin/budgets", None),
        admin(
            "GET",
            "/v1/admin/usage/top",
            "/v1/admin/usage/top?by=requests&since=1h".into(),
            None,
            200,
        ),
        admin(
            "GET",
            "/v1/admin/usage/daily",
            format!("/v1/admin/usage/daily?principal=user:{user_id}&days=3"),
            None,
            200,
        ),
        admin(
            "GET",
            "/v1/admin/security",
            "/v1/admin/security?since=1h".into(),
            None,
            200,
        ),
        admin(
            "GET",
            "/v1/admin/alerts",
            "/v1/admin/alerts?state=firing".into(),
            None,
            200,
        ),
        admin(
            "GET",
            "/v1/admin/status",
            "/v1/admin/status".into(),
            None,
            200,
        ),
        admin(
            "GET",
            "/v1/admin/audit",
            "/v1/admin/audit".into(),
            None,
            200,
        ),
        admin(
            "GET",
            "/v1/admin/plans",
            "/v1/admin/plans".into(),
            None,
            200,
        ),
        admin(
            "PUT",
            "/v1/admin/plans/{name}",
            "/v1/admin/plans/matrix".into(),
            Some(plan),
            200,
        ),
        admin(
            "GET",
            "/v1/admin/users",
            "/v1/admin/users".into(),
            None,
            200,
        ),
        admin(
            "POST",
            "/v1/admin/users",
            "/v1/admin/users".into(),
            Some(json!({"name": "new"})),
            201,
        ),
        admin(
            "GET",
            "/v1/admin/users/{id}",
            format!("/v1/admin/users/{user_id}"),
            None,
            200,
        ),
        admin(
            "PUT",
            "/v1/admin/users/{id}",
            format!("/v1/admin/users/{user_id}"),
            Some(json!({"plan": "free"})),
            200,
        ),
        admin(
            "GET",
            "/v1/admin/users/{id}/keys",
            format!("/v1/admin/users/{user_id}/keys"),
            None,
            200,
        ),
        admin(
            "POST",
            "/v1/admin/users/{id}/keys",
            format!("/v1/admin/users/{user_id}/keys"),
            Some(json!({"label": "x"})),
            201,
        ),
        admin(
            "DELETE",
            "/v1/admin/keys/{public_id}",
            format!("/v1/admin/keys/{spare_key}"),
            None,
            204,
        ),
        admin(
            "POST",
            "/v1/admin/keys/{public_id}/rotate",
            format!("/v1/admin/keys/{rotate_key}/rotate"),
            None,
            201,
        ),
    ];

    let covered: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_string(), r.template.to_string()))
        .collect();
    assert_eq!(
        covered,
        routes_in_source(),
        "every route has a row, and every row a route"
    );

    let bearer = |k: &str| format!("Bearer {k}");
    let unknown = format!("pw_{}_{}", "0".repeat(16), "1".repeat(64));
    let invalid = [
        ("malformed", "Bearer not-a-key".to_string()),
        ("not bearer", "Basic dXNlcjpwYXNz".to_string()),
        ("unknown", bearer(&unknown)),
        ("revoked", bearer(&revoked_key)),
        ("expired", bearer(&expired_key)),
    ];
    for (i, row) in rows.iter().enumerate() {
        let ip = format!("198.51.100.{}", i + 1);
        let ip = ip.as_str();
        let body = row.body.as_ref();
        let what = format!("{} {}", row.method, row.template);
        for (kind, auth) in &invalid {
            let expected = if row.reads_credentials { 401 } else { 200 };
            assert_eq!(
                send(&t, ip, row.method, &row.path, Some(auth), body).await,
                expected,
                "{what} with a {kind} key"
            );
        }
        let blocked = if row.reads_credentials { 403 } else { 200 };
        assert_eq!(
            send(
                &t,
                ip,
                row.method,
                &row.path,
                Some(&bearer(&blocked_key)),
                body
            )
            .await,
            blocked,
            "{what}, blocked user"
        );
        assert_eq!(
            send(&t, ip, row.method, &row.path, None, body).await,
            row.anonymous,
            "{what}, no key"
        );
        assert_eq!(
            send(
                &t,
                ip,
                row.method,
                &row.path,
                Some(&bearer(&user_key)),
                body
            )
            .await,
            row.user,
            "{what}, user key"
        );
        assert_eq!(
            send(
                &t,
                ip,
                row.method,
                &row.path,
                Some(&bearer(&admin_key)),
                body
            )
            .await,
            row.admin,
            "{what}, admin key"
        );
    }
}
