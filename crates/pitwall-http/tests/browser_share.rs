//! Shareable and navigable, in real headless Chromium against a real server
//! (local answers only, no LLM): `/?q=` asks on load; back and forward
//! restore earlier answers from the history entries' state, with no reload
//! and no new request; "copy link" gives the `/?q=` link (clipboard, or a
//! selected read-only field); the page works by keyboard alone (`/`, Enter,
//! ArrowUp/ArrowDown, Escape, Tab with a visible focus ring); answers and
//! errors reach the live regions; a hostile `?q=` is only ever text; the
//! dark palette keeps its contrast.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::browser::{click, start_browser, submit, text_of, wait_for, wait_for_text};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::{json, Value};

const ABU_DHABI: &str = "Who won the 2021 Abu Dhabi Grand Prix?";
const SPA: &str = "who won spa in 98";
/// A word of the Spa 1998 answer (Damon Hill won it).
const SPA_WINNER: &str = "Damon Hill";

/// Percent-encodes like JavaScript's `encodeURIComponent`.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Runs `script` in the page and returns its value.
async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Presses each key in turn on whatever has the focus, as a keyboard would
/// (no element is targeted).
async fn press(c: &Client, keys: &[char]) {
    let mut seq = KeyActions::new("keyboard".into());
    for &k in keys {
        seq = seq
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k });
    }
    c.perform_actions(seq).await.unwrap();
}

/// Types `text` on the keyboard.
async fn type_text(c: &Client, text: &str) {
    press(c, &text.chars().collect::<Vec<_>>()).await;
}

async fn box_value(c: &Client) -> Value {
    js(c, "return document.getElementById('question').value").await
}

async fn active_id(c: &Client) -> Value {
    js(
        c,
        "return document.activeElement && document.activeElement.id",
    )
    .await
}

/// Counts the page's `POST /v1/ask` requests in `window.__asks`.
async fn count_asks(c: &Client) {
    js(
        c,
        "window.__asks = 0; const f = window.fetch;\
         window.fetch = (u, o) => { if (String(u).includes('/v1/ask')) window.__asks += 1; return f(u, o); };",
    )
    .await;
}

