//! The answer's `chart` hint and `column_labels`, the chart route and the
//! capabilities list, over the real engine and data (no browser):
//! an engine series answer carries a hint and its history entry the same;
//! the chart route draws it as an inert SVG for its owner only (404 for
//! anyone else, for an answer without a chart and for an unknown id);
//! a model's table gets a hint only when it is a series, and hostile labels
//! come back escaped; every capability example is answered locally.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::admin::{self, call, user_with_key};
use common::spawn_app_with;
use pitwall_llm_standin::{spawn, Behaviour, StandinHandle};
use serde_json::Value;

/// A series the engine answers: one count per season.
pub const SERIES: &str = "In which years did Ferrari win at Monza?";
/// A one-row answer: no chart.
const SINGLE: &str = "Who won the 2021 Abu Dhabi Grand Prix?";
/// A head-to-head: its columns are about the named drivers.
const H2H: &str = "Hamilton vs Rosberg qualifying head-to-head in 2016?";
/// A question the engine declines, so the model (stand-in) answers.
const LLM_QUESTION: &str = "what is the average lap count in races won by drivers from Finland?";
/// A long table with a hostile series name and a hostile column alias.
const HOSTILE_SQL: &str = "SELECT ra.year AS year, CASE WHEN ra.round % 2 = 0 \
    THEN '<img src=x onerror=window.__xss=1>' ELSE 'odd rounds' END AS label, \
    COUNT(*) AS \"<b onmouseover=window.__xss=2>races</b>\" FROM races ra \
    WHERE ra.year BETWEEN 2019 AND 2021 GROUP BY 1, 2 ORDER BY 1, 2";
/// A model table that is not a series.
const PLAIN_SQL: &str = "SELECT name, country FROM circuits ORDER BY name LIMIT 3";

async fn json_of(status_body: (u16, Value)) -> Value {
    assert_eq!(status_body.0, 200, "{}", status_body.1);
    status_body.1
}

async fn ask_as(t: &common::TestApp, bearer: Option<&str>, q: &str) -> Value {
    json_of(
        call(
            t,
            "POST",
            "/v1/ask",
            bearer,
            Some(serde_json::json!({ "question": q })),
        )
        .await,
    )
    .await
}

