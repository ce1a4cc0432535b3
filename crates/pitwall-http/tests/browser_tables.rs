//! Readable tables, in real headless Chromium against a real server (local
//! answers only, no LLM): long answers show 20 rows and a keyboard-reachable
//! "Show all N rows" toggle, short ones show everything and no button;
//! numeric columns are right-aligned and text columns are not; a column of
//! milliseconds is shown as a time with the raw value in its title, while
//! text times and plain numbers stay as they are; "Copy SQL" copies the
//! exact SQL (stubbed clipboard) or selects it; a cell value is only ever
//! text.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns

mod common;

use common::browser::{click, start_browser, submit, text_of, wait_for, wait_for_text};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::{json, Value};

/// 22 rows: round (numbers), race and date (text).
const CALENDAR: &str = "What was the 2021 calendar?";
/// One row: time (text "1:15:26.665"), driver, laps, positionText,
/// milliseconds (4526665).
const RACE_TIME: &str = "What was the winning race time at Monza in 2019?";
/// One row.
const ABU_DHABI: &str = "Who won the 2021 Abu Dhabi Grand Prix?";

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// The API's answer to `q`.
async fn api_answer(t: &common::TestApp, q: &str) -> Value {
    t.ask(q).await.json().await.unwrap()
}

/// How many body rows of the answer table are displayed.
async fn visible_rows(c: &Client) -> u64 {
    js(
        c,
        "return Array.from(document.querySelectorAll('#table tbody tr'))\
         .filter((r) => r.getClientRects().length > 0).length",
    )
    .await
    .as_u64()
    .unwrap()
}

/// The computed text-align of each cell of the table's first body row.
async fn first_row_alignment(c: &Client) -> Vec<String> {
    let v = js(
        c,
        "return Array.from(document.querySelector('#table tbody tr').cells)\
         .map((td) => getComputedStyle(td).textAlign)",
    )
    .await;
    serde_json::from_value(v).unwrap()
}

async fn ask_and_wait(c: &Client, q: &str, needle: &str) {
    submit(c, q).await;
    wait_for_text(c, "#answer", needle).await;
}