#[tokio::test]
async fn a_q_link_asks_on_load_and_back_and_forward_restore_answers_without_a_reload() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/?q={}", t.base, encode(ABU_DHABI)))
        .await
        .unwrap();

    // Asked on load: the answer, the decoded question in the box, and the
    // answer said in the polite live region.
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    assert_eq!(box_value(&c).await, json!(ABU_DHABI));
    let said = wait_for_text(&c, "#live", "Max Verstappen").await;
    assert!(said.contains(ABU_DHABI), "{said}");
    let polite = js(
        &c,
        "return document.getElementById('live').getAttribute('aria-live')",
    )
    .await;
    assert_eq!(polite, json!("polite"));
    let start_len = js(&c, "return history.length").await.as_u64().unwrap();

    // A marker that only survives if the page is never reloaded.
    js(&c, "window.__marker = 42").await;

    // A second question pushes /?q=<it>; the same question again adds no entry.
    submit(&c, SPA).await;
    wait_for_text(&c, "#answer", SPA_WINNER).await;
    assert_eq!(
        js(&c, "return location.search").await,
        json!(format!("?q={}", encode(SPA)))
    );
    assert_eq!(js(&c, "return history.length").await, json!(start_len + 1));
    submit(&c, SPA).await;
    wait_for("the second answer to the same question", || async {
        let said = text_of(&c, "#live").await;
        (said.contains(SPA_WINNER)).then_some(())
    })
    .await;
    assert_eq!(
        js(&c, "return history.length").await,
        json!(start_len + 1),
        "asking the same question twice in a row pushes one entry"
    );

    // Back: the earlier question and answer, from the entry's state, with
    // no request and no reload; the live region says where we are.
    count_asks(&c).await;
    c.back().await.unwrap();
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    assert_eq!(box_value(&c).await, json!(ABU_DHABI));
    assert_eq!(
        js(&c, "return location.search").await,
        json!(format!("?q={}", encode(ABU_DHABI)))
    );
    let said = wait_for_text(&c, "#live", "Back to").await;
    assert!(said.contains("Max Verstappen"), "{said}");
    assert!(text_of(&c, "#table").await.contains("Red Bull"));

    // Forward: the later one again.
    c.forward().await.unwrap();
    wait_for_text(&c, "#answer", SPA_WINNER).await;
    assert_eq!(box_value(&c).await, json!(SPA));
    assert_eq!(
        js(&c, "return [window.__marker, window.__asks]").await,
        json!([42, 0]),
        "no reload and no new request on back/forward"
    );

    // An entry without state (made by hand here) is asked again.
    js(
        &c,
        &format!(
            "history.pushState(null, '', '/?q={}'); history.pushState(null, '', '/?q=x'); history.back();",
            encode(ABU_DHABI)
        ),
    )
    .await;
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    let asks = wait_for("the re-ask", || async {
        let n = js(&c, "return window.__asks").await;
        (n != json!(0)).then_some(n)
    })
    .await;
    assert_eq!(asks, json!(1));
    assert_eq!(js(&c, "return window.__marker").await, json!(42));
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_answer_that_lands_after_back_is_not_drawn() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/?q={}", t.base, encode(ABU_DHABI)))
        .await
        .unwrap();
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    submit(&c, SPA).await;
    wait_for_text(&c, "#answer", SPA_WINNER).await;
    let len = js(&c, "return history.length").await;

    // A slow answer, and back before it lands.
    js(
        &c,
        "const f = window.fetch; window.fetch = (u, o) => String(u).includes('/v1/ask')\
           ? new Promise((r) => setTimeout(r, 1500)).then(() => f(u, o)) : f(u, o);",
    )
    .await;
    submit(&c, "Who won the 2019 Italian Grand Prix?").await;
    c.back().await.unwrap();
    wait_for_text(&c, "#answer", "Max Verstappen").await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let after = js(
        &c,
        "return [document.getElementById('answer').textContent.includes('Verstappen'),\
                 location.search, history.length, document.getElementById('status').hidden]",
    )
    .await;
    assert_eq!(
        after,
        json!([true, format!("?q={}", encode(ABU_DHABI)), len, true]),
        "the late answer is dropped: no redraw, no new entry"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn copy_link_gives_the_q_link_by_clipboard_or_a_selected_field() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    submit(&c, SPA).await;
    wait_for_text(&c, "#answer", SPA_WINNER).await;
    let expected = format!("{}/?q={}", t.base, encode(SPA));

    // With a clipboard: the link is written to it.
    js(
        &c,
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {\
           writeText: (s) => { window.__copied = s; return Promise.resolve(); } } });",
    )
    .await;
    click(&c, "#copy-link").await;
    wait_for_text(&c, "#copy-note", "copied").await;
    assert_eq!(js(&c, "return window.__copied").await, json!(expected));
    wait_for_text(&c, "#live", "Link copied").await;

    // Without one: a read-only field shows the link, focused and selected.
    js(
        &c,
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });",
    )
    .await;
    click(&c, "#copy-link").await;
    wait_for_text(&c, "#copy-note", "selected").await;
    let field = js(
        &c,
        "const f = document.getElementById('share-link');\
         return [f.hidden, f.readOnly, f.value, document.activeElement === f,\
                 f.selectionStart, f.selectionEnd === f.value.length];",
    )
    .await;
    assert_eq!(field, json!([false, true, expected, true, 0, true]));

    // Back to the bare page (the entry before the first question): no
    // answer, an empty box, and no reload.
    js(&c, "window.__marker = 7").await;
    c.back().await.unwrap();
    wait_for_text(&c, "#live", "Back to the start").await;
    let bare = js(
        &c,
        "return [document.getElementById('result').hidden, location.search, window.__marker]",
    )
    .await;
    assert_eq!(bare, json!([true, "", 7]));
    assert_eq!(box_value(&c).await, json!(""));

    // The link itself asks the question.
    c.goto(&expected).await.unwrap();
    wait_for_text(&c, "#answer", SPA_WINNER).await;
    assert_eq!(box_value(&c).await, json!(SPA));
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_hostile_q_is_shown_literally_and_errors_are_alerts() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    let payloads = [
        r#"<img src=x onerror="window.__xss=1;alert(1)">"#,
        r#""><script>window.__xss=2;alert(2)</script>"#,
        r#"</title><svg onload="window.__xss=3">"#,
    ];
    for payload in payloads {
        c.goto(&format!("{}/?q={}", t.base, encode(payload)))
            .await
            .unwrap();
        wait_for_text(&c, "#history", payload).await;
        assert_eq!(box_value(&c).await, json!(payload));
        wait_for_text(&c, "#live", payload).await;
        assert!(
            c.get_alert_text().await.is_err(),
            "an alert opened for {payload}"
        );
        let clean = js(
            &c,
            "return [window.__xss === undefined, document.querySelectorAll('img, svg').length,\
                     document.scripts.length, document.title];",
        )
        .await;
        assert_eq!(
            clean,
            // app.js, share.js, table.js and chart.js, and no other script.
            json!([true, 0, 4, "pitwall — F1 questions in plain English"]),
            "nothing injected for {payload}"
        );
        let link = js(&c, "return document.getElementById('share-link').value").await;
        assert_eq!(link, json!(format!("{}/?q={}", t.base, encode(payload))));
    }

    // An error goes to the assertive region (role=alert).
    c.goto(&format!("{}/?q={}", t.base, "x".repeat(600)))
        .await
        .unwrap();
    let alert = wait_for_text(&c, "#live-alert", "500").await;
    assert!(text_of(&c, "#status").await.contains("500"), "{alert}");
    let role = js(
        &c,
        "return document.getElementById('live-alert').getAttribute('role')",
    )
    .await;
    assert_eq!(role, json!("alert"));
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_page_works_by_keyboard_alone() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    wait_for("the page's script", || async {
        let ready = js(&c, "return typeof initShare === 'function' && document.getElementById('examples').children.length > 0").await;
        (ready == json!(true)).then_some(())
    })
    .await;

    // "/" focuses the box; typing and Enter ask.
    press(&c, &['/']).await;
    assert_eq!(active_id(&c).await, json!("question"));
    assert_eq!(box_value(&c).await, json!(""), "the / is not typed");
    type_text(&c, SPA).await;
    press(&c, &[Key::Enter.into()]).await;
    wait_for_text(&c, "#answer", SPA_WINNER).await;

    // Escape clears; a second question.
    press(&c, &[Key::Escape.into()]).await;
    assert_eq!(box_value(&c).await, json!(""));
    type_text(&c, ABU_DHABI).await;
    press(&c, &[Key::Enter.into()]).await;
    wait_for_text(&c, "#answer", "Max Verstappen").await;

    // ArrowUp/ArrowDown walk this tab's questions like a shell, back to
    // what was being typed.
    press(&c, &[Key::Escape.into()]).await;
    type_text(&c, "draft").await;
    press(&c, &[Key::Up.into()]).await;
    assert_eq!(box_value(&c).await, json!(ABU_DHABI));
    press(&c, &[Key::Up.into()]).await;
    assert_eq!(box_value(&c).await, json!(SPA));
    press(&c, &[Key::Up.into()]).await;
    assert_eq!(box_value(&c).await, json!(SPA), "the oldest stays");
    press(&c, &[Key::Down.into()]).await;
    assert_eq!(box_value(&c).await, json!(ABU_DHABI));
    press(&c, &[Key::Down.into()]).await;
    assert_eq!(box_value(&c).await, json!("draft"));

    // A recalled question is asked with Enter.
    press(&c, &[Key::Up.into(), Key::Up.into(), Key::Enter.into()]).await;
    wait_for_text(&c, "#answer", SPA_WINNER).await;
    wait_for_text(&c, "#live", SPA_WINNER).await;

    // In the box, "/" is just a character.
    press(&c, &[Key::Escape.into()]).await;
    type_text(&c, "a/b").await;
    assert_eq!(box_value(&c).await, json!("a/b"));

    // Tab reaches every control, each with a visible focus ring (round
    // the page: past the last control the focus leaves the document, then
    // comes back to the first).
    let mut seen = Vec::new();
    let mut left = 0;
    for _ in 0..60 {
        press(&c, &[Key::Tab.into()]).await;
        let v = js(
            &c,
            "const e = document.activeElement; const s = getComputedStyle(e);\
             return [e.id || e.tagName, s.outlineStyle, s.outlineWidth];",
        )
        .await;
        let label = v[0].as_str().unwrap().to_string();
        if label == "BODY" {
            left += 1;
            if left == 2 {
                break;
            }
            continue;
        }
        assert!(
            v[1] != json!("none") && v[2] != json!("0px"),
            "no visible focus on {v}"
        );
        seen.push(label);
    }
    for id in ["question", "ask-button", "copy-link"] {
        assert!(
            seen.iter().any(|s| s == id),
            "{id} not reached by Tab: {seen:?}"
        );
    }
    assert!(seen.iter().any(|s| s == "SUMMARY"), "{seen:?}");
    assert!(
        seen.iter().filter(|s| *s == "BUTTON").count() >= 6,
        "{seen:?}"
    );

    // From a button, "/" goes back to the box.
    js(&c, "document.getElementById('copy-link').focus()").await;
    press(&c, &['/']).await;
    assert_eq!(active_id(&c).await, json!("question"));
    c.close().await.unwrap();
}

