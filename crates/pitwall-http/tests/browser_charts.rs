//! Charts, labels and the "What can I ask?" panel, in real headless
//! Chromium against a real server: a series answer shows the server-drawn
//! chart above the table with as many series as its hint and an alt text
//! naming them; a one-row answer shows none; hostile text in the question,
//! in column labels and in chart series names is shown literally and never
//! runs (the model stand-in returns it); the capabilities panel opens and
//! asks an example by keyboard; axe-core (vendored, test-only) finds no
//! serious or critical violation on the page, an answer and an error; and
//! screenshots at 1280 px and 390 px are kept as test artefacts.
//!
//! Artefacts go to `$PITWALL_TEST_ARTIFACTS`, else
//! `$CARGO_TARGET_DIR/test-artifacts`, else `target/test-artifacts` at the
//! workspace root (created when missing).

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use std::path::PathBuf;

use common::browser::{start_browser, submit, text_of, wait_for, wait_for_text};
use common::{spawn_app_with, TestApp};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use pitwall_llm_standin::{spawn, Behaviour, StandinHandle};
use serde_json::{json, Value};

/// An engine series (a line: Michael Schumacher's points per season).
const SERIES: &str = "In which years did Michael Schumacher score points?";
/// A word of its answer.
const SERIES_WORD: &str = "Schumacher";
/// A one-row engine answer.
const SINGLE: &str = "Who won the 2021 Abu Dhabi Grand Prix?";
/// Declined by the engine (and hostile itself), so the model answers.
const HOSTILE_QUESTION: &str =
    "<img src=x onerror=window.__xss=3> average lap count in races won by drivers from Finland?";
/// Two series, one named with markup, and a column alias with markup.
const HOSTILE_SQL: &str = "SELECT ra.year AS year, CASE WHEN ra.round % 2 = 0 \
    THEN '<img src=x onerror=window.__xss=1>' ELSE 'odd rounds' END AS label, \
    COUNT(*) AS \"<b onmouseover=window.__xss=2>races</b>\" FROM races ra \
    WHERE ra.year BETWEEN 2019 AND 2021 GROUP BY 1, 2 ORDER BY 1, 2";
const AXE: &str = include_str!("vendor/axe.min.js");

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

async fn press(c: &Client, key: Key) {
    let k: char = key.into();
    let seq = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    c.perform_actions(seq).await.unwrap();
}

async fn llm_app(standin: &StandinHandle) -> TestApp {
    let base_url = standin.base_url();
    spawn_app_with(&[
        ("OPENAI_API_KEY", "test-llm-key-browser-charts"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
        ("PITWALL_LLM_RETRY_BASE_MS", "1"),
    ])
    .await
}

/// Waits for the chart image to be shown and loaded; returns what the page
/// shows: `{alt, series (legend entries), groups (line series), hintSeries}`.
async fn shown_chart(c: &Client) -> Value {
    wait_for("the chart image", || async {
        let v = js(
            c,
            "const img = document.getElementById('chart');\
             if (!img || document.getElementById('chart-box').hidden || !img.complete || !img.naturalWidth) return null;\
             const svg = decodeURIComponent(img.src.split(',').slice(1).join(','));\
             const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');\
             return { alt: img.alt, legend: doc.querySelectorAll('g.legend text').length,\
                      groups: doc.querySelectorAll('g.series').length,\
                      names: Array.from(doc.querySelectorAll('g.legend text')).map((t) => t.textContent),\
                      scripts: doc.querySelectorAll('script, foreignObject').length,\
                      src: img.src.slice(0, 27) };",
        )
        .await;
        (!v.is_null()).then_some(v)
    })
    .await
}

fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("PITWALL_TEST_ARTIFACTS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|d| PathBuf::from(d).join("test-artifacts"))
        })
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artifacts")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves a PNG screenshot of the page as `name`; returns its path.
async fn screenshot(c: &Client, name: &str) -> PathBuf {
    js(c, "document.getElementById('chart-box').scrollIntoView()").await;
    let png = c.screenshot().await.unwrap();
    let path = artifacts_dir().join(name);
    std::fs::write(&path, &png).unwrap();
    path
}

