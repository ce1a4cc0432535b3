//! SQL-injection and XSS payloads, and odd Unicode, through every text
//! input (the question, user names, key labels, plan names), against the
//! real server: what is accepted is stored and read back byte for byte
//! (history, users, keys, the audit log), what is refused gets a clear 400
//! and leaves nothing behind, and every table is still there afterwards.
//! Then the same payloads in real headless Chromium: everywhere the page
//! shows server text, it shows it as text.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::admin::{app, call, new_key, new_user, ADMIN, QUESTION};
use common::browser::{click, start_browser, submit, wait_for, wait_for_text};
use common::TestApp;
use fantoccini::Locator;
use serde_json::{json, Value};

/// Accepted by every free-text input and stored exactly as sent. (Already
/// NFC, single-spaced and trimmed: questions are normalised to that.)
const STORED: [&str; 9] = [
    "'; DROP TABLE history; --",
    "\" OR 1=1 --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Robert'); DELETE FROM users;--",
    "Max\u{200D}Verstappen \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", // zero-width joiners
    "\u{1F3CE}\u{FE0F} \u{1D53D}\u{1D7D9} \u{1F3C1}",                    // 4-byte characters
    "Z\u{0335}a\u{0334}l\u{0338}g\u{0336}o\u{0337} \u{0E01}\u{0E34}\u{0E4A}", // combining marks
    "x' UNION SELECT key_hash FROM api_keys; /* \\ %00 */",
];

/// A NUL: refused everywhere with a 400 that names the problem.
const NUL: &str = "who won\u{0}monza";
/// A right-to-left override: refused everywhere (it reorders how the text
/// reads, so a stored name would not read as it is stored).
const RLO: &str = "evil\u{202E}gnp.exe";
/// A decomposed "é": questions are normalised to NFC, names and labels are not.
const DECOMPOSED: &str = "Mone\u{0301}gasque";

/// Percent-encodes every byte but the unreserved ones, for a path segment.
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn ask(t: &TestApp, key: &str, question: &str) -> (u16, Value) {
    call(
        t,
        "POST",
        "/v1/ask",
        Some(key),
        Some(json!({ "question": question })),
    )
    .await
}

async fn items(t: &TestApp, path: &str, bearer: &str) -> Vec<Value> {
    let (status, body) = call(t, "GET", path, Some(bearer), None).await;
    assert_eq!(status, 200, "{path}: {body}");
    body["items"].as_array().unwrap().clone()
}

/// Sends an admin request that must be refused with 400 `invalid_body`;
/// returns the problem's detail.
async fn refusal(t: &TestApp, method: &str, path: &str, body: Value) -> String {
    let (status, problem) = call(t, method, path, Some(ADMIN), Some(body)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (400, Some("invalid_body")),
        "{path}: {problem}"
    );
    problem["detail"].as_str().unwrap().to_string()
}

fn field<'a>(items: &'a [Value], name: &str) -> Vec<&'a str> {
    items.iter().map(|i| i[name].as_str().unwrap()).collect()
}

fn names(items: &[Value]) -> Vec<&str> {
    field(items, "name")
}