#[tokio::test]
async fn dark_mode_follows_the_system_with_readable_contrast() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    // The dark palette, read from the stylesheet's
    // `prefers-color-scheme: dark` rule, and each text colour's contrast
    // against the backgrounds it is drawn on (WCAG formula).
    let ratios = js(
        &c,
        r#"
        const rule = [...document.styleSheets[0].cssRules].find((r) =>
          r.media && r.conditionText.includes("prefers-color-scheme: dark"));
        if (!rule) return null;
        const root = [...rule.cssRules].find((r) => r.selectorText === ":root").style;
        const hex = (name) => root.getPropertyValue(name).trim();
        const lum = (h) => {
          const c = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
            .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
          return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        };
        const ratio = (a, b) => {
          const [x, y] = [lum(hex(a)), lum(hex(b))].sort((p, q) => q - p);
          return (x + 0.05) / (y + 0.05);
        };
        const pairs = [["--fg", "--bg"], ["--fg", "--card"], ["--muted", "--bg"],
          ["--muted", "--card"], ["--accent-text", "--bg"], ["--error-fg", "--error-bg"],
          ["--fg", "--info-bg"], ["--fg", "--shade"], ["--focus", "--bg"]];
        const out = {};
        for (const [f, b] of pairs) out[f + " on " + b] = ratio(f, b);
        out["white on --accent"] = (1.05) / (lum(hex("--accent")) + 0.05);
        return out;
        "#,
    )
    .await;
    let ratios = ratios
        .as_object()
        .expect("a prefers-color-scheme: dark rule");
    for (pair, r) in ratios {
        let r = r.as_f64().unwrap();
        assert!(r >= 4.5, "{pair}: contrast {r:.2} < 4.5");
    }
    c.close().await.unwrap();
}