/// GET `path` with an optional bearer: status, content type, body text.
async fn fetch(t: &common::TestApp, path: &str, bearer: Option<&str>) -> (u16, String, String) {
    let mut req = t.client.get(format!("{}{path}", t.base));
    if let Some(b) = bearer {
        req = req.bearer_auth(b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.text().await.unwrap())
}

fn strings(v: &Value) -> Vec<String> {
    serde_json::from_value(v.clone()).unwrap()
}

#[tokio::test]
async fn an_engine_series_has_a_hint_labels_and_an_owned_chart() {
    let t = admin::app().await;
    let alice = user_with_key(&t, "alice", "free").await;
    let bob = user_with_key(&t, "bob", "free").await;

    let a = ask_as(&t, Some(&alice), SERIES).await;
    assert_eq!(a["source"], "local", "{a}");
    let columns = strings(&a["columns"]);
    let labels = strings(&a["column_labels"]);
    assert_eq!(labels.len(), columns.len(), "{a}");
    assert_eq!(labels[0], "Season", "{a}");
    let chart = &a["chart"];
    assert_eq!(chart["x"], "year", "{a}");
    assert_eq!(chart["kind"], "bar", "{a}");
    assert_eq!(strings(&chart["y"]), vec![columns[1].clone()]);
    assert_eq!(strings(&chart["series"]), vec![labels[1].clone()]);
    assert!(a["rows"].as_array().unwrap().len() >= 2);

    // History returns exactly what the ask did.
    let id = a["id"].as_str().unwrap();
    let stored =
        json_of(call(&t, "GET", &format!("/v1/history/{id}"), Some(&alice), None).await).await;
    assert_eq!(stored["chart"], a["chart"]);
    assert_eq!(stored["column_labels"], a["column_labels"]);

    // The chart: the owner's, as an inert SVG with its text alternative.
    let path = format!("/v1/history/{id}/chart.svg");
    let (status, ct, svg) = fetch(&t, &path, Some(&alice)).await;
    assert_eq!(status, 200, "{svg}");
    assert_eq!(ct, "image/svg+xml; charset=utf-8");
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.contains("role=\"img\"") && svg.contains("<title>") && svg.contains("<desc>"));
    assert!(!svg.to_lowercase().contains("<script"));
    assert!(
        svg.contains(&labels[1]),
        "the legend names the series: {svg}"
    );
    // Narrow layout on request; a width that is not a number is refused.
    let (_, _, narrow) = fetch(&t, &format!("{path}?width=390"), Some(&alice)).await;
    assert!(narrow.contains("width=\"390\""), "{narrow}");
    assert_eq!(
        fetch(&t, &format!("{path}?width=wide"), Some(&alice))
            .await
            .0,
        400
    );
    assert_eq!(
        fetch(&t, &format!("{path}?colour=red"), Some(&alice))
            .await
            .0,
        400
    );
    // Someone else's entry, no key, an admin, an unknown id, a bad id.
    assert_eq!(fetch(&t, &path, Some(&bob)).await.0, 404);
    assert_eq!(fetch(&t, &path, None).await.0, 404);
    assert_eq!(fetch(&t, &path, Some(admin::ADMIN)).await.0, 200);
    let missing = "/v1/history/01890000-0000-7000-8000-000000000000/chart.svg";
    assert_eq!(fetch(&t, missing, Some(&alice)).await.0, 404);
    assert_eq!(
        fetch(&t, "/v1/history/nope/chart.svg", Some(&alice))
            .await
            .0,
        400
    );

    // A one-row answer: no hint at all, and no chart to draw.
    let one = ask_as(&t, Some(&alice), SINGLE).await;
    assert!(one.get("chart").is_none(), "{one}");
    assert_eq!(
        strings(&one["column_labels"]).len(),
        strings(&one["columns"]).len()
    );
    let (status, ct, body) = fetch(
        &t,
        &format!("/v1/history/{}/chart.svg", one["id"].as_str().unwrap()),
        Some(&alice),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert!(ct.starts_with("application/problem+json"), "{ct}");
}

#[tokio::test]
async fn head_to_head_columns_are_labelled_with_the_drivers() {
    let t = spawn_app_with(&[]).await;
    let a: Value = t.ask(H2H).await.json().await.unwrap();
    assert_eq!(a["intent"], "head_to_head", "{a}");
    assert_eq!(
        strings(&a["columns"]),
        vec!["first_ahead", "second_ahead", "races"],
        "machine names stay"
    );
    assert_eq!(
        strings(&a["column_labels"]),
        vec![
            "Lewis Hamilton ahead",
            "Nico Rosberg ahead",
            "Shared sessions"
        ]
    );
}

#[tokio::test]
async fn capabilities_are_public_cacheable_and_answered_locally() {
    let t = spawn_app_with(&[]).await;
    let r = t.get("/v1/capabilities").await;
    assert_eq!(r.status(), 200);
    let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
    assert!(
        cache.contains("public") && cache.contains("max-age"),
        "{cache}"
    );
    let body: Value = r.json().await.unwrap();
    let kinds = body["kinds"].as_array().unwrap();
    assert!(kinds.len() >= 6, "{body}");
    for kind in kinds {
        assert!(!kind["title"].as_str().unwrap().is_empty());
        for q in kind["examples"].as_array().unwrap() {
            let a: Value = t.ask(q.as_str().unwrap()).await.json().await.unwrap();
            assert_eq!(a["source"], "local", "{q}: {a}");
            assert_eq!(a["status"], "answered", "{q}: {a}");
        }
    }
}

async fn llm_app(standin: &StandinHandle) -> common::TestApp {
    let base_url = standin.base_url();
    spawn_app_with(&[
        ("OPENAI_API_KEY", "test-llm-key-charts"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
        ("PITWALL_LLM_RETRY_BASE_MS", "1"),
    ])
    .await
}

/// The model runs `sql` and then answers with its result.
fn model_running(sql: &str) -> Behaviour {
    Behaviour::Scripted(vec![Behaviour::ToolCall(sql.to_string()), Behaviour::Ok])
}

#[tokio::test]
async fn a_model_series_gets_a_hint_and_hostile_labels_stay_text() {
    let standin = spawn(model_running(HOSTILE_SQL)).await;
    let t = llm_app(&standin).await;
    let a: Value = t.ask(LLM_QUESTION).await.json().await.unwrap();
    assert_eq!(a["source"], "llm", "{a}");
    let chart = &a["chart"];
    assert_eq!(chart["series_column"], "label", "{a}");
    assert_eq!(chart["x"], "year");
    let series = strings(&chart["series"]);
    assert!(
        series.contains(&"<img src=x onerror=window.__xss=1>".to_string()),
        "{series:?}"
    );
    let labels = strings(&a["column_labels"]);
    assert_eq!(labels.len(), 3);
    assert_eq!(labels[0], "Season");

    let id = a["id"].as_str().unwrap();
    let (status, _, svg) = fetch(&t, &format!("/v1/history/{id}/chart.svg"), None).await;
    assert_eq!(status, 200, "{svg}");
    assert_eq!(svg.matches("<g class=\"series\"").count(), series.len());
    assert!(
        svg.contains("&lt;img src=x onerror=window.__xss=1&gt;"),
        "{svg}"
    );
    assert!(
        svg.contains("&lt;b onmouseover"),
        "the hostile alias, escaped: {svg}"
    );
    assert!(!svg.contains("<img") && !svg.contains("<b "), "{svg}");

    // The same question again comes from the answer cache, hint and labels
    // included (re-derived from the cached table by the same rule).
    let cached: Value = t.ask(LLM_QUESTION).await.json().await.unwrap();
    assert_eq!(cached["source"], "cache", "{cached}");
    assert_eq!(cached["chart"], a["chart"]);
    assert_eq!(cached["column_labels"], a["column_labels"]);
    standin.shutdown().await;
}

#[tokio::test]
async fn a_model_table_that_is_not_a_series_gets_no_hint() {
    let standin = spawn(model_running(PLAIN_SQL)).await;
    let t = llm_app(&standin).await;
    let a: Value = t.ask(LLM_QUESTION).await.json().await.unwrap();
    assert_eq!(a["source"], "llm", "{a}");
    assert!(a.get("chart").is_none(), "{a}");
    assert_eq!(strings(&a["column_labels"]), vec!["Name", "Country"]);
    standin.shutdown().await;
}
