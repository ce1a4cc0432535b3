//! The HTTP API over real components.

mod common;

use common::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn ask_answers_with_every_field_and_records_history() {
    let t = spawn_app().await;
    let res = t.ask("Who won the 2021 Abu Dhabi Grand Prix?").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let body: Value = res.json().await.unwrap();
    for key in [
        "id",
        "question",
        "answer",
        "columns",
        "rows",
        "sql",
        "source",
        "intent",
        "confidence",
        "elapsed_ms",
        "created_at",
    ] {
        assert!(body.get(key).is_some(), "missing {key}: {body}");
    }
    assert_eq!(body["source"], "local");
    assert!(
        body["answer"].as_str().unwrap().contains("Max Verstappen"),
        "{body}"
    );
    assert!(body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .any(|c| c == "Max Verstappen"));

    let id = body["id"].as_str().unwrap();
    let stored: Value = t
        .get(&format!("/v1/history/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["answer"], body["answer"]);
    assert_eq!(stored["rows"], body["rows"]);
    assert_eq!(stored["sql"], body["sql"]);
    // The SQL is parameterised and the params come with it, so it can be re-run.
    let placeholders = body["sql"].as_str().unwrap().matches('?').count();
    assert_eq!(body["params"].as_array().unwrap().len(), placeholders);
    assert!(placeholders > 0);
    assert_eq!(stored["params"], body["params"]);
}

#[tokio::test]
async fn history_is_newest_first_with_a_cursor() {
    let t = spawn_app().await;
    for q in [
        "who won monza 2019",
        "who won spa in 98",
        "constructors champion 2009?",
    ] {
        assert_eq!(t.ask(q).await.status(), 200);
    }
    let page: Value = t.get("/v1/history?limit=2").await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["question"], "constructors champion 2009?");
    assert_eq!(items[1]["question"], "who won spa in 98");
    let cursor = page["next_before"].as_str().unwrap();
    let rest: Value = t
        .get(&format!("/v1/history?limit=2&before={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    let rest = rest["items"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0]["question"], "who won monza 2019");
    assert!(page["next_before"].is_string());
}

#[tokio::test]
async fn history_rejects_bad_parameters_and_unknown_ids() {
    let t = spawn_app().await;
    for path in [
        "/v1/history?limit=0",
        "/v1/history?limit=101",
        "/v1/history?limit=x",
        "/v1/history?before=nope",
        "/v1/history/not-a-uuid",
    ] {
        let res = t.get(path).await;
        assert_eq!(res.status(), 400, "{path}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["code"], "invalid_parameter", "{path}");
    }
    let res = t
        .get("/v1/history/0190a0a0-0000-7000-8000-000000000000")
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn unanswerable_questions_say_so_without_an_error() {
    let t = spawn_app().await;
    let res = t
        .ask("what is the airspeed velocity of an unladen swallow")
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    // Without an API key the LLM path is off: a fallback that says so.
    assert_eq!(body["status"], "fallback");
    assert_eq!(body["source"], "fallback");
    assert_eq!(body["reason"], "llm_disabled");
    assert!(
        !body["suggestions"].as_array().unwrap().is_empty(),
        "{body}"
    );
}

#[tokio::test]
async fn probes_and_openapi() {
    let t = spawn_app().await;
    assert_eq!(t.get("/healthz").await.status(), 200);
    let ready = t.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["ready"], true);
    assert_eq!(
        ready["checks"],
        serde_json::json!({"f1_data": true, "app_db": true})
    );
    assert!(
        ready.get("llm").is_none(),
        "budgets and model are admin-only: {ready}"
    );
    let doc: Value = t.get("/openapi.json").await.json().await.unwrap();
    for path in [
        "/v1/ask",
        "/v1/history",
        "/v1/history/{id}",
        "/v1/history/{id}/chart.svg",
        "/v1/capabilities",
        "/healthz",
        "/readyz",
    ] {
        assert!(doc["paths"].get(path).is_some(), "openapi lacks {path}");
    }
    assert!(doc["components"]["schemas"].get("AskResponse").is_some());
}

#[tokio::test]
async fn request_ids_are_propagated_or_generated() {
    let t = spawn_app().await;
    let res = t
        .client
        .get(format!("{}/healthz", t.base))
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-abc-123");
    // An id that could forge log lines is replaced, not echoed.
    let res = t
        .client
        .get(format!("{}/healthz", t.base))
        .header("x-request-id", "a b\tc")
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_ne!(id, "a b\tc");
    assert_eq!(id.len(), 36);
    // And the id of an ask lands in its history row.
    let res = t
        .client
        .post(format!("{}/v1/ask", t.base))
        .header("x-request-id", "req-for-history")
        .json(&serde_json::json!({"question": "who won monza 2019"}))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    let id = uuid::Uuid::parse_str(body["id"].as_str().unwrap()).unwrap();
    let entry = t.app.store().get_history(id).await.unwrap().unwrap();
    assert_eq!(entry.request_id, "req-for-history");
}

#[tokio::test]
async fn page_has_strict_security_headers() {
    let t = spawn_app().await;
    let res = t.get("/").await;
    assert_eq!(res.status(), 200);
    let h = res.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert!(t.get("/assets/app.js").await.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let missing = t.get("/nope").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().contains_key("content-security-policy"));
}

#[tokio::test]
async fn history_retention_prunes_only_old_rows() {
    let t = common::spawn_app_with(&[("PITWALL_HISTORY_RETENTION_DAYS", "30")]).await;
    assert_eq!(t.ask("who won monza 2019").await.status(), 200);
    let page: Value = t.get("/v1/history").await.json().await.unwrap();
    let recent = page["items"][0]["id"].as_str().unwrap().to_string();
    let recent = uuid::Uuid::parse_str(&recent).unwrap();
    let mut old = t.app.store().get_history(recent).await.unwrap().unwrap();
    old.created_at = chrono::Utc::now() - chrono::Duration::days(31);
    old.id = pitwall_store::new_id_at(old.created_at);
    t.app.store().insert_history(&old).await.unwrap();
    assert_eq!(t.app.prune_history().await.unwrap(), 1);
    assert!(t.app.store().get_history(old.id).await.unwrap().is_none());
    assert!(t.app.store().get_history(recent).await.unwrap().is_some());
}

#[tokio::test]
async fn admin_switch_is_loopback_only_without_a_token_and_needs_the_token_otherwise() {
    let t = spawn_app().await;
    let url = format!("{}/v1/admin/llm", t.base);
    let status: Value = t
        .client
        .get(&url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["configured"], false);
    let res = t
        .client
        .put(&url)
        .json(&serde_json::json!({"enabled": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["enabled"], false);

    let t = common::spawn_app_with(&[("PITWALL_ADMIN_TOKEN", "s3cret-admin")]).await;
    let url = format!("{}/v1/admin/llm", t.base);
    let put = |token: Option<&str>, body: Value| {
        let mut req = t.client.put(&url).json(&body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        async move { req.send().await.unwrap().status() }
    };
    let off = serde_json::json!({"enabled": false});
    assert_eq!(put(None, off.clone()).await, 401);
    assert_eq!(put(Some("wrong"), off.clone()).await, 401);
    assert_eq!(put(Some("s3cret-admin"), off).await, 200);
    assert_eq!(
        put(Some("s3cret-admin"), serde_json::json!({"enabled": "no"})).await,
        400
    );
}
