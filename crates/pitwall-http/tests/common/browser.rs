//! Headless Chromium for the page's end-to-end tests: chromedriver on a
//! free port, a throw-away profile, and the polling helpers the tests share
//! (`tests/browser.rs`, `tests/browser_keys.rs`). Not every test file uses
//! every helper.

#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// The chromedriver process; killed on drop.
pub struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn start_browser() -> (Driver, Client) {
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
pub async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
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

/// The rendered text of the first element matching `css` ("" if none).
pub async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Types `question` into the box and presses Ask.
pub async fn submit(c: &Client, question: &str) {
    let input = c.find(Locator::Id("question")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(question).await.unwrap();
    click(c, "#ask-button").await;
}

/// Clicks the first element matching `css`.
pub async fn click(c: &Client, css: &str) {
    let e = c.find(Locator::Css(css)).await.unwrap();
    e.click().await.unwrap();
}

/// Waits until the element matching `css` shows text containing `needle`;
/// returns that text.
pub async fn wait_for_text(c: &Client, css: &str, needle: &str) -> String {
    wait_for(&format!("{css} showing {needle:?}"), || async {
        let s = text_of(c, css).await;
        s.contains(needle).then_some(s)
    })
    .await
}

/// Whether the element with this id has the `hidden` attribute.
pub async fn is_hidden(c: &Client, id: &str) -> bool {
    let e = c.find(Locator::Id(id)).await.unwrap();
    e.attr("hidden").await.unwrap().is_some()
}