#[tokio::test]
async fn hostile_text_is_stored_and_read_back_literally_or_refused_with_a_400() {
    let t = app().await;
    let asker = new_user(&t, "asker", "free").await;
    let key = new_key(&t, &asker, json!({"label": "asker"})).await["key"]
        .as_str()
        .unwrap()
        .to_string();
    let plans_before = names(&items(&t, "/v1/admin/plans", ADMIN).await).join(",");
    let audit_before = items(&t, "/v1/admin/audit?limit=100", ADMIN).await.len();

    // Questions: each answered (200), its history entry the text as sent.
    let mut asked = Vec::new();
    for payload in STORED {
        let (status, answer) = ask(&t, &key, payload).await;
        assert_eq!(status, 200, "{payload:?}: {answer}");
        assert_eq!(answer["question"], payload);
        let id = answer["id"].as_str().unwrap();
        let (status, entry) = call(&t, "GET", &format!("/v1/history/{id}"), Some(&key), None).await;
        assert_eq!((status, entry["question"].as_str()), (200, Some(payload)));
        asked.push(payload.to_string());
    }
    let (status, answer) = ask(&t, &key, DECOMPOSED).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["question"], "Mon\u{00E9}gasque", "stored as NFC");
    asked.push("Mon\u{00E9}gasque".into());
    for (refused, why) in [(NUL, "control character (U+0000)"), (RLO, "U+202E")] {
        let (status, problem) = ask(&t, &key, refused).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("invalid_question")),
            "{problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().contains(why),
            "{problem}"
        );
    }
    let history = items(&t, "/v1/history?limit=100", &key).await;
    let mut stored = field(&history, "question");
    stored.reverse();
    assert_eq!(stored, asked, "exactly the accepted questions, in order");
    // Served as JSON that a browser will not sniff as HTML.
    let resp = t
        .client
        .get(format!("{}/v1/history?limit=100", t.base))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");

    // User names and key labels: stored and listed as sent (a decomposed
    // accent included); a NUL or an RLO is a 400 and creates nothing.
    let mut texts: Vec<&str> = STORED.to_vec();
    texts.extend([DECOMPOSED]);
    let mut created = Vec::new();
    for text in &texts {
        let user = new_user(&t, text, "free").await;
        let one = format!("/v1/admin/users/{user}");
        let (_, shown) = call(&t, "GET", &one, Some(ADMIN), None).await;
        assert_eq!(shown["name"], *text);
        let made = new_key(&t, &asker, json!({ "label": text })).await;
        assert_eq!(made["label"], *text);
        created.push(user);
    }
    let keys = format!("/v1/admin/users/{asker}/keys");
    for bad in [NUL, RLO] {
        let user = refusal(&t, "POST", "/v1/admin/users", json!({ "name": bad })).await;
        let label = refusal(&t, "POST", &keys, json!({ "label": bad })).await;
        for detail in [user, label] {
            assert!(
                detail.contains("without control or bidirectional-control characters"),
                "{detail}"
            );
        }
    }

    let users = items(&t, "/v1/admin/users", ADMIN).await;
    let mut expected_names = vec!["asker"];
    expected_names.extend(&texts);
    let mut listed = names(&users);
    listed.sort_unstable();
    expected_names.sort_unstable();
    assert_eq!(listed, expected_names, "every user as named, no more");
    let keys = items(&t, &format!("/v1/admin/users/{asker}/keys"), ADMIN).await;
    let mut labels = field(&keys, "label");
    let mut expected_labels = vec!["asker"];
    expected_labels.extend(&texts);
    labels.sort_unstable();
    expected_labels.sort_unstable();
    assert_eq!(labels, expected_labels, "every key as labelled, no more");

    // Plan names are `a-z 0-9 - _` only: every payload is a 400 (in the
    // path and as a user's plan) and no plan appears.
    let limits = json!({
        "requests_per_minute": 10, "requests_per_day": 100, "llm_questions_per_day": 0,
        "llm_usd_per_day": 0.0, "max_concurrent": 2, "history_retention_days": 1
    });
    for text in texts.iter().chain([&NUL]) {
        let path = format!("/v1/admin/plans/{}", encode(text));
        let (status, problem) = call(&t, "PUT", &path, Some(ADMIN), Some(limits.clone())).await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (400, Some("invalid_parameter")),
            "{text:?}: {problem}"
        );
        assert!(problem["detail"]
            .as_str()
            .unwrap()
            .contains("not a plan name"));
        let planned = json!({"name": "planned", "plan": text});
        let detail = refusal(&t, "POST", "/v1/admin/users", planned).await;
        assert!(detail.contains("not a plan name"), "{detail}");
    }
    assert_eq!(
        names(&items(&t, "/v1/admin/plans", ADMIN).await).join(","),
        plans_before
    );

    // The audit log has each accepted name and label as sent, and nothing
    // for the refused ones: two rows (user, key) per text.
    let audit = items(&t, "/v1/admin/audit?limit=100", ADMIN).await;
    assert_eq!(audit.len(), audit_before + 2 * texts.len());
    for text in &texts {
        let user_rows = audit
            .iter()
            .filter(|r| r["action"] == "user.create" && r["after"]["name"] == *text)
            .count();
        let key_rows = audit
            .iter()
            .filter(|r| r["action"] == "key.create" && r["after"]["label"] == *text)
            .count();
        assert_eq!((user_rows, key_rows), (1, 1), "{text:?}");
    }

    // Every table is still there and whole: the asker's key still works,
    // a question still lands in history, a user can still be made.
    let (status, answer) = ask(&t, &key, QUESTION).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        items(&t, "/v1/history?limit=100", &key).await.len(),
        asked.len() + 1
    );
    new_user(&t, "after", "free").await;
    assert_eq!(
        items(&t, "/v1/admin/users", ADMIN).await.len(),
        expected_names.len() + 1
    );
}

