//! The page's API-key box in real headless Chromium against a real server
//! with a real user and key made through the admin API: anonymous until a
//! key is pasted; the key lives in `sessionStorage` only (no cookie, nothing
//! in `localStorage`) and goes out as a bearer header, so the questions land
//! in that user's history; a refused key (401), a blocked user (403) and a
//! limit (429, with the wait from `Retry-After`) are each said plainly; and
//! "forget" makes the page anonymous again.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::admin::{app, call, new_key, new_user, ADMIN, QUESTION};
use common::browser::{click, is_hidden, start_browser, submit, text_of, wait_for, wait_for_text};
use common::TestApp;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

/// The question asked with the key (anonymous ones ask [`QUESTION`]).
const KEYED: &str = "Who won the 2012 Monaco Grand Prix?";

/// Opens the key panel, pastes `key` and saves it.
async fn paste_key(c: &Client, key: &str) {
    let open = c
        .execute("return document.getElementById('key-panel').open", vec![])
        .await
        .unwrap();
    if open != json!(true) {
        click(c, "#key-panel summary").await;
    }
    let input = c.find(Locator::Id("api-key")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(key).await.unwrap();
    click(c, "#key-save").await;
}

/// A new user on `plan` and a key of theirs (the creation response).
async fn user_with_key(t: &TestApp, name: &str, plan: &str) -> (String, Value) {
    let user = new_user(t, name, plan).await;
    let key = new_key(t, &user, json!({"label": "browser"})).await;
    (user, key)
}

/// `[sessionStorage key, document.cookie, localStorage.length]`.
async fn storage(c: &Client) -> Value {
    c.execute(
        "return [sessionStorage.getItem('pitwall.apiKey'), document.cookie, localStorage.length]",
        vec![],
    )
    .await
    .unwrap()
}

/// The questions of the caller's history, via the API.
async fn history_questions(t: &TestApp, bearer: Option<&str>) -> Vec<String> {
    let (status, page) = call(t, "GET", "/v1/history?limit=100", bearer, None).await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["question"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_pasted_key_is_a_session_bearer_its_refusal_is_explained_and_forget_goes_anonymous() {
    let t = app().await;
    let (user, created) = user_with_key(&t, "Browser Bea", "free").await;
    let key = created["key"].as_str().unwrap().to_string();
    let public_id = created["public_id"].as_str().unwrap().to_string();
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();

    // Anonymous, as before: the page answers and says no key is set.
    assert!(text_of(&c, "#key-state").await.contains("anonymous"));
    assert!(is_hidden(&c, "key-forget").await);
    submit(&c, QUESTION).await;
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    assert_eq!(storage(&c).await, json!([null, "", 0]));

    // With the key: the user's (empty) history replaces the anonymous list,
    // and the next question is stored as theirs.
    paste_key(&c, &key).await;
    wait_for_text(&c, "#key-state", "saved").await;
    let value = c
        .execute("return document.getElementById('api-key').value", vec![])
        .await
        .unwrap();
    assert_eq!(value, json!(""), "the box is cleared once the key is saved");
    assert_eq!(
        storage(&c).await,
        json!([key, "", 0]),
        "the key is in sessionStorage only: no cookie, nothing in localStorage"
    );
    wait_for("the user's empty history", || async {
        (!text_of(&c, "#history").await.contains(QUESTION)).then_some(())
    })
    .await;
    submit(&c, KEYED).await;
    wait_for_text(&c, "#answer", "Mark Webber").await;
    wait_for_text(&c, "#history", KEYED).await;
    assert_eq!(history_questions(&t, Some(&key)).await, vec![KEYED]);
    let anonymous = history_questions(&t, None).await;
    assert_eq!(anonymous, vec![QUESTION], "not in the anonymous history");
    let (_, theirs) = call(
        &t,
        "GET",
        &format!("/v1/history?principal=user:{user}"),
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(theirs["items"][0]["question"], KEYED);

    // Revoked: the reloaded page (same tab, same sessionStorage) says the
    // key was refused and offers to forget it; asking says so too.
    let revoke = format!("/v1/admin/keys/{public_id}");
    assert_eq!(call(&t, "DELETE", &revoke, Some(ADMIN), None).await.0, 204);
    c.refresh().await.unwrap();
    let refused = wait_for_text(&c, "#status", "refused").await;
    assert!(refused.contains("unauthorized"), "{refused}");
    assert_eq!(text_of(&c, "#history").await, "", "no list for a bad key");
    c.execute("document.getElementById('status').hidden = true", vec![])
        .await
        .unwrap();
    submit(&c, QUESTION).await;
    wait_for_text(&c, "#status", "refused").await;
    assert_eq!(
        history_questions(&t, None).await,
        vec![QUESTION],
        "a refused key is never downgraded to anonymous"
    );

    // "Forget the key" in the message: anonymous again, the key gone.
    click(&c, "#status-forget").await;
    wait_for_text(&c, "#history", QUESTION).await;
    assert!(is_hidden(&c, "status").await);
    assert!(text_of(&c, "#key-state").await.contains("anonymous"));
    assert_eq!(storage(&c).await, json!([null, "", 0]));
    submit(&c, KEYED).await;
    wait_for_text(&c, "#history", KEYED).await;
    assert_eq!(history_questions(&t, None).await, vec![KEYED, QUESTION]);

    // A garbage key is refused the same way; the panel's Forget button
    // also makes the page anonymous.
    paste_key(&c, "pw_nosuchkey_0000000000000000").await;
    wait_for_text(&c, "#status", "refused").await;
    click(&c, "#key-forget").await;
    wait_for_text(&c, "#history", QUESTION).await;
    assert!(is_hidden(&c, "key-forget").await);
    assert_eq!(storage(&c).await, json!([null, "", 0]));

    // Something that is not a header value is not saved at all.
    paste_key(&c, "not a key").await;
    assert!(text_of(&c, "#key-note").await.contains("not a key"));
    assert_eq!(storage(&c).await, json!([null, "", 0]));
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_blocked_user_and_a_limited_key_are_told_why() {
    let t = app().await;
    let limits = json!({
        "requests_per_minute": 3, "requests_per_day": 1000, "llm_questions_per_day": 0,
        "llm_usd_per_day": 0.0, "max_concurrent": 4, "history_retention_days": 30
    });
    let (status, plan) = call(&t, "PUT", "/v1/admin/plans/tiny", Some(ADMIN), Some(limits)).await;
    assert_eq!(status, 200, "{plan}");
    let (blocked, blocked_key) = user_with_key(&t, "Blocked Bo", "free").await;
    let (_, tiny_key) = user_with_key(&t, "Tiny Ti", "tiny").await;
    let path = format!("/v1/admin/users/{blocked}");
    let (status, _) = call(
        &t,
        "PUT",
        &path,
        Some(ADMIN),
        Some(json!({"blocked": true})),
    )
    .await;
    assert_eq!(status, 200);
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();

    // 403 blocked: said as such, and the key is not called mistyped.
    paste_key(&c, blocked_key["key"].as_str().unwrap()).await;
    let said = wait_for_text(&c, "#status", "blocked").await;
    assert!(
        said.contains("operator") && !said.contains("refused"),
        "{said}"
    );
    click(&c, "#key-forget").await;

    // 429: three requests a minute (the history load, a question, the
    // history reload after it), then the next question is refused with
    // the wait the server gave in Retry-After.
    paste_key(&c, tiny_key["key"].as_str().unwrap()).await;
    submit(&c, QUESTION).await;
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    submit(&c, KEYED).await;
    let limited = wait_for_text(&c, "#status", "Too many requests").await;
    assert!(limited.contains("rate_limited"), "{limited}");
    let wait: u64 = limited
        .split("Try again in ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no wait in {limited:?}"));
    assert!((1..=60).contains(&wait), "{limited}");
    c.close().await.unwrap();
}
