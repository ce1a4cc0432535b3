//! End-to-end: the real page in real headless Chromium (Debian's `chromium`
//! and `chromium-driver`), driven over WebDriver against a real server.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_browser() -> (Driver, Client) {
    // fantoccini and reqwest enable different rustls backends; pick one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let driver_bin =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = free_port();
    let child = Command::new(&driver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {driver_bin} (apt-get install chromium chromium-driver): {e}")
        });
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let chrome = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let profile = tempfile::tempdir().unwrap().keep();
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": chrome,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match ClientBuilder::rustls()
            .unwrap()
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await
        {
            Ok(client) => return (driver, client),
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot connect to chromedriver: {e}"),
        }
    }
}

/// Polls `probe` until it returns Some, for at most 15 s.
async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(v) = probe().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn submit(c: &Client, question: &str) {
    let input = c.find(Locator::Id("question")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(question).await.unwrap();
    c.find(Locator::Id("ask-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

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
        let shown = wait_for("the payload in history", || async {
            let h = text_of(&c, "#history").await;
            h.contains(payload).then_some(h)
        })
        .await;
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
    let first = c
        .find(Locator::Css("#history li:last-child button"))
        .await
        .unwrap();
    first.click().await.unwrap();
    wait_for("history re-open", || async {
        text_of(&c, "#answer")
            .await
            .contains("Max Verstappen")
            .then_some(())
    })
    .await;

    // Validation errors are shown as such.
    c.execute(
        "document.getElementById('question').removeAttribute('maxlength')",
        vec![],
    )
    .await
    .unwrap();
    submit(&c, &"x".repeat(600)).await;
    let status = wait_for("the validation error", || async {
        let s = text_of(&c, "#status").await;
        s.contains("limit").then_some(s)
    })
    .await;
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
    let status = wait_for("the server-down message", || async {
        let s = text_of(&c, "#status").await;
        s.contains("Cannot reach").then_some(s)
    })
    .await;
    assert!(status.contains("server"));
    c.close().await.unwrap();
}

/// Whether the element with this id has the `hidden` attribute.
async fn is_hidden(c: &Client, id: &str) -> bool {
    let e = c.find(Locator::Id(id)).await.unwrap();
    e.attr("hidden").await.unwrap().is_some()
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
    let unplaced = wait_for("the unplaced words", || async {
        let s = text_of(&c, "#unparsed").await;
        s.contains("purple").then_some(s)
    })
    .await;
    assert!(unplaced.starts_with("Not understood"), "{unplaced}");
    assert_eq!(text_of(&c, "#interpretation").await, "Not answered");

    // Re-opened from history, the answer shows its interpretation again.
    c.find(Locator::Css("#history li:last-child button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the re-opened interpretation", || async {
        text_of(&c, "#interpretation")
            .await
            .contains("Monaco")
            .then_some(())
    })
    .await;
    assert!(is_hidden(&c, "unparsed").await);
    c.close().await.unwrap();
}