/// What the page shows of the newest history entry, beside what the API
/// says about it (fetched in the page itself).
const SHOWN_VS_STORED: &str = r#"
const done = arguments[arguments.length - 1];
fetch('/v1/history?limit=1').then((r) => r.json()).then((page) => {
  const item = page.items[0];
  const entry = document.querySelector('#history li:first-child button');
  done({
    stored: item.question,
    api_answer: item.answer,
    api_interpretation: item.interpretation || '',
    api_unparsed: item.unparsed || [],
    listed_question: entry.firstChild.nodeType === Node.TEXT_NODE ? entry.firstChild.data : null,
    listed_answer: entry.querySelector('small').textContent,
    entry_elements: entry.querySelectorAll('*').length,
    answer: document.getElementById('answer').textContent,
    interpretation: document.getElementById('interpretation').textContent,
    unparsed: [...document.querySelectorAll('#unparsed .word')].map((w) => w.textContent),
    unparsed_elements: document.querySelectorAll('#unparsed *').length,
  });
}, (e) => done({ error: String(e) }));
"#;

/// Elements no server text should ever become, and the payloads' marker.
const INJECTED: &str = "return [document.querySelectorAll(\
    'body script, body img, body svg, body iframe, body object, body embed').length, \
    window.__xss === undefined]";

#[tokio::test]
async fn hostile_text_from_the_server_shows_literally_wherever_the_page_shows_it() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    // The box is filled by script: chromedriver types only BMP characters.
    let payloads = STORED
        .iter()
        .map(|p| p.to_string())
        .chain([r#"<svg onload="window.__xss=1">"#.to_string()]);
    for payload in payloads {
        c.execute(
            "document.getElementById('question').value = arguments[0]",
            vec![json!(payload)],
        )
        .await
        .unwrap();
        click(&c, "#ask-button").await;
        wait_for("the payload listed", || async {
            let listed = c
                .execute(
                    "const b = document.querySelector('#history li:first-child button');\
                     return b && b.firstChild ? b.firstChild.data : null",
                    vec![],
                )
                .await
                .unwrap();
            (listed == json!(payload)).then_some(())
        })
        .await;
        let seen = c.execute_async(SHOWN_VS_STORED, vec![]).await.unwrap();
        assert_eq!(seen["stored"], json!(payload), "{seen}");
        assert_eq!(seen["listed_question"], seen["stored"], "{seen}");
        assert_eq!(seen["listed_answer"], seen["api_answer"], "{seen}");
        assert_eq!(seen["entry_elements"], 1, "only the <small>: {seen}");
        assert_eq!(seen["answer"], seen["api_answer"], "{seen}");
        assert_eq!(seen["interpretation"], seen["api_interpretation"], "{seen}");
        assert_eq!(seen["unparsed"], seen["api_unparsed"], "{seen}");
        let chips = seen["unparsed"].as_array().unwrap().len();
        assert_eq!(
            seen["unparsed_elements"], chips,
            "one <span> a word: {seen}"
        );
        assert_eq!(c.execute(INJECTED, vec![]).await.unwrap(), json!([0, true]));
        assert!(c.get_alert_text().await.is_err(), "a dialog for {payload}");
    }

    // Re-opened from history, the question goes back into the box as text.
    let img = STORED[3];
    let entry = format!("//ol[@id='history']/li/button[starts-with(., \"{img}\")]");
    c.find(Locator::XPath(&entry))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the entry re-opened", || async {
        let value = c
            .execute("return document.getElementById('question').value", vec![])
            .await
            .unwrap();
        (value == json!(img)).then_some(())
    })
    .await;

    // A problem's detail (server text too) goes into the status as text.
    let hostile = r#"<img src=x onerror="window.__xss=2"> refused"#;
    c.execute(
        "const detail = arguments[0];\
         window.fetch = () => Promise.resolve(new Response(\
           JSON.stringify({ status: 400, code: 'invalid_question', detail }),\
           { status: 400, headers: { 'Content-Type': 'application/problem+json' } }));",
        vec![json!(hostile)],
    )
    .await
    .unwrap();
    submit(&c, "anything").await;
    let status = wait_for_text(&c, "#status", "refused").await;
    assert_eq!(status, hostile);
    assert_eq!(c.execute(INJECTED, vec![]).await.unwrap(), json!([0, true]));
    assert!(c.get_alert_text().await.is_err());
    c.close().await.unwrap();
}
