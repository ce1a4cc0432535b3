//! Every request has a principal: anonymous clients by IP group (forwarding
//! headers believed only from trusted proxies), key holders by their key;
//! a bad credential is refused, never downgraded to anonymous.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app, spawn_app_with, TestApp};
use serde_json::Value;

const QUESTION: &str = "Who won the 2021 Abu Dhabi Grand Prix?";

/// Asks with extra headers and returns the stored principal of the answer.
async fn principal_of(app: &TestApp, headers: &[(&str, &str)]) -> String {
    let mut req = app
        .client
        .post(format!("{}/v1/ask", app.base))
        .json(&serde_json::json!({ "question": QUESTION }));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    let id = uuid::Uuid::parse_str(body["id"].as_str().unwrap()).unwrap();
    app.app
        .store()
        .get_history(id)
        .await
        .unwrap()
        .unwrap()
        .principal
}

#[tokio::test]
async fn a_spoofed_forwarding_header_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;
    assert_eq!(principal_of(&app, &[]).await, "ip:127.0.0.1");
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.7"),
        ("forwarded", "for=203.0.113.7"),
        ("x-real-ip", "203.0.113.7"),
    ] {
        assert_eq!(
            principal_of(&app, &[(name, value)]).await,
            "ip:127.0.0.1",
            "{name} from an untrusted peer"
        );
    }
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_and_ipv6_is_grouped_by_64() {
    let app = spawn_app_with(&[("PITWALL_TRUSTED_PROXIES", "127.0.0.0/8")]).await;
    assert_eq!(
        principal_of(&app, &[("x-forwarded-for", "6.6.6.6, 203.0.113.7")]).await,
        "ip:203.0.113.7",
        "the rightmost untrusted hop, not what the client wrote"
    );
    assert_eq!(
        principal_of(&app, &[("forwarded", "for=\"[2001:db8:1:2::99]:1234\"")]).await,
        "ip:2001:db8:1:2::/64"
    );
    assert_eq!(principal_of(&app, &[]).await, "ip:127.0.0.1");
}

#[tokio::test]
async fn a_bad_credential_is_refused_not_treated_as_anonymous() {
    let app = spawn_app_with(&[("PITWALL_ADMIN_TOKEN", "bootstrap-token-123")]).await;
    for auth in [
        "Bearer nonsense",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer bootstrap-token-12",
        "Bearer bootstrap-token-1234",
        "Bearer pw_0123456789abcdef_0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let resp = app
            .client
            .post(format!("{}/v1/ask", app.base))
            .header("authorization", auth)
            .json(&serde_json::json!({ "question": QUESTION }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401, "{auth}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized", "{auth}");
    }
    assert_eq!(
        principal_of(&app, &[("authorization", "Bearer bootstrap-token-123")]).await,
        "admin:bootstrap"
    );
}
