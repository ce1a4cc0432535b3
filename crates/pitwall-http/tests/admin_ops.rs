//! Operator levers through the admin API: the LLM kill switch survives a
//! restart (and is audited), and usage top shows who asks most.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{app, ask, call, new_key, new_user, ADMIN, QUESTION};
use serde_json::json;

#[tokio::test]
async fn the_llm_kill_switch_is_stored_and_survives_a_restart() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pitwall.sqlite");
    let build = || async {
        let config = pitwall_config::Config::load(&pitwall_config::Env::from_pairs([
            ("PITWALL_DATA_DIR", dir.path().to_str().unwrap()),
            ("OPENAI_API_KEY", "test-llm-key-not-used"),
        ]))
        .unwrap();
        let store: Arc<dyn pitwall_store::AppStore> =
            Arc::new(pitwall_store::SqliteStore::open(&db).await.unwrap());
        pitwall_app::App::with_parts(config, common::f1_db(), store)
            .await
            .unwrap()
    };
    let app = build().await;
    assert!(app.llm().status().await.enabled);
    let actor = pitwall_app::Actor {
        principal: pitwall_app::Principal::bootstrap_admin(pitwall_app::IpGroup::loopback()),
        request_id: "req-kill".into(),
    };
    app.set_llm_enabled(&actor, false).await.unwrap();
    app.shutdown().await;
    drop(app);
    let restarted = build().await;
    assert!(
        !restarted.llm().status().await.enabled,
        "still off after a restart"
    );
    let audit = restarted.audit_log(10, None).await.unwrap();
    assert_eq!(audit[0].action, "llm.switch");
    assert_eq!(audit[0].request_id, "req-kill");
    assert_eq!(audit[0].after, Some(json!({"enabled": false})));
}

#[tokio::test]
async fn usage_top_shows_who_asks_most_with_names() {
    let t = app().await;
    let heavy = new_user(&t, "heavy", "free").await;
    let key = new_key(&t, &heavy, json!({"label": "h"})).await;
    let key = key["key"].as_str().unwrap().to_string();
    for _ in 0..3 {
        assert_eq!(ask(&t, Some(&key)).await.0, 200);
    }
    assert_eq!(ask(&t, None).await.0, 200);
    let (status, top) = call(
        &t,
        "GET",
        "/v1/admin/usage/top?by=requests&since=1h",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 200, "{top}");
    let first = &top["items"][0];
    assert_eq!(first["principal"], format!("user:{heavy}"));
    assert_eq!(
        (first["name"].as_str(), first["requests"].as_i64()),
        (Some("heavy"), Some(3))
    );
    assert_eq!(top["items"][1]["principal"], "ip:127.0.0.1");
    let (status, _) = call(&t, "GET", "/v1/admin/usage/top?by=vibes", Some(ADMIN), None).await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &t,
        "GET",
        "/v1/admin/usage/top?since=forever",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(status, 400);
}

