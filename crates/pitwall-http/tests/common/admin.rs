//! The admin API as tests drive it: the bootstrap token, a server with a
//! key pepper, and calls that create users and keys (shared by the account
//! and admin-operation tests).

use serde_json::{json, Value};

use super::{spawn_app_with, TestApp};

/// The bootstrap admin token the test server is started with.
pub const ADMIN: &str = "admin-bootstrap-token";
/// A question the local engine answers.
pub const QUESTION: &str = "Who won the 2021 Abu Dhabi Grand Prix?";

/// A server with the bootstrap admin token and a key pepper.
pub async fn app() -> TestApp {
    spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "test-pepper-0123456789"),
    ])
    .await
}

/// Sends `method path` with an optional bearer and JSON body.
pub async fn call(
    t: &TestApp,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = t
        .client
        .request(method.parse().unwrap(), format!("{}{path}", t.base));
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

/// Creates a user through the admin API; returns its id.
pub async fn new_user(t: &TestApp, name: &str, plan: &str) -> String {
    let (status, user) = call(
        t,
        "POST",
        "/v1/admin/users",
        Some(ADMIN),
        Some(json!({"name": name, "plan": plan})),
    )
    .await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(user["name"], name);
    assert_eq!(user["blocked"], false);
    user["id"].as_str().unwrap().to_string()
}

/// Creates a key for `user`; returns the response (secret shown once).
pub async fn new_key(t: &TestApp, user: &str, body: Value) -> Value {
    let (status, key) = call(
        t,
        "POST",
        &format!("/v1/admin/users/{user}/keys"),
        Some(ADMIN),
        Some(body),
    )
    .await;
    assert_eq!(status, 201, "{key}");
    key
}

/// `method path` as the bootstrap admin; asserts success, returns the body.
pub async fn admin_ok(t: &TestApp, method: &str, path: &str, body: Value) -> Value {
    let (status, out) = call(t, method, path, Some(ADMIN), Some(body)).await;
    assert!(
        (200..300).contains(&status),
        "{method} {path}: {status} {out}"
    );
    out
}

/// A new user on `plan` with one key; returns the key.
pub async fn user_with_key(t: &TestApp, name: &str, plan: &str) -> String {
    let user = new_user(t, name, plan).await;
    let key = new_key(t, &user, json!({"label": "k"})).await;
    key["key"].as_str().unwrap().to_string()
}

/// Asks [`QUESTION`] with an optional bearer.
pub async fn ask(t: &TestApp, bearer: Option<&str>) -> (u16, Value) {
    call(
        t,
        "POST",
        "/v1/ask",
        bearer,
        Some(json!({"question": QUESTION})),
    )
    .await
}
