//! The runbooks in `docs/runbooks/` run against a real server, so their
//! commands cannot rot: every block fenced as ```` ```sh runbook ```` is
//! run with `bash -euo pipefail` against `pitwall serve` on 127.0.0.1 with
//! a fresh data directory and an admin token, the `pitwall` binary on
//! `PATH`, and must exit 0 (a backup is taken first, as a running
//! deployment with scheduled backups has one). Every page must have the
//! four sections and at least one runnable block.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// A synchronous test of a child process: blocking sleeps are fine.
#![allow(clippy::disallowed_methods, clippy::zombie_processes)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod serve_support;

/// One page per emergency named by the issue.
const PAGES: &[&str] = &[
    "bad-deploy.md",
    "cost-spike.md",
    "db-restore.md",
    "disk-full.md",
    "f1-data-wrong.md",
    "llm-outage.md",
    "service-disruption.md",
];

/// A fenced code block of a page.
struct Block {
    /// The info string after the backticks (`sh runbook`, `sh`, …).
    info: String,
    /// Its text.
    code: String,
    /// The 1-based line of its opening fence, for messages.
    line: usize,
}

fn runbooks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/runbooks")
}

/// The fenced blocks of a Markdown page (fences may be indented, as in
/// list items; the indentation is removed from the code).
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let block = Block {
                        info: info.trim().to_string(),
                        code: String::new(),
                        line: i + 1,
                    };
                    open = Some((block, indent));
                }
            }
            Some((block, _)) if trimmed.starts_with("```") => out.push(block),
            Some((mut block, fence_indent)) => {
                let cut = indent.min(fence_indent);
                block.code.push_str(&line[cut..]);
                block.code.push('\n');
                open = Some((block, fence_indent));
            }
        }
    }
    assert!(open.is_none(), "an unclosed code fence");
    out
}

/// The `## ` headings of a page, in order.
fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::trim)
        .collect()
}

fn pages() -> Vec<(String, String)> {
    let mut found: Vec<String> = std::fs::read_dir(runbooks_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    found.sort();
    assert_eq!(found, PAGES, "one page per emergency, no more, no fewer");
    found
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(runbooks_dir().join(&name)).unwrap();
            (name, text)
        })
        .collect()
}

#[test]
fn every_page_has_the_four_sections_a_runnable_block_and_an_index_entry() {
    let index = std::fs::read_to_string(runbooks_dir().join("README.md")).unwrap();
    for (name, text) in pages() {
        assert_eq!(
            headings(&text),
            ["Symptom", "Confirm", "Act", "Verify"],
            "{name}: the sections, in order"
        );
        let blocks = blocks(&text);
        assert!(
            blocks.iter().any(|b| b.info == "sh runbook"),
            "{name}: no runnable block"
        );
        for b in &blocks {
            assert!(
                ["sh runbook", "sh"].contains(&b.info.as_str()),
                "{name}:{}: unknown info string {:?}",
                b.line,
                b.info
            );
        }
        // The Verify section itself has a runnable check.
        let verify = text.split("\n## Verify").nth(1).unwrap();
        assert!(
            blocks_of_kind(verify, "sh runbook") > 0,
            "{name}: Verify has no runnable block"
        );
        assert!(index.contains(&format!("({name})")), "index lacks {name}");
    }
}

fn blocks_of_kind(text: &str, info: &str) -> usize {
    blocks(text).iter().filter(|b| b.info == info).count()
}

#[test]
fn runnable_blocks_pass_against_a_real_server() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Built at run time, never a tracked key-shaped string.
    let token = format!(
        "runbook-test-admin-{}-{}",
        std::process::id(),
        data.display().to_string().len()
    );
    let mut server = serve_support::start_with(&data, &[("PITWALL_ADMIN_TOKEN", token.as_str())]);
    let url = format!("http://{}", server.addr);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_pitwall")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();

    // The deployment's scheduled backup, so `backup verify --latest` has one.
    let backup = Command::new(env!("CARGO_BIN_EXE_pitwall"))
        .arg("backup")
        .env_clear()
        .env("PATH", &path)
        .env("PITWALL_DATA_DIR", &data)
        .env("PITWALL_F1_DATA", serve_support::dump_dir())
        .output()
        .unwrap();
    assert!(backup.status.success(), "{backup:?}");

    let mut ran = 0;
    for (name, text) in pages() {
        for b in blocks(&text).into_iter().filter(|b| b.info == "sh runbook") {
            let out = Command::new("timeout")
                .args(["120", "bash", "-euo", "pipefail", "-c", b.code.as_str()])
                .current_dir(dir.path())
                .env_clear()
                .env("PATH", &path)
                .env("HOME", dir.path())
                .env("PITWALL_URL", &url)
                .env("PITWALL_ADMIN_TOKEN", &token)
                .env("PITWALL_DATA_DIR", &data)
                .env("PITWALL_F1_DATA", serve_support::dump_dir())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}:{} failed ({:?}):\n{}\n--- stdout\n{}\n--- stderr\n{}",
                b.line,
                out.status,
                b.code,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    eprintln!("ran {ran} runbook blocks");
    assert!(ran >= PAGES.len() * 2, "ran {ran}");

    // Each page leaves the server as it found it: ready, the LLM switch on,
    // the configured budget caps, and it still stops cleanly.
    let client = reqwest::blocking::Client::new();
    let get = |path: &str| {
        client
            .get(format!("{url}{path}"))
            .bearer_auth(&token)
            .send()
            .unwrap()
            .json::<serde_json::Value>()
            .unwrap()
    };
    assert_eq!(get("/readyz")["ready"], true);
    assert_eq!(get("/v1/admin/llm")["enabled"], true);
    let budgets = get("/v1/admin/budgets");
    assert_eq!(budgets["source"], "config", "{budgets}");
    assert!(budgets["stored"].is_null(), "{budgets}");
    let status = serve_support::terminate(&mut server);
    assert!(status.success(), "{status:?}");
}