#[tokio::test]
async fn long_tables_show_twenty_rows_and_a_keyboard_toggle_short_ones_everything() {
    let t = common::spawn_app().await;
    let api = api_answer(&t, CALENDAR).await;
    let n = api["rows"].as_array().unwrap().len();
    assert!(n > 20, "the calendar has more than 20 rows: {api}");
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();

    ask_and_wait(&c, CALENDAR, "2021").await;
    wait_for("the table rows", || async {
        (js(
            &c,
            "return document.querySelectorAll('#table tbody tr').length",
        )
        .await
            == json!(n))
        .then_some(())
    })
    .await;
    assert_eq!(visible_rows(&c).await, 20);
    assert_eq!(
        text_of(&c, "#table-more").await,
        format!("Show all {n} rows")
    );
    assert_eq!(
        js(
            &c,
            "return document.getElementById('table-more').getAttribute('aria-expanded')"
        )
        .await,
        json!("false")
    );

    // By keyboard: Tab from the table region reaches the button; Enter shows all.
    js(&c, "document.querySelector('.table-wrap').focus()").await;
    let tab = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Tab.into(),
        })
        .then(KeyAction::Up {
            value: Key::Tab.into(),
        });
    c.perform_actions(tab).await.unwrap();
    assert_eq!(
        js(&c, "return document.activeElement.id").await,
        json!("table-more")
    );
    let enter = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Enter.into(),
        })
        .then(KeyAction::Up {
            value: Key::Enter.into(),
        });
    c.perform_actions(enter).await.unwrap();
    wait_for("all rows", || async {
        (visible_rows(&c).await == n as u64).then_some(())
    })
    .await;
    assert_eq!(text_of(&c, "#table-more").await, "Show first 20");
    assert_eq!(
        js(
            &c,
            "return document.getElementById('table-more').getAttribute('aria-expanded')"
        )
        .await,
        json!("true")
    );

    // And back to the first 20 with a click.
    click(&c, "#table-more").await;
    assert_eq!(visible_rows(&c).await, 20);
    assert_eq!(
        text_of(&c, "#table-more").await,
        format!("Show all {n} rows")
    );

    // A short answer: every row, no button.
    ask_and_wait(&c, ABU_DHABI, "Max Verstappen").await;
    assert_eq!(visible_rows(&c).await, 1);
    assert_eq!(
        js(&c, "return document.getElementById('table-more').hidden").await,
        json!(true)
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn numbers_are_right_aligned_and_millisecond_times_are_formatted() {
    let t = common::spawn_app().await;
    let api = api_answer(&t, RACE_TIME).await;
    assert_eq!(
        api["columns"],
        json!(["time", "driver", "laps", "positionText", "milliseconds"]),
        "{api}"
    );
    let row = api["rows"][0].as_array().unwrap().clone();
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();

    ask_and_wait(&c, RACE_TIME, "Leclerc").await;
    let cells: Vec<String> = serde_json::from_value(
        js(
            &c,
            "return Array.from(document.querySelector('#table tbody tr').cells).map((td) => td.textContent)",
        )
        .await,
    )
    .unwrap();
    // The text time stays as it came; the milliseconds read as a time.
    assert_eq!(cells[0], row[0].as_str().unwrap());
    assert_eq!(cells[0], "1:15:26.665");
    assert_eq!(cells[4], "1:15:26.665");
    assert_eq!(
        js(
            &c,
            "return document.querySelector('#table tbody tr').cells[4].title"
        )
        .await,
        json!(row[4].to_string())
    );
    // Laps are a plain number.
    assert_eq!(cells[2], row[2].to_string());
    let align = first_row_alignment(&c).await;
    assert_eq!(align[2], "right", "laps: {align:?}");
    assert_eq!(align[4], "right", "milliseconds: {align:?}");
    assert!(align[1] != "right", "driver: {align:?}");
    assert!(align[0] != "right", "text time: {align:?}");
    let tabular = js(
        &c,
        "return getComputedStyle(document.querySelector('#table tbody tr').cells[2]).fontVariantNumeric",
    )
    .await;
    assert_eq!(tabular, json!("tabular-nums"));
    let head = js(
        &c,
        "return Array.from(document.querySelectorAll('#table thead th')).map((th) => getComputedStyle(th).textAlign)",
    )
    .await;
    assert_eq!(head[2], json!("right"), "{head}");
    assert!(head[1] != json!("right"), "{head}");

    // The calendar: round numbers right, race names and dates not, and no
    // number is reformatted.
    ask_and_wait(&c, CALENDAR, "2021").await;
    let align = first_row_alignment(&c).await;
    assert_eq!(align[0], "right", "{align:?}");
    assert!(align[1] != "right" && align[2] != "right", "{align:?}");
    assert_eq!(text_of(&c, "#table tbody tr td").await, "1");

    // The rules themselves, on the page's own functions.
    let rules = js(
        &c,
        "const k = (name, vals) => columnKind(name, vals.map((v) => [v]), 0);\
         return [formatMs(76609), formatMs(4526665), formatMs(23456),\
           k('fastest_lap_time', [76609, 80123]).duration,\
           k('fastest_lap_time', ['1:16.609']).duration,\
           k('lap_ms', [76609]).duration,\
           k('points', [25, 18]).duration, k('points', [25, 18.5]).numeric,\
           k('position', [1, 2]).duration, k('year', [2021]).duration,\
           k('wins', [105]).duration, k('items', [76609]).duration,\
           k('driver', ['Max', 3]).numeric, k('points', [null, 4]).numeric];",
    )
    .await;
    assert_eq!(
        rules,
        json!([
            "1:16.609",
            "1:15:26.665",
            "23.456",
            true,
            false,
            true,
            false,
            true,
            false,
            false,
            false,
            false,
            false,
            true
        ])
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn copy_sql_copies_the_exact_sql_or_selects_it() {
    let t = common::spawn_app().await;
    let api = api_answer(&t, ABU_DHABI).await;
    let sql = api["sql"].as_str().unwrap().to_string();
    assert!(!sql.is_empty());
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    ask_and_wait(&c, ABU_DHABI, "Max Verstappen").await;

    // Behind the disclosure: closed until opened.
    assert_eq!(
        js(&c, "return document.getElementById('sql-box').open").await,
        json!(false)
    );
    click(&c, "#sql-box summary").await;
    js(
        &c,
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {\
           writeText: (s) => { window.__copied = s; return Promise.resolve(); } } });",
    )
    .await;
    click(&c, "#copy-sql").await;
    wait_for_text(&c, "#sql-note", "SQL copied").await;
    assert_eq!(js(&c, "return window.__copied").await, json!(sql));
    assert_eq!(
        js(
            &c,
            "return document.getElementById('sql-note').getAttribute('aria-live')"
        )
        .await,
        json!("polite")
    );

    // No clipboard: the SQL is selected for the user to copy.
    js(
        &c,
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });",
    )
    .await;
    click(&c, "#copy-sql").await;
    wait_for_text(&c, "#sql-note", "selected").await;
    assert_eq!(
        js(&c, "return String(window.getSelection())").await,
        json!(sql)
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_cell_value_is_only_ever_text() {
    let t = common::spawn_app().await;
    let (_driver, c) = start_browser().await;
    c.goto(&format!("{}/", t.base)).await.unwrap();
    ask_and_wait(&c, ABU_DHABI, "Max Verstappen").await;
    let payload = "<img src=x onerror=\"window.__xss=1;alert(1)\">";
    let shown = js(
        &c,
        &format!(
            "const p = {p};\
             renderTable({{ columns: [p, 'milliseconds'], rows: [[p, 76609], ['<b>x</b>', p]] }});\
             return [document.querySelectorAll('#table img, #table b').length,\
               document.querySelector('#table tbody td').textContent,\
               document.querySelector('#table thead th').textContent];",
            p = serde_json::to_string(payload).unwrap()
        ),
    )
    .await;
    assert_eq!(shown, json!([0, payload, payload]));
    // Give a would-be onerror a moment to fire.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(c.get_alert_text().await.is_err(), "an alert opened");
    assert_eq!(
        js(&c, "return window.__xss === undefined").await,
        json!(true)
    );
    c.close().await.unwrap();
}
