//! End-to-end: the real page in real headless Chromium (Debian's `chromium`
//! and `chromium-driver`), driven over WebDriver against a real server.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::browser::{
    click, free_port, is_hidden, start_browser, submit, text_of, wait_for, wait_for_text,
};
use fantoccini::Locator;

#[tokio::test]
async fn asks_a_question_and_escapes_hostile_input() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();

    // A real question: the answer sentence and the table appear.
    submit(&c, "Who won the 2021 Abu Dhabi Grand Prix?").await;
    let answer = wait_for("the answer", || async {
        let a = text_of(&c, "#answer").await;
        (!a.is_empty()).then_some(a)
    })
    .await;
    assert!(answer.contains("Max Verstappen"), "{answer}");
    let table = text_of(&c, "#table").await;
    assert!(
        table.contains("Max Verstappen") && table.contains("Red Bull"),
        "{table}"
    );
    let sql_hidden = c
        .find(Locator::Id("sql-box"))
        .await
        .unwrap()
        .attr("hidden")
        .await
        .unwrap();
    assert!(
        sql_hidden.is_none(),
        "the SQL box is shown for a local answer"
    );

    // Hostile questions: nothing runs, the text shows literally.
    let payloads = [
        r#"<img src=x onerror="window.__xss=1;alert(1)">"#,
        r#"<script>window.__xss=2;alert(2)</script>"#,
        r#""><svg onload="window.__xss=3">"#,
    ];
    for payload in payloads {
        submit(&c, payload).await;
        let shown = wait_for_text(&c, "#history", payload).await;
        assert!(shown.contains(payload));
        assert!(
            c.get_alert_text().await.is_err(),
            "an alert opened for {payload}"
        );
    }
    let xss = c.execute("return window.__xss === undefined && document.querySelectorAll('#history img, #history script, #history svg').length", vec![]).await.unwrap();
    assert_eq!(
        xss,
        serde_json::json!(0),
        "no injected element or script ran"
    );

    // Clicking a history entry re-opens it.
    click(&c, "#history li:last-child button").await;
    wait_for_text(&c, "#answer", "Max Verstappen").await;

    // Validation errors are shown as such.
    c.execute(
        "document.getElementById('question').removeAttribute('maxlength')",
        vec![],
    )
    .await
    .unwrap();
    submit(&c, &"x".repeat(600)).await;
    let status = wait_for_text(&c, "#status", "limit").await;
    assert!(status.contains("500"), "{status}");

    // Phone-sized: nothing overflows the viewport horizontally.
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(overflow, serde_json::json!(true));
    c.close().await.unwrap();
}

#[tokio::test]
async fn shows_server_down() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    // Point the page's fetches at a closed port to simulate the server going away.
    let dead = free_port();
    c.execute(
        &format!(
            "const f = window.fetch; window.fetch = (u, o) => f('http://127.0.0.1:{dead}' + u, o);"
        ),
        vec![],
    )
    .await
    .unwrap();
    submit(&c, "who won monza 2019").await;
    let status = wait_for_text(&c, "#status", "Cannot reach").await;
    assert!(status.contains("server"));
    c.close().await.unwrap();
}

#[tokio::test]
async fn shows_the_interpretation_above_the_answer_and_the_words_it_did_not_understand() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();

    submit(&c, "Who won the 2012 Monaco Grand Prix?").await;
    let said = wait_for("the interpretation", || async {
        let s = text_of(&c, "#interpretation").await;
        (!s.is_empty()).then_some(s)
    })
    .await;
    assert!(said.contains("Monaco") && said.contains("2012"), "{said}");
    assert!(text_of(&c, "#answer").await.contains("Mark Webber"));
    let above = c
        .execute(
            "const i = document.getElementById('interpretation').getBoundingClientRect();\
             const a = document.getElementById('answer').getBoundingClientRect();\
             return i.height > 0 && i.bottom <= a.top;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(above, serde_json::json!(true), "shown above the answer");
    assert!(is_hidden(&c, "unparsed").await, "nothing unplaced");

    // A decline names the words it could not place.
    submit(&c, "How many purple races did Lewis Hamilton win?").await;
    let unplaced = wait_for_text(&c, "#unparsed", "purple").await;
    assert!(unplaced.starts_with("Not understood"), "{unplaced}");
    assert_eq!(text_of(&c, "#interpretation").await, "Not answered");

    // Re-opened from history, the answer shows its interpretation again.
    click(&c, "#history li:last-child button").await;
    wait_for_text(&c, "#interpretation", "Monaco").await;
    assert!(is_hidden(&c, "unparsed").await);
    c.close().await.unwrap();
}
