//! Users and API keys through the admin API, against the real server:
//! a key is shown once and works as a bearer credential; revoked, expired,
//! rotated-out and blocked keys are refused; user keys cannot reach admin
//! routes; history is private to its principal and erasable; every admin
//! action is in the audit log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{app, ask, call, new_key, new_user, ADMIN};
use common::spawn_app_with;
use serde_json::{json, Value};

#[tokio::test]
async fn a_key_is_shown_once_works_and_stops_when_revoked_rotated_out_expired_or_blocked() {
    let t = app().await;
    let user = new_user(&t, "<b>Alice</b> '); DROP TABLE users;--", "free").await;
    let created = new_key(&t, &user, json!({"label": "laptop"})).await;
    let key = created["key"].as_str().unwrap().to_string();
    assert!(key.starts_with(&format!("pw_{}_", created["public_id"].as_str().unwrap())));

    let (status, answer) = ask(&t, Some(&key)).await;
    assert_eq!(status, 200, "{answer}");
    let id = uuid::Uuid::parse_str(answer["id"].as_str().unwrap()).unwrap();
    let stored = t.app.store().get_history(id).await.unwrap().unwrap();
    assert_eq!(stored.principal, format!("user:{user}"));

    // Listed without the secret; the user's name is stored literally.
    let (_, keys) = call(
        &t,
        "GET",
        &format!("/v1/admin/users/{user}/keys"),
        Some(ADMIN),
        None,
    )
    .await;
    assert!(
        !keys.to_string().contains(&key[20..]),
        "no secret in the list: {keys}"
    );
    assert_eq!(keys["items"][0]["label"], "laptop");
    let (_, shown) = call(
        &t,
        "GET",
        &format!("/v1/admin/users/{user}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(shown["name"], "<b>Alice</b> '); DROP TABLE users;--");

    // A user key is not an admin key.
    let (status, body) = call(&t, "GET", "/v1/admin/users", Some(&key), None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));

    // Blocked: 403 blocked at once (the key cache is cleared); unblocked: works.
    let (status, _) = call(
        &t,
        "PUT",
        &format!("/v1/admin/users/{user}"),
        Some(ADMIN),
        Some(json!({"blocked": true})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = ask(&t, Some(&key)).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("blocked")));
    call(
        &t,
        "PUT",
        &format!("/v1/admin/users/{user}"),
        Some(ADMIN),
        Some(json!({"blocked": false})),
    )
    .await;
    assert_eq!(ask(&t, Some(&key)).await.0, 200);

    // Rotation with overlap: both work; with none, the old one stops.
    let public_id = created["public_id"].as_str().unwrap();
    let (status, rotated) = call(
        &t,
        "POST",
        &format!("/v1/admin/keys/{public_id}/rotate?overlap_secs=600"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 201, "{rotated}");
    let new_key_text = rotated["key"].as_str().unwrap().to_string();
    assert_eq!(
        ask(&t, Some(&key)).await.0,
        200,
        "old key inside the overlap"
    );
    assert_eq!(ask(&t, Some(&new_key_text)).await.0, 200, "new key");
    let new_id = rotated["public_id"].as_str().unwrap();
    let (status, _) = call(
        &t,
        "POST",
        &format!("/v1/admin/keys/{new_id}/rotate?overlap_secs=0"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        ask(&t, Some(&new_key_text)).await.0,
        401,
        "rotated out with no overlap"
    );

    // Revoked: 401 on the very next request.
    assert_eq!(ask(&t, Some(&key)).await.0, 200);
    let (status, _) = call(
        &t,
        "DELETE",
        &format!("/v1/admin/keys/{public_id}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, body) = ask(&t, Some(&key)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthorized")));

    // Expired.
    let soon = (chrono::Utc::now() + chrono::Duration::milliseconds(1500)).to_rfc3339();
    let short = new_key(&t, &user, json!({"label": "short", "expires_at": soon})).await;
    let short = short["key"].as_str().unwrap();
    assert_eq!(ask(&t, Some(short)).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(ask(&t, Some(short)).await.0, 401, "expired");

    // Every admin action is audited with actor and request id.
    let (_, audit) = call(&t, "GET", "/v1/admin/audit?limit=100", Some(ADMIN), None).await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for action in [
        "user.create",
        "key.create",
        "user.block",
        "user.unblock",
        "key.rotate",
        "key.revoke",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let first = &audit["items"][0];
    assert_eq!(first["actor"], "admin:bootstrap");
    assert!(!first["request_id"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn an_admin_key_reaches_admin_routes_and_admin_keys_can_manage_users() {
    let t = app().await;
    let ops = new_user(&t, "ops", "pro").await;
    let admin_key = new_key(&t, &ops, json!({"label": "ops", "role": "admin"})).await;
    let admin_key = admin_key["key"].as_str().unwrap();
    let (status, body) = call(
        &t,
        "POST",
        "/v1/admin/users",
        Some(admin_key),
        Some(json!({"name": "bob"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["plan"], "free", "default plan");
    let (status, body) = call(
        &t,
        "POST",
        "/v1/admin/users",
        Some(admin_key),
        Some(json!({"name": "eve", "plan": "platinum"})),
    )
    .await;
    assert_eq!(status, 400, "unknown plan: {body}");
    let (_, audit) = call(&t, "GET", "/v1/admin/audit", Some(admin_key), None).await;
    assert_eq!(audit["items"][0]["actor"], format!("user:{ops}"));
}

#[tokio::test]
async fn history_is_private_to_its_principal_and_erasable() {
    let t = app().await;
    let alice = new_user(&t, "alice", "free").await;
    let bob = new_user(&t, "bob", "free").await;
    let ka = new_key(&t, &alice, json!({"label": "a"})).await["key"]
        .as_str()
        .unwrap()
        .to_string();
    let kb = new_key(&t, &bob, json!({"label": "b"})).await["key"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, a1) = ask(&t, Some(&ka)).await;
    let (_, a2) = ask(&t, Some(&ka)).await;
    let (_, b1) = ask(&t, Some(&kb)).await;
    let (_, anon) = ask(&t, None).await;

    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, mine) = call(&t, "GET", "/v1/history", Some(&ka), None).await;
    assert_eq!(
        ids(&mine),
        [a2["id"].as_str().unwrap(), a1["id"].as_str().unwrap()]
    );
    let (_, theirs) = call(&t, "GET", "/v1/history", Some(&kb), None).await;
    assert_eq!(ids(&theirs), [b1["id"].as_str().unwrap()]);
    let (_, anonymous) = call(&t, "GET", "/v1/history", None, None).await;
    assert_eq!(
        ids(&anonymous),
        [anon["id"].as_str().unwrap()],
        "the IP group's own"
    );

    // Someone else's id is 404, exactly like a missing one; so is erasing it.
    let b1_id = b1["id"].as_str().unwrap();
    let (status, body) = call(&t, "GET", &format!("/v1/history/{b1_id}"), Some(&ka), None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    assert_eq!(
        call(&t, "GET", &format!("/v1/history/{b1_id}"), None, None)
            .await
            .0,
        404
    );
    assert_eq!(
        call(
            &t,
            "DELETE",
            &format!("/v1/history/{b1_id}"),
            Some(&ka),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(&t, "GET", &format!("/v1/history/{b1_id}"), Some(&kb), None)
            .await
            .0,
        200
    );
    // Only admins filter by principal.
    let filter = format!("/v1/history?principal=user:{bob}");
    assert_eq!(call(&t, "GET", &filter, Some(&ka), None).await.0, 403);
    let (_, filtered) = call(&t, "GET", &filter, Some(ADMIN), None).await;
    assert_eq!(ids(&filtered), [b1_id]);
    let (_, everyone) = call(&t, "GET", "/v1/history", Some(ADMIN), None).await;
    assert_eq!(ids(&everyone).len(), 4);
    assert_eq!(
        call(
            &t,
            "GET",
            &format!("/v1/history/{b1_id}"),
            Some(ADMIN),
            None
        )
        .await
        .0,
        200
    );

    // Erasure: one, then all of mine; Bob's stays.
    let a1_id = a1["id"].as_str().unwrap();
    assert_eq!(
        call(
            &t,
            "DELETE",
            &format!("/v1/history/{a1_id}"),
            Some(&ka),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        call(&t, "GET", &format!("/v1/history/{a1_id}"), Some(&ka), None)
            .await
            .0,
        404
    );
    let (status, erased) = call(&t, "DELETE", "/v1/history", Some(&ka), None).await;
    assert_eq!((status, erased["deleted"].as_u64()), (200, Some(1)));
    let (_, mine) = call(&t, "GET", "/v1/history", Some(&ka), None).await;
    assert!(ids(&mine).is_empty());
    assert_eq!(
        call(&t, "GET", &format!("/v1/history/{b1_id}"), Some(&kb), None)
            .await
            .0,
        200
    );
    let row = t
        .app
        .store()
        .get_history(uuid::Uuid::parse_str(a1_id).unwrap())
        .await
        .unwrap();
    assert!(row.is_none(), "erased from the database, not hidden");
}

#[tokio::test]
async fn plans_are_listed_and_changed_live_and_keys_need_a_pepper() {
    let t = app().await;
    let (status, plans) = call(&t, "GET", "/v1/admin/plans", Some(ADMIN), None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> = plans["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["anonymous", "free", "pro"]);
    let limits = json!({"requests_per_minute": 7, "requests_per_day": 70, "llm_questions_per_day": 1,
        "llm_usd_per_day": 0.01, "max_concurrent": 1, "history_retention_days": 7});
    let (status, plan) = call(
        &t,
        "PUT",
        "/v1/admin/plans/team",
        Some(ADMIN),
        Some(limits.clone()),
    )
    .await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(plan["requests_per_minute"], 7);
    let (status, _) = call(
        &t,
        "PUT",
        "/v1/admin/plans/Bad%20Name",
        Some(ADMIN),
        Some(limits),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &t,
        "PUT",
        "/v1/admin/plans/team",
        Some(ADMIN),
        Some(json!({"requests_per_minute": 1})),
    )
    .await;
    assert_eq!(status, 400, "every field is required");
    let (status, user) = call(
        &t,
        "POST",
        "/v1/admin/users",
        Some(ADMIN),
        Some(json!({"name": "t", "plan": "team"})),
    )
    .await;
    assert_eq!(status, 201, "{user}");

    let bare = spawn_app_with(&[("PITWALL_ADMIN_TOKEN", ADMIN)]).await;
    let user = new_user(&bare, "nokeys", "free").await;
    let (status, body) = call(
        &bare,
        "POST",
        &format!("/v1/admin/users/{user}/keys"),
        Some(ADMIN),
        Some(json!({"label": "x"})),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
}