#[tokio::test]
async fn a_series_answer_shows_its_chart_and_a_single_row_none() {
    let t = spawn_app_with(&[]).await;
    let api: Value = t.ask(SERIES).await.json().await.unwrap();
    let hint_series: Vec<String> = serde_json::from_value(api["chart"]["series"].clone()).unwrap();
    assert!(!hint_series.is_empty(), "{api}");
    let (_driver, c) = start_browser().await;
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&format!("{}/", t.base)).await.unwrap();

    submit(&c, SERIES).await;
    wait_for_text(&c, "#answer", SERIES_WORD).await;
    let chart = shown_chart(&c).await;
    assert_eq!(chart["src"], "data:image/svg+xml;charset=", "{chart}");
    assert_eq!(chart["legend"], json!(hint_series.len()), "{chart}");
    assert_eq!(chart["groups"], json!(hint_series.len()), "{chart}");
    assert_eq!(chart["scripts"], 0);
    let alt = chart["alt"].as_str().unwrap();
    assert!(alt.starts_with("Line chart: Points by season."), "{alt}");
    for s in &hint_series {
        assert!(alt.contains(s.as_str()), "the alt names {s}: {alt}");
    }
    // The chart sits above the table; headers show labels, keep names.
    let order = js(
        &c,
        "return !!(document.getElementById('chart-box').compareDocumentPosition(\
         document.querySelector('.table-wrap')) & Node.DOCUMENT_POSITION_FOLLOWING)",
    )
    .await;
    assert_eq!(order, json!(true));
    let headers = js(
        &c,
        "return Array.from(document.querySelectorAll('#table th')).map((th) => [th.textContent, th.dataset.column])",
    )
    .await;
    assert_eq!(headers[0], json!(["Season", "year"]), "{headers}");

    let wide = screenshot(&c, "answer-chart-1280.png").await;
    c.set_window_size(390, 844).await.unwrap();
    // Re-ask at phone width so the chart is laid out for it.
    submit(&c, SINGLE).await;
    wait_for_text(&c, "#answer", "Verstappen").await;
    submit(&c, SERIES).await;
    wait_for_text(&c, "#answer", SERIES_WORD).await;
    let narrow_chart = shown_chart(&c).await;
    assert_eq!(narrow_chart["legend"], json!(hint_series.len()));
    let fits = js(
        &c,
        "const img = document.getElementById('chart'); \
         return [img.getBoundingClientRect().right <= window.innerWidth, img.naturalWidth, document.documentElement.scrollWidth <= window.innerWidth]",
    )
    .await;
    assert_eq!(fits[0], json!(true), "{fits}");
    assert!(
        fits[1].as_u64().unwrap() < 400,
        "laid out for the phone: {fits}"
    );
    assert_eq!(fits[2], json!(true), "no sideways scroll: {fits}");
    let narrow = screenshot(&c, "answer-chart-390.png").await;
    for path in [wide, narrow] {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is a PNG",
            path.display()
        );
        assert!(bytes.len() > 1000, "{} has a picture", path.display());
    }

    // A one-row answer: no chart is shown and none is fetched.
    js(
        &c,
        "window.__charts = 0; const f = window.fetch;\
         window.fetch = (u, o) => { if (String(u).includes('chart.svg')) window.__charts += 1; return f(u, o); };",
    )
    .await;
    submit(&c, SINGLE).await;
    wait_for_text(&c, "#answer", "Verstappen").await;
    let none = js(
        &c,
        "return [document.getElementById('chart-box').hidden, document.querySelectorAll('#result img').length]",
    )
    .await;
    assert_eq!(none, json!([true, 0]));
    assert_eq!(js(&c, "return window.__charts").await, json!(0));

    // A long series (one row per round and driver): one line per driver
    // the hint names, each named in the legend and the text alternative.
    let api: Value = t.ask(STANDINGS).await.json().await.unwrap();
    let drivers: Vec<String> = serde_json::from_value(api["chart"]["series"].clone()).unwrap();
    assert_eq!(api["chart"]["series_column"], "driver", "{api}");
    assert_eq!(drivers.len(), 5, "{api}");
    submit(&c, STANDINGS).await;
    wait_for_text(&c, "#answer", "after each round").await;
    let standings = shown_chart(&c).await;
    assert_eq!(standings["groups"], json!(5), "{standings}");
    assert_eq!(standings["legend"], json!(5), "{standings}");
    let alt = standings["alt"].as_str().unwrap();
    for d in &drivers {
        assert!(alt.contains(d.as_str()), "the alt names {d}: {alt}");
    }
    screenshot(&c, "standings-chart-390.png").await;
    c.close().await.unwrap();
}

/// A long series: the top five's points after each round.
const STANDINGS: &str = "Championship standings after each round of 2021";

