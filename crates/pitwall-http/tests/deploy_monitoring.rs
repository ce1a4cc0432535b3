//! `deploy/`: every metric the Grafana dashboard (`deploy/grafana/pitwall.json`)
//! and the Prometheus alert rules (`deploy/prometheus/alerts.yml`) query is
//! one a real server exports. The test drives traffic that makes every
//! family appear (local, cached and LLM answers, a retry, fallbacks, an open
//! breaker, load shedding, limiter refusals, an F1 pool wait, a plan
//! rejection, a bad key, a storage sample), scrapes `/metrics` once and
//! looks each queried name up.
//! `promtool check rules` / `promtool test rules` (syntax and firing) run
//! in `scripts/test.sh`; this test only checks names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use common::admin::{self, admin_ok, call, user_with_key};
use common::scrape::Scrape;
use common::spawn_app_with;
use pitwall_llm_standin::{spawn, Behaviour};
use serde_json::{json, Value};

/// Names the rules query that pitwall does not export, each with its owner.
/// Any other `node_*` name, or a new one here, must be listed on purpose.
const NOT_OURS: &[(&str, &str)] = &[
    ("up", "Prometheus, per scrape target"),
    ("node_filesystem_avail_bytes", "node_exporter"),
    ("node_filesystem_size_bytes", "node_exporter"),
];

/// Exported families the dashboard leaves out: they appear only after a
/// rare event this test cannot provoke reliably.
const NOT_ON_DASHBOARD: &[&str] = &[
    "pitwall_app_db_slow_commits_total", // a commit slower than 100 ms
    "pitwall_cache_evictions_total",     // an answer evicted from the cache
];

const LOCAL: &str = "Who won the 2021 Abu Dhabi Grand Prix?";
const LLM: &str = "what is the average lap count in races won by drivers from";

fn deploy_file(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `targets[].expr` of every panel, rows' nested panels included.
fn dashboard_exprs(dashboard: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = vec![dashboard];
    while let Some(v) = stack.pop() {
        if let Some(panels) = v["panels"].as_array() {
            stack.extend(panels);
        }
        for target in v["targets"].as_array().into_iter().flatten() {
            if let Some(expr) = target["expr"].as_str() {
                out.push(expr.to_string());
            }
        }
    }
    out
}

/// The `expr:` values of a rules file: single-line (plain or quoted) and
/// block scalars (`|`, `>`, with chomping indicators), the block being the
/// lines indented deeper than the key. Comment lines are skipped.
fn rule_exprs(yaml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let body = line.trim_start();
        if body.starts_with('#') {
            continue;
        }
        let body = body.strip_prefix("- ").unwrap_or(body);
        let Some(value) = body.strip_prefix("expr:") else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let value = value.trim();
        if value.starts_with('|') || value.starts_with('>') {
            let mut block = Vec::new();
            while let Some(next) = lines.peek() {
                let deeper = next.len() - next.trim_start().len() > indent;
                if !(deeper || next.trim().is_empty()) {
                    break;
                }
                block.push(next.trim());
                lines.next();
            }
            out.push(block.join("\n").trim().to_string());
        } else {
            out.push(value.trim_matches(|c| c == '"' || c == '\'').to_string());
        }
    }
    out
}

/// The metric-shaped identifiers of a PromQL expression, outside quoted
/// strings (label values): runs of `[A-Za-z0-9_:]` not starting with a digit.
fn identifiers(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for c in expr.chars().chain([' ']) {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        if !word.is_empty() && !word.starts_with(|d: char| d.is_ascii_digit()) {
            out.push(word.clone());
        }
        word.clear();
        if matches!(c, '"' | '\'' | '`') {
            quote = Some(c);
        }
    }
    out
}

/// The metric names an expression queries that pitwall should export, after
/// noting the exempt ones ([`NOT_OURS`]) in `exempt_seen`; an unlisted
/// `node_*` name fails.
fn queried_names(expr: &str, exempt_seen: &mut BTreeSet<&'static str>) -> Vec<String> {
    let mut ours = Vec::new();
    for word in identifiers(expr) {
        if word.starts_with("pitwall_") || word.starts_with("process_") {
            ours.push(word);
        } else if let Some((name, _)) = NOT_OURS.iter().find(|(n, _)| *n == word) {
            exempt_seen.insert(name);
        } else {
            assert!(
                !word.starts_with("node_"),
                "{word} in `{expr}` is not ours: list it in NOT_OURS"
            );
        }
    }
    ours
}

/// Whether the scrape has `name`: as a sample or a `# HELP`/`# TYPE` line,
/// or, for `<histogram>_bucket|_sum|_count`, its histogram's `# TYPE`.
fn exported(scrape: &Scrape, name: &str) -> bool {
    let present = |n: &str| {
        scrape.has(n)
            || scrape.0.contains(&format!("# HELP {n} "))
            || scrape.0.contains(&format!("# TYPE {n} "))
    };
    present(name)
        || ["_bucket", "_sum", "_count"].iter().any(|suffix| {
            name.strip_suffix(suffix)
                .is_some_and(|base| scrape.0.contains(&format!("# TYPE {base} histogram\n")))
        })
}

