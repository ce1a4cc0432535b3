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

#[tokio::test]
async fn repeated_bad_keys_from_one_ip_group_get_429_after_twenty_a_minute() {
    let app = spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", "bootstrap-token-123"),
        ("PITWALL_TRUSTED_PROXIES", "127.0.0.1"),
    ])
    .await;
    let attempt = |ip: &'static str, token: &'static str| {
        app.client
            .get(format!("{}/v1/history", app.base))
            .header("x-forwarded-for", ip)
            .bearer_auth(token)
            .send()
    };
    for i in 0..20 {
        assert_eq!(
            attempt("203.0.113.9", "guess").await.unwrap().status(),
            401,
            "failure {i}"
        );
    }
    let refused = attempt("203.0.113.9", "guess").await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        (body["code"].as_str(), body["limit"].as_u64()),
        (Some("rate_limited"), Some(20))
    );
    // Locked out: not even a valid credential is checked from there now...
    let valid = attempt("203.0.113.9", "bootstrap-token-123").await.unwrap();
    assert_eq!(valid.status(), 429);
    // ...while other IP groups, and keyless requests, are unaffected.
    assert_eq!(
        attempt("203.0.113.10", "guess").await.unwrap().status(),
        401
    );
    assert_eq!(
        attempt("203.0.113.10", "bootstrap-token-123")
            .await
            .unwrap()
            .status(),
        200
    );
    let anonymous = app
        .client
        .get(format!("{}/v1/history", app.base))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 200);
}

#[tokio::test]
async fn cors_preflight_is_answered_for_configured_origins_only() {
    let app = spawn_app_with(&[("PITWALL_CORS_ORIGINS", "https://pitwall.vercel.app")]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/v1/ask", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let ok = preflight("https://pitwall.vercel.app").await.unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://pitwall.vercel.app"
    );
    let allowed = ok.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
    assert!(!ok
        .headers()
        .contains_key("access-control-allow-credentials"));
    let other = preflight("https://evil.example").await.unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
    // The actual request carries the header, and the security headers stay.
    let resp = app
        .client
        .post(format!("{}/v1/ask", app.base))
        .header("origin", "https://pitwall.vercel.app")
        .json(&serde_json::json!({ "question": QUESTION }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["access-control-allow-origin"],
        "https://pitwall.vercel.app"
    );
    assert!(resp.headers().contains_key("content-security-policy"));
    // Without the setting, no CORS at all.
    let plain = spawn_app().await;
    let resp = plain
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/v1/ask", plain.base))
        .header("origin", "https://pitwall.vercel.app")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(!resp.headers().contains_key("access-control-allow-origin"));
}