#[tokio::test]
async fn hostile_question_labels_and_series_names_stay_text() {
    let standin = spawn(Behaviour::Scripted(vec![
        Behaviour::ToolCall(HOSTILE_SQL.to_string()),
        Behaviour::Ok,
    ]))
    .await;
    let t = llm_app(&standin).await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    js(&c, "window.alert = () => { window.__xss = 'alert'; };").await;

    submit(&c, HOSTILE_QUESTION).await;
    wait_for_text(&c, "#meta", "source: llm").await;
    let chart = shown_chart(&c).await;
    assert_eq!(chart["groups"], 2, "two series drawn: {chart}");
    assert_eq!(chart["legend"], 2, "{chart}");
    assert_eq!(chart["scripts"], 0);
    let names: Vec<String> = serde_json::from_value(chart["names"].clone()).unwrap();
    assert!(
        names.contains(&"<img src=x onerror=window.__xss=1>".to_string()),
        "{names:?}"
    );
    let alt = chart["alt"].as_str().unwrap();
    assert!(
        alt.contains("<img src=x onerror=window.__xss=1>") && alt.contains("odd rounds"),
        "{alt}"
    );
    // The hostile alias: its machine name kept exactly in data-column, its
    // generic label shown as text in the header and named in the alt.
    let headers = js(
        &c,
        "return Array.from(document.querySelectorAll('#table th')).map((th) => [th.textContent, th.dataset.column])",
    )
    .await;
    assert_eq!(
        headers[2][1],
        json!("<b onmouseover=window.__xss=2>races</b>"),
        "{headers}"
    );
    let label = headers[2][0].as_str().unwrap();
    assert!(
        label.starts_with("<b onmouseover=") && label.ends_with("races</b>"),
        "{headers}"
    );
    assert!(alt.contains(label), "the alt names the measure: {alt}");
    let cells = text_of(&c, "#table tbody").await;
    assert!(
        cells.contains("<img src=x onerror=window.__xss=1>"),
        "{cells}"
    );
    // Give any injected handler a moment, then check nothing ran or parsed.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let safe = js(
        &c,
        "return [window.__xss === undefined, document.querySelectorAll('img').length,\
                 document.querySelectorAll('#result b, #history img, #result script').length,\
                 document.getElementById('question').value]",
    )
    .await;
    assert_eq!(safe[0], json!(true), "{safe}");
    assert_eq!(safe[1], json!(1), "the chart is the only image: {safe}");
    assert_eq!(safe[2], json!(0), "{safe}");
    assert_eq!(safe[3], json!(HOSTILE_QUESTION));
    c.close().await.unwrap();
    standin.shutdown().await;
}

#[tokio::test]
async fn the_capabilities_panel_asks_an_example_by_keyboard() {
    let t = spawn_app_with(&[]).await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    let kinds: Vec<String> = wait_for("the capabilities list", || async {
        let v = js(
            &c,
            "return Array.from(document.querySelectorAll('#capabilities-list h2')).map((h) => h.textContent)",
        )
        .await;
        let v: Vec<String> = serde_json::from_value(v).unwrap();
        (!v.is_empty()).then_some(v)
    })
    .await;
    let api: Value = t.get("/v1/capabilities").await.json().await.unwrap();
    let titles: Vec<&str> = api["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["title"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, titles, "the panel lists the engine's kinds");

    // Keyboard only: focus the summary, Enter opens, Tab to the first
    // example, Enter asks it.
    js(
        &c,
        "document.querySelector('#capabilities summary').focus()",
    )
    .await;
    press(&c, Key::Enter).await;
    assert_eq!(
        js(&c, "return document.getElementById('capabilities').open").await,
        json!(true)
    );
    press(&c, Key::Tab).await;
    let example = js(&c, "return document.activeElement.textContent").await;
    let example = example.as_str().unwrap().to_string();
    assert_eq!(example, api["kinds"][0]["examples"][0].as_str().unwrap());
    press(&c, Key::Enter).await;
    wait_for("the example asked", || async {
        let q = js(&c, "return document.getElementById('question').value").await;
        let shown = text_of(&c, "#meta").await;
        (q == json!(example) && shown.contains("source: local")).then_some(())
    })
    .await;
    c.close().await.unwrap();
}

/// Runs axe-core on the page; returns the serious and critical violations
/// as `id: target…` lines.
async fn axe_serious(c: &Client) -> Vec<String> {
    js(c, AXE).await;
    let out = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document).then((r) => done(r.passes.length === 0 ? ['axe checked nothing'] :\
               r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')\
                .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))\
             .catch((e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(out).unwrap()
}

#[tokio::test]
async fn axe_finds_nothing_serious_on_the_page_an_answer_and_an_error() {
    let t = spawn_app_with(&[]).await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    wait_for("the capabilities list", || async {
        (js(
            &c,
            "return document.querySelectorAll('#capabilities-list li').length",
        )
        .await
            != json!(0))
        .then_some(())
    })
    .await;
    let found = axe_serious(&c).await;
    assert!(found.is_empty(), "main page: {found:#?}");

    js(&c, "document.getElementById('capabilities').open = true").await;
    submit(&c, SERIES).await;
    wait_for_text(&c, "#answer", SERIES_WORD).await;
    shown_chart(&c).await;
    js(&c, "document.getElementById('sql-box').open = true").await;
    let found = axe_serious(&c).await;
    assert!(found.is_empty(), "answer with chart and table: {found:#?}");

    // An error: a question over the length limit, refused by the server.
    js(
        &c,
        "document.getElementById('question').removeAttribute('maxlength')",
    )
    .await;
    submit(&c, &"a".repeat(600)).await;
    wait_for("the error", || async {
        (js(&c, "return document.getElementById('status').dataset.kind").await == json!("error"))
            .then_some(())
    })
    .await;
    let found = axe_serious(&c).await;
    assert!(found.is_empty(), "error state: {found:#?}");
    c.close().await.unwrap();
}