/// The queried names missing from the scrape, each with where it is used.
fn missing(scrape: &Scrape, used: &[(String, String)]) -> Vec<String> {
    used.iter()
        .filter(|(name, _)| !exported(scrape, name))
        .map(|(name, at)| format!("{name} ({at})"))
        .collect()
}

/// Known traffic that makes every metric family appear in one process's
/// recorder (it is process-global, so the three servers share it), then
/// one scrape of the first server.
async fn scrape_after_traffic() -> Scrape {
    let standin = spawn(Behaviour::Ok).await;
    let base_url = standin.base_url();
    let backups = tempfile::tempdir().unwrap();
    let t = spawn_app_with(&[
        ("PITWALL_BACKUP_DIR", backups.path().to_str().unwrap()),
        ("OPENAI_API_KEY", "test-llm-key-deploy"),
        ("PITWALL_LLM_BASE_URL", base_url.as_str()),
        ("PITWALL_LLM_RETRY_BASE_MS", "1"),
        ("PITWALL_LLM_MAX_ATTEMPTS", "2"),
        ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "2"),
        ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "60000"),
        ("PITWALL_MAX_IN_FLIGHT", "2"),
        ("PITWALL_BUDGET_DAILY_USD", "7"),
        ("PITWALL_BUDGET_MONTHLY_USD", "100"),
    ])
    .await;
    let source = |r: Value| r["source"].as_str().unwrap_or_default().to_string();
    let ask = |q: String| {
        let t = &t;
        async move {
            let r = t.ask(&q).await;
            assert_eq!(r.status(), 200, "{q}");
            r.json::<Value>().await.unwrap()
        }
    };
    // Local answers and a 404.
    assert_eq!(source(ask(LOCAL.into()).await), "local");
    assert_eq!(t.get("/no/such/thing").await.status(), 404);
    // An LLM answer, its cached repeat, and a retried call.
    let finland = format!("{LLM} Finland?");
    assert_eq!(source(ask(finland.clone()).await), "llm");
    assert_eq!(source(ask(finland).await), "cache");
    standin.push(Behaviour::status(500));
    assert_eq!(source(ask(format!("{LLM} Germany?")).await), "llm");
    // Two identical slow questions share one call; a third request is shed.
    standin.set_latency(Duration::from_millis(1500));
    let france = format!("{LLM} France?");
    let (a, b, c) = tokio::join!(t.ask(&france), t.ask(&france), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        t.ask(LOCAL).await
    });
    let codes = [a, b, c].map(|r| r.status().as_u16());
    assert_eq!(codes, [200, 200, 503]);
    standin.set_latency(Duration::ZERO);
    // Every attempt fails: errors and fallbacks, until the breaker opens
    // (half the calls in its window failed).
    standin.set_default(Behaviour::status(500));
    let open = |s: &Scrape| s.sum("pitwall_breaker_state", &[("breaker", "llm")]) == 2.0;
    let mut failed = 0;
    while !open(&Scrape::of(&t).await) {
        failed += 1;
        assert!(failed <= 12, "the breaker never opened");
        let r = ask(format!("{LLM} country number {failed}?")).await;
        assert_eq!(source(r), "fallback");
    }
    t.app.sample_storage().await;
    // Scheduled backups: the first runs at once (there is none yet).
    let _backups = t.app.spawn_backups();
    let mut waited = 0;
    while !Scrape::of(&t)
        .await
        .has("pitwall_backup_last_success_timestamp_seconds")
    {
        waited += 1;
        assert!(waited <= 100, "no scheduled backup within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The client-side limiter refuses the conversation's second call.
    let limited_standin = spawn(Behaviour::Ok).await;
    let limited_url = limited_standin.base_url();
    let limited = spawn_app_with(&[
        ("OPENAI_API_KEY", "test-llm-key-deploy"),
        ("PITWALL_LLM_BASE_URL", limited_url.as_str()),
        ("PITWALL_LLM_RPM", "1"),
    ])
    .await;
    let r: Value = limited
        .ask(&format!("{LLM} Italy?"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(r["reason"], "rate_limited", "{r}");

    // An F1 read that finds no idle connection. The server's own reads are
    // too quick to overlap on demand, so this drives the same pool code
    // (pitwall-f1data, recording into this process's recorder) over the
    // same file: a checkout while the only idle connection is out.
    let pool = pitwall_f1data::F1Db::open(common::f1_db(), 1).unwrap();
    pool.with_conn(|_| pool.with_conn(|_| ()).unwrap()).unwrap();

    // A plan's rate limit refuses the second request; a bad key is a 401.
    let keyed = admin::app().await;
    let limits = json!({"requests_per_minute": 1, "requests_per_day": 1000, "llm_questions_per_day": 0,
        "llm_usd_per_day": 0.0, "max_concurrent": 10, "history_retention_days": 0});
    admin_ok(&keyed, "PUT", "/v1/admin/plans/one-a-minute", limits).await;
    let key = user_with_key(&keyed, "deploy-user", "one-a-minute").await;
    let (first, _) = admin::ask(&keyed, Some(&key)).await;
    let (second, _) = admin::ask(&keyed, Some(&key)).await;
    assert_eq!((first, second), (200, 429));
    let (bad, _) = call(&keyed, "GET", "/v1/history", Some("not-a-key"), None).await;
    assert_eq!(bad, 401);

    Scrape::of(&t).await
}

#[test]
fn rule_and_promql_parsing() {
    let yaml = "groups:\n  - name: g\n    rules:\n      # expr: commented_out_total\n      - alert: A\n        expr: up{job=\"x\"} == 0\n      - alert: B\n        expr: |\n          sum(rate(pitwall_a_total{s=\"pitwall_quoted\"}[5m]))\n\n            / sum(rate(pitwall_b_bucket[5m]))\n        for: 5m\n      - alert: C\n        expr: >-\n          pitwall_c > 1\n        labels: {}\n      - alert: D\n        expr: 'process_open_fds > 1e6'\n";
    let exprs = rule_exprs(yaml);
    assert_eq!(
        exprs,
        [
            "up{job=\"x\"} == 0",
            "sum(rate(pitwall_a_total{s=\"pitwall_quoted\"}[5m]))\n\n/ sum(rate(pitwall_b_bucket[5m]))",
            "pitwall_c > 1",
            "process_open_fds > 1e6",
        ]
    );
    let mut seen = BTreeSet::new();
    let names: Vec<String> = exprs
        .iter()
        .flat_map(|e| queried_names(e, &mut seen))
        .collect();
    assert_eq!(
        names,
        [
            "pitwall_a_total",
            "pitwall_b_bucket",
            "pitwall_c",
            "process_open_fds"
        ]
    );
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["up"]);
    let dashboard = json!({"panels": [
        {"type": "row", "panels": [{"targets": [{"expr": "pitwall_nested"}]}]},
        {"targets": [{"expr": "rate(pitwall_x_total[$__rate_interval])"}, {"refId": "B"}]}
    ]});
    let mut exprs = dashboard_exprs(&dashboard);
    exprs.sort();
    assert_eq!(
        exprs,
        ["pitwall_nested", "rate(pitwall_x_total[$__rate_interval])"]
    );
}

#[tokio::test]
async fn dashboard_and_alert_rules_query_only_exported_metrics() {
    let dashboard: Value = serde_json::from_str(&deploy_file("grafana/pitwall.json")).unwrap();
    let alerts = deploy_file("prometheus/alerts.yml");
    let panel_exprs = dashboard_exprs(&dashboard);
    let alert_exprs = rule_exprs(&alerts);
    assert!(
        panel_exprs.len() >= 40,
        "{} panel queries",
        panel_exprs.len()
    );
    assert_eq!(
        alert_exprs.len(),
        alerts.matches("- alert:").count(),
        "one expr per alert: {alert_exprs:#?}"
    );

    let mut exempt_seen = BTreeSet::new();
    let mut used: Vec<(String, String)> = Vec::new();
    for (file, exprs) in [
        ("grafana/pitwall.json", &panel_exprs),
        ("prometheus/alerts.yml", &alert_exprs),
    ] {
        for expr in exprs {
            for name in queried_names(expr, &mut exempt_seen) {
                used.push((name, file.to_string()));
            }
        }
    }
    // Every exemption is used, so the list says what the rules rely on.
    let listed: BTreeSet<&str> = NOT_OURS.iter().map(|(n, _)| *n).collect();
    assert_eq!(exempt_seen, listed, "NOT_OURS out of date");

    let scrape = scrape_after_traffic().await;
    assert_eq!(missing(&scrape, &used), Vec::<String>::new());

    // The check has teeth: an unknown name, a counter read as a histogram's
    // `_count`, and a histogram's base name with a wrong suffix all miss.
    let bogus = [
        "pitwall_not_a_metric_total",
        "pitwall_answers_total_count",
        "pitwall_http_request_duration_seconds_total",
    ]
    .map(|n| (n.to_string(), "negative control".to_string()));
    assert_eq!(missing(&scrape, &bogus).len(), bogus.len());

    // The dashboard covers every family pitwall exports, bar the listed ones.
    let on_dashboard: BTreeSet<String> = used
        .iter()
        .filter(|(_, file)| file.starts_with("grafana"))
        .map(|(name, _)| {
            ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(name)
                .to_string()
        })
        .collect();
    let uncovered: Vec<&str> = pitwall_metrics::ALL
        .iter()
        .map(|m| m.name)
        .filter(|n| !on_dashboard.contains(*n) && !NOT_ON_DASHBOARD.contains(n))
        .collect();
    assert_eq!(uncovered, Vec::<&str>::new(), "not on the dashboard");
}