/// Each principal's history is kept for its plan's days: a plan set at run
/// time with 7 days loses 10-day-old rows; `pro` (365 days) keeps rows of
/// the same age; anonymous clients go by the anonymous plan (30 days).
#[tokio::test]
async fn retention_prunes_each_principal_by_its_plan() {
    let t = app().await;
    let plan = json!({"requests_per_minute": 60, "requests_per_day": 1000,
        "llm_questions_per_day": 0, "llm_usd_per_day": 0.0, "max_concurrent": 4,
        "history_retention_days": 7});
    let (status, _) = call(&t, "PUT", "/v1/admin/plans/week", Some(ADMIN), Some(plan)).await;
    assert_eq!(status, 200);
    let short = format!("user:{}", new_user(&t, "weekly", "week").await);
    let long = format!("user:{}", new_user(&t, "yearly", "pro").await);
    assert_eq!(t.ask(QUESTION).await.status(), 200);
    let (_, page) = call(
        &t,
        "GET",
        "/v1/history?principal=ip:127.0.0.1",
        Some(ADMIN),
        None,
    )
    .await;
    let template = uuid::Uuid::parse_str(page["items"][0]["id"].as_str().unwrap()).unwrap();
    let template = t.app.store().get_history(template).await.unwrap().unwrap();
    let aged = |principal: &str, days: i64| {
        let mut e = template.clone();
        e.principal = principal.to_string();
        e.created_at = chrono::Utc::now() - chrono::Duration::days(days);
        e.id = pitwall_store::new_id_at(e.created_at);
        e
    };
    let rows = [
        (aged(&short, 10), false),
        (aged(&short, 2), true),
        (aged(&long, 10), true),
        (aged("ip:127.0.0.1", 10), true),
        (aged("ip:127.0.0.1", 31), false),
    ];
    for (e, _) in &rows {
        t.app.store().insert_history(e).await.unwrap();
    }
    assert_eq!(t.app.prune_history().await.unwrap(), 2);
    for (e, stays) in &rows {
        let found = t.app.store().get_history(e.id).await.unwrap().is_some();
        assert_eq!(found, *stays, "{} {}", e.principal, e.created_at);
    }
}

/// One user's questions, LLM calls and cost per UTC day: today's asks and
/// ledger rows on today, yesterday's on yesterday, idle days as zeros,
/// other principals not counted; bad parameters are 400.
#[tokio::test]
async fn usage_daily_shows_one_principal_per_utc_day() {
    let t = app().await;
    let user = new_user(&t, "daily", "free").await;
    let key = new_key(&t, &user, json!({"label": "d"})).await;
    let key = key["key"].as_str().unwrap().to_string();
    for _ in 0..2 {
        assert_eq!(ask(&t, Some(&key)).await.0, 200);
    }
    assert_eq!(ask(&t, None).await.0, 200);
    let principal = format!("user:{user}");
    let now = chrono::Utc::now();
    for (at, cost) in [
        (now, 1_200),
        (now, 300),
        (now - chrono::Duration::days(1), 50),
    ] {
        let row = pitwall_store::UsageRow {
            request_id: "req-daily".into(),
            principal: principal.clone(),
            model: "gpt-4o-mini".into(),
            prompt_tokens: 10,
            cached_tokens: 0,
            completion_tokens: 5,
            cost_micros: cost,
            at,
        };
        t.app.store().insert_usage(&row).await.unwrap();
    }
    let path = format!("/v1/admin/usage/daily?principal={principal}&days=3");
    let (status, body) = call(&t, "GET", &path, Some(ADMIN), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["principal"], principal);
    let today = now.date_naive();
    let days: Vec<(String, i64, i64, i64)> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["day"].as_str().unwrap().to_string(),
                d["requests"].as_i64().unwrap(),
                d["llm_calls"].as_i64().unwrap(),
                d["cost_micros"].as_i64().unwrap(),
            )
        })
        .collect();
    let day = |n: i64| (today - chrono::Duration::days(n)).to_string();
    assert_eq!(
        days,
        [(day(0), 2, 2, 1_500), (day(1), 0, 1, 50), (day(2), 0, 0, 0)]
    );
    // The bare user id is the same principal; the default is a week.
    let path = format!("/v1/admin/usage/daily?principal={user}");
    let (status, body) = call(&t, "GET", &path, Some(ADMIN), None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["items"].as_array().unwrap().len(), 7);
    assert_eq!(body["items"][0]["requests"], 2);
    for bad in [
        format!("principal={principal}&days=0"),
        format!("principal={principal}&days=401"),
        "principal=someone".to_string(),
        "days=3".to_string(),
    ] {
        let path = format!("/v1/admin/usage/daily?{bad}");
        assert_eq!(
            call(&t, "GET", &path, Some(ADMIN), None).await.0,
            400,
            "{bad}"
        );
    }
    let path = format!("/v1/admin/usage/daily?principal={principal}");
    let (status, _) = call(&t, "GET", &path, Some(&key), None).await;
    assert_eq!(status, 403, "a user key is not an admin's");
}
