//! The admin dashboard in real headless Chromium against a real server:
//! the charts render from the roll-ups of real traffic (local answers, LLM
//! answers through the OpenAI stand-in, a cache hit, a fallback); a
//! non-admin is refused (the page says so, the API answers 403 or 401);
//! the LLM kill switch works end to end, confirmation step included; and
//! without a token the loopback operator gets in with no key.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::admin::{call, new_key, new_user, ADMIN, QUESTION};
use common::browser::{click, is_hidden, start_browser, text_of, wait_for, wait_for_text};
use common::{spawn_app_with, TestApp};
use fantoccini::{Client, Locator};
use pitwall_llm_standin::{spawn, Behaviour, StandinHandle};
use serde_json::{json, Value};

/// A question only the LLM answers.
const LLM_QUESTION: &str = "what is the average lap count in races won by drivers from Finland?";

/// A server with the bootstrap token, keys, the LLM stand-in and a $7 daily cap.
async fn llm_app(standin: &StandinHandle) -> TestApp {
    let base_url = standin.base_url();
    spawn_app_with(&[
        ("PITWALL_ADMIN_TOKEN", ADMIN),
        ("PITWALL_KEY_PEPPER", "test-pepper-0123456789"),
        ("OPENAI_API_KEY", "test-llm-key-dashboard"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
        ("PITWALL_LLM_RETRY_BASE_MS", "1"),
        ("PITWALL_BUDGET_DAILY_USD", "7"),
    ])
    .await
}

/// Asks `question` with an optional bearer; returns the answer.
async fn ask(t: &TestApp, bearer: Option<&str>, question: &str) -> Value {
    let (status, answer) = call(
        t,
        "POST",
        "/v1/ask",
        bearer,
        Some(json!({ "question": question })),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

/// Pastes `key` into the page's key box.
async fn paste_key(c: &Client, key: &str) {
    let open = c
        .execute("return document.getElementById('key-panel').open", vec![])
        .await
        .unwrap();
    if open != json!(true) {
        click(c, "#key-panel summary").await;
    }
    let input = c.find(Locator::Id("admin-key")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(key).await.unwrap();
    click(c, "#key-save").await;
}

/// Opens `/admin` and signs in with the bootstrap token; waits for the dashboard.
async fn open_dashboard(t: &TestApp) -> (common::browser::Driver, Client) {
    let (driver, c) = start_browser().await;
    c.goto(&format!("{}/admin", t.base)).await.unwrap();
    wait_for_text(&c, "#status", "401").await;
    paste_key(&c, ADMIN).await;
    wait_for("the dashboard", || async {
        (!is_hidden(&c, "dashboard").await).then_some(())
    })
    .await;
    (driver, c)
}

/// `GET /v1/admin/llm`'s `enabled`.
async fn llm_enabled(t: &TestApp) -> bool {
    let (status, llm) = call(t, "GET", "/v1/admin/llm", Some(ADMIN), None).await;
    assert_eq!(status, 200);
    llm["enabled"].as_bool().unwrap()
}

#[tokio::test]
async fn a_non_admin_is_refused_by_the_page_and_the_api() {
    let standin = spawn(Behaviour::Ok).await;
    let t = llm_app(&standin).await;
    let user = new_user(&t, "Plain Pat", "free").await;
    let key = new_key(&t, &user, json!({"label": "browser"})).await;
    let key = key["key"].as_str().unwrap();
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/admin", t.base)).await.unwrap();

    // No key: refused, with the key box open; nothing of the dashboard shows.
    let said = wait_for_text(&c, "#status", "401").await;
    assert!(said.contains("admin key is needed"), "{said}");
    assert!(is_hidden(&c, "dashboard").await);
    assert_eq!(
        call(&t, "GET", "/v1/admin/dashboard", None, None).await.0,
        401
    );

    // A user's key: 403, said as such.
    paste_key(&c, key).await;
    let said = wait_for_text(&c, "#status", "403").await;
    assert!(said.contains("no admin role"), "{said}");
    assert!(is_hidden(&c, "dashboard").await);
    assert_eq!(
        call(&t, "GET", "/v1/admin/dashboard", Some(key), None)
            .await
            .0,
        403
    );
    let charts = c
        .execute(
            "return document.querySelectorAll('#charts img').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(charts, json!(0), "no chart was ever shown");

    // A key that does not exist: 401, and the key is in sessionStorage only.
    paste_key(&c, "pw_nosuchkey_0000000000000000").await;
    wait_for_text(&c, "#status", "not accepted").await;
    let stored = c
        .execute(
            "return [sessionStorage.getItem('pitwall.adminKey'), document.cookie, localStorage.length]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(stored, json!(["pw_nosuchkey_0000000000000000", "", 0]));
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_kill_switch_works_end_to_end_after_a_confirmation() {
    let standin = spawn(Behaviour::Ok).await;
    let t = llm_app(&standin).await;
    let (_driver, c) = open_dashboard(&t).await;
    assert_eq!(text_of(&c, "#llm-state").await, "on");
    assert!(is_hidden(&c, "llm-confirm").await);

    // The first click only asks; cancelling changes nothing.
    click(&c, "#llm-toggle").await;
    assert!(!is_hidden(&c, "llm-confirm").await);
    assert!(text_of(&c, "#llm-confirm")
        .await
        .contains("switch the LLM off"));
    assert!(
        llm_enabled(&t).await,
        "not switched before the confirmation"
    );
    click(&c, "#llm-cancel").await;
    assert!(is_hidden(&c, "llm-confirm").await);
    assert!(!is_hidden(&c, "llm-toggle").await);
    assert!(llm_enabled(&t).await);

    // Confirmed: off, for the API and for questions that need the LLM.
    click(&c, "#llm-toggle").await;
    click(&c, "#llm-confirm").await;
    wait_for_text(&c, "#llm-state", "off").await;
    assert!(!llm_enabled(&t).await);
    let calls = standin.request_count();
    let answer = ask(&t, None, LLM_QUESTION).await;
    assert_eq!(answer["source"], "fallback", "{answer}");
    assert_eq!(answer["reason"], "llm_disabled", "{answer}");
    assert!(
        answer["answer"].as_str().unwrap().contains("switched off"),
        "{answer}"
    );
    assert_eq!(standin.request_count(), calls, "no upstream call");
    assert_eq!(
        ask(&t, None, QUESTION).await["source"],
        "local",
        "local answers go on"
    );

    // And on again the same way.
    assert_eq!(text_of(&c, "#llm-toggle").await, "Switch the LLM on");
    click(&c, "#llm-toggle").await;
    click(&c, "#llm-confirm").await;
    wait_for("the switch to read on", || async {
        (text_of(&c, "#llm-state").await == "on").then_some(())
    })
    .await;
    assert!(llm_enabled(&t).await);
    assert_eq!(ask(&t, None, LLM_QUESTION).await["source"], "llm");
    c.close().await.unwrap();
}

/// The SVG of chart `id` in a dashboard response.
fn svg_of<'a>(dashboard: &'a Value, id: &str) -> &'a str {
    dashboard["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no chart {id}"))["svg"]
        .as_str()
        .unwrap()
}

/// The number after `prefix` in `text` (`"local: 60 points, highest "` → 3).
fn number_after(text: &str, prefix: &str) -> f64 {
    let rest = text
        .split(prefix)
        .nth(1)
        .unwrap_or_else(|| panic!("no {prefix:?} in {text}"));
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {prefix:?} in {text}"))
}

#[tokio::test]
async fn the_charts_render_from_the_roll_ups_of_real_traffic() {
    let standin = spawn(Behaviour::Ok).await;
    let t = llm_app(&standin).await;
    let user = new_user(&t, "Spender Sam", "free").await;
    let key = new_key(&t, &user, json!({"label": "traffic"})).await;
    let key = key["key"].as_str().unwrap();
    // Local answers, an LLM answer (paid, by the user), a cache hit and,
    // with the LLM switched off, a fallback.
    for _ in 0..3 {
        assert_eq!(ask(&t, None, QUESTION).await["source"], "local");
    }
    assert_eq!(ask(&t, Some(key), LLM_QUESTION).await["source"], "llm");
    assert_eq!(ask(&t, None, LLM_QUESTION).await["source"], "cache");
    let off = json!({"enabled": false});
    assert_eq!(
        call(&t, "PUT", "/v1/admin/llm", Some(ADMIN), Some(off))
            .await
            .0,
        200
    );
    let fallback = ask(
        &t,
        None,
        "what is the average lap count in races won by drivers from Brazil?",
    )
    .await;
    assert_eq!(fallback["reason"], "llm_disabled", "{fallback}");
    let on = json!({"enabled": true});
    assert_eq!(
        call(&t, "PUT", "/v1/admin/llm", Some(ADMIN), Some(on))
            .await
            .0,
        200
    );
    t.app.flush_rollups().await;

    // Every chart is an image the browser decoded, at the SVG's size.
    let (_driver, c) = open_dashboard(&t).await;
    let images = wait_for("six decoded charts", || async {
        let images = c
            .execute(
                "return Array.from(document.querySelectorAll('#charts img'))
                   .map(i => [i.id, i.complete, i.naturalWidth, i.naturalHeight, i.alt]);",
                vec![],
            )
            .await
            .unwrap();
        let list = images.as_array().unwrap().clone();
        (list.len() == 6 && list.iter().all(|i| i[1] == true && i[2].as_u64() > Some(0)))
            .then_some(list)
    })
    .await;
    for image in &images {
        assert_eq!(image[2], 640, "{image}");
        assert!(image[3].as_u64().unwrap() > 100, "{image}");
        assert!(!image[4].as_str().unwrap().is_empty(), "alt text: {image}");
    }
    let ids: Vec<&str> = images.iter().map(|i| i[0].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "chart-spend_per_day",
            "chart-requests_by_source",
            "chart-ask_latency",
            "chart-cache_hit_ratio",
            "chart-fallback_reasons",
            "chart-top_principals",
        ]
    );
    let src = c
        .execute(
            "return document.getElementById('chart-top_principals').src",
            vec![],
        )
        .await
        .unwrap();
    assert!(src.as_str().unwrap().starts_with("data:image/svg+xml"));
    assert_eq!(
        c.execute("return document.querySelectorAll('svg').length", vec![])
            .await
            .unwrap(),
        json!(0),
        "no SVG is part of the document"
    );
    let panel = text_of(&c, "#f1-data").await;
    assert!(panel.contains("2025 round"), "{panel}");
    c.close().await.unwrap();

    // What the charts say is what the traffic was.
    let (status, d) = call(&t, "GET", "/v1/admin/dashboard", Some(ADMIN), None).await;
    assert_eq!(status, 200);
    let sources = svg_of(&d, "requests_by_source");
    for source in ["local", "cache", "llm", "fallback"] {
        assert!(
            sources.contains(&format!(">{source}<")),
            "{source} in the legend"
        );
    }
    // A minute may have turned during the traffic: the three local answers
    // are in one minute or split over two.
    assert!(number_after(sources, "local: 60 points, latest ") <= 3.0);
    let local_highest = sources
        .split("local: 60 points")
        .nth(1)
        .map(|rest| number_after(rest, "highest "))
        .unwrap();
    assert!((2.0..=3.0).contains(&local_highest), "{sources}");
    let latency = svg_of(&d, "ask_latency");
    for p in ["p50", "p95", "p99"] {
        assert!(latency.contains(&format!(">{p}<")), "{latency}");
    }
    assert!(!latency.contains("no data yet"), "{latency}");
    let ratio = svg_of(&d, "cache_hit_ratio");
    assert!(
        !ratio.contains("no data yet") && ratio.contains("cache hits"),
        "{ratio}"
    );
    assert!(svg_of(&d, "fallback_reasons").contains("llm_disabled: 1"));
    let top = svg_of(&d, "top_principals");
    let spent = number_after(top, &format!("user:{user}: "));
    assert!(spent > 0.0, "the user's LLM answer cost something: {top}");
    let spend = svg_of(&d, "spend_per_day");
    assert!(spend.contains("global daily cap (7)"), "{spend}");
    assert!(
        number_after(spend, "spend: 7 points, latest ") > 0.0,
        "{spend}"
    );
}

#[tokio::test]
async fn without_a_token_the_loopback_operator_needs_no_key() {
    // No token configured, server and browser on loopback: the page gets
    // in without a key, and its PUT (which carries the page's Origin)
    // passes the same loopback checks as the other admin routes.
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/admin", t.base)).await.unwrap();
    wait_for("the dashboard", || async {
        (!is_hidden(&c, "dashboard").await).then_some(())
    })
    .await;
    assert!(is_hidden(&c, "status").await, "no refusal");
    click(&c, "#llm-toggle").await;
    click(&c, "#llm-confirm").await;
    wait_for_text(&c, "#llm-state", "off").await;
    let (status, llm) = call(&t, "GET", "/v1/admin/llm", None, None).await;
    assert_eq!((status, llm["enabled"].clone()), (200, json!(false)));
    c.close().await.unwrap();
}
