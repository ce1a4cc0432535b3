//! `App::report`: every section of the daily and weekly reports from
//! seeded roll-ups, alerts and security events; and the roll-ups real
//! questions produce (answers, principals, billed cost, declined words).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{ask, build_app, ledger_total, llm_env, LLM_QUESTIONS, LOCAL_QUESTION};
use pitwall_app::report::ReportKind;
use pitwall_store::{AlertRow, RollupRow, RollupSeries, SecurityEventRow};

/// The end of the seeded period (exclusive).
fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 9, 0, 0, 0).unwrap()
}

fn row(at: DateTime<Utc>, series: RollupSeries, a: &str, b: &str, c: &str) -> RollupRow {
    RollupRow::new(at, series, a, b, c)
}

fn http(at: DateTime<Utc>, route: &str, class: &str, n: u64, bucket: usize) -> RollupRow {
    let mut r = row(at, RollupSeries::Http, route, class, "");
    r.count = n;
    r.buckets[bucket] = n;
    r
}

fn answer(at: DateTime<Utc>, source: &str, plan: &str, reason: &str, n: u64) -> RollupRow {
    let mut r = row(at, RollupSeries::Answer, source, plan, reason);
    r.count = n;
    r.buckets[2] = n;
    r
}

fn principal(at: DateTime<Utc>, who: &str, plan: &str, n: u64, cost: i64) -> RollupRow {
    let mut r = row(at, RollupSeries::Principal, who, plan, "");
    r.count = n;
    r.cost_micros = cost;
    r
}

fn sample(at: DateTime<Utc>, name: &str, value: f64) -> RollupRow {
    let mut r = row(at, RollupSeries::Resource, name, "", "");
    r.value = value;
    r
}

fn counted(at: DateTime<Utc>, series: RollupSeries, a: &str, b: &str, n: u64) -> RollupRow {
    let mut r = row(at, series, a, b, "");
    r.count = n;
    r
}

fn alert(kind: &str, at: DateTime<Utc>, resolved: Option<DateTime<Utc>>) -> AlertRow {
    AlertRow {
        kind: kind.into(),
        message: format!("{kind} fired"),
        scope: None,
        percent: None,
        at,
        severity: "warning".into(),
        detail: String::new(),
        resolved_at: resolved,
    }
}

const INJECTED: &str = "user:<img src=x onerror=alert(1)>";

/// A week of traffic: most of it in the last day, some earlier in the
/// week, some before the week (never counted).
fn seed() -> Vec<RollupRow> {
    let day = end() - Duration::hours(3); // 2026-03-08 21:00, a Sunday
    let earlier = end() - Duration::days(3) - Duration::hours(10); // Thu 14:00
    let before_week = end() - Duration::days(8);
    let mut rows = vec![
        // HTTP: 95 fast asks, 3 slow ones, 2 server errors, 10 not found.
        http(day, "POST /v1/ask", "2xx", 95, 3),
        http(day, "POST /v1/ask", "2xx", 3, 9),
        http(day, "POST /v1/ask", "5xx", 2, 14),
        http(day, "GET /unmatched", "4xx", 10, 0),
        http(earlier, "POST /v1/ask", "2xx", 40, 3),
        http(before_week, "POST /v1/ask", "5xx", 1_000, 3),
        // Answers by source, plan and reason.
        answer(day, "local", "anonymous", "", 60),
        answer(day, "llm", "pro", "", 20),
        answer(day, "cache", "pro", "", 10),
        answer(day, "fallback", "free", "llm_disabled", 6),
        answer(day, "fallback", "free", "budget_exhausted", 2),
        answer(earlier, "local", "anonymous", "", 40),
        answer(before_week, "local", "anonymous", "", 999),
        // Declined questions.
        counted(
            day,
            RollupSeries::Declined,
            "who won the zorblax cup",
            "zorblax",
            3,
        ),
        counted(
            earlier,
            RollupSeries::Declined,
            "fastest pit crew ever",
            "crew",
            1,
        ),
        counted(
            earlier,
            RollupSeries::Declined,
            "who won the zorblax cup",
            "zorblax",
            2,
        ),
        // Security.
        counted(day, RollupSeries::AuthFailure, "unauthorized", "", 7),
        counted(earlier, RollupSeries::AuthFailure, "blocked", "", 1),
        counted(day, RollupSeries::Rejection, "free", "rate", 4),
        // Resources: the database grows 6 days by 60 history rows.
        sample(end() - Duration::days(6), "rows:history", 100.0),
        sample(end() - Duration::days(6), "app_db_bytes", 1_000_000.0),
        sample(day, "rows:history", 160.0),
        sample(day, "app_db_bytes", 1_600_000.0),
        sample(day, "rss_bytes", 50e6),
        sample(day, "peak_rss_bytes", 80e6),
        sample(earlier, "rss_bytes", 40e6),
        sample(day, "cpu_seconds", 2.5),
        sample(earlier, "cpu_seconds", 0.5),
        // Spend: an injected principal name and the 11th spender.
        principal(day, INJECTED, "pro", 5, 900_000),
        principal(earlier, INJECTED, "pro", 1, 400_000),
        // Principals folded in a flood: counted, never ranked.
        principal(day, pitwall_app::rollup::OTHER, "anonymous", 40, 5_000_000),
        principal(before_week, "user:old", "pro", 1, 99_000_000),
    ];
    for i in 0..11 {
        rows.push(principal(
            day,
            &format!("user:{i:02}"),
            "free",
            1,
            1_000 * i,
        ));
    }
    rows
}

#[tokio::test]
async fn daily_and_weekly_sections_from_seeded_rollups() {
    let t = build_app(vec![("PITWALL_BUDGET_DAILY_USD".into(), "5".into())]).await;
    let store = t.app.store();
    store.add_rollups(&seed()).await.unwrap();
    let fired_today = end() - Duration::hours(2);
    for a in [
        alert(
            "error_rate",
            fired_today,
            Some(fired_today + Duration::minutes(30)),
        ),
        alert("breaker_open", fired_today, None),
        alert("fallback_rate", end() - Duration::days(3), None),
        alert(
            "load_shed",
            end() - Duration::days(9),
            Some(end() - Duration::days(9)),
        ),
    ] {
        store.insert_alert(&a).await.unwrap();
    }

    let daily = t.app.report(ReportKind::Daily, end()).await.unwrap();
    assert_eq!(daily.period.from, end() - Duration::days(1));
    // Errors: the day's 5xx only; the week before never counts.
    assert_eq!(daily.errors.requests, 110);
    assert_eq!(daily.errors.server_errors, 2);
    assert_eq!(daily.errors.client_errors, 10);
    assert!((daily.errors.server_error_rate - 2.0 / 110.0).abs() < 1e-9);
    let labels: Vec<(&str, u64)> = daily
        .errors
        .by_class_and_route
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(
        labels,
        vec![("4xx GET /unmatched", 10), ("5xx POST /v1/ask", 2)]
    );
    let fallbacks: Vec<(&str, u64)> = daily
        .errors
        .fallbacks
        .iter()
        .map(|c| (c.label.as_str(), c.count))
        .collect();
    assert_eq!(
        fallbacks,
        vec![("llm_disabled", 6), ("budget_exhausted", 2)]
    );
    // Usage.
    assert_eq!(daily.usage.answers, 98);
    assert_eq!(daily.usage.by_source[0].label, "local");
    assert_eq!(daily.usage.by_source[0].count, 60);
    let pro = daily
        .usage
        .by_plan
        .iter()
        .find(|c| c.label == "pro")
        .unwrap();
    assert_eq!(pro.count, 30);
    assert_eq!(
        daily.usage.unique_principals, 12,
        "11 users and the injected one"
    );
    assert_eq!(daily.usage.folded_questions, 40);
    assert_eq!(daily.usage.answers_per_hour.len(), 1);
    assert_eq!(daily.usage.answers_per_hour[0].by_source["llm"], 20);
    // Costs: the period's spend, the top ten in order, every budget.
    let expected_spend: i64 = 900_000 + (0..11).map(|i| 1_000 * i).sum::<i64>();
    assert_eq!(daily.costs.spent_micros, expected_spend + 5_000_000);
    assert_eq!(daily.costs.folded_cost_micros, 5_000_000);
    assert_eq!(daily.costs.top_spenders.len(), 10);
    assert_eq!(daily.costs.top_spenders[0].principal, INJECTED);
    assert_eq!(daily.costs.top_spenders[1].principal, "user:10");
    let scopes: Vec<&str> = daily
        .costs
        .budgets
        .iter()
        .map(|b| b.scope.as_str())
        .collect();
    for scope in ["global_daily", "global_monthly", "user_daily"] {
        assert!(scopes.contains(&scope), "{scopes:?}");
    }
    assert!(scopes.iter().any(|s| s.starts_with("plan:")), "{scopes:?}");
    let global = daily
        .costs
        .budgets
        .iter()
        .find(|b| b.scope == "global_daily")
        .unwrap();
    assert_eq!(global.cap_micros, Some(5_000_000));
    // Performance: 95 of 100 asks in bucket 3, so p95 is its bound; p99
    // lands with the two slowest (the 5xx, bucket 14).
    let asks = &daily
        .performance
        .by_route
        .iter()
        .find(|l| l.label == "POST /v1/ask")
        .unwrap();
    let bounds = pitwall_metrics::record::LATENCY_BUCKETS;
    assert_eq!(asks.latency.count, 100);
    assert_eq!(asks.latency.p50_ms, Some(bounds[3] * 1000.0));
    assert_eq!(asks.latency.p95_ms, Some(bounds[3] * 1000.0));
    assert_eq!(asks.latency.p99_ms, Some(bounds[14] * 1000.0));
    assert!(daily.performance.by_source.iter().any(|l| l.label == "llm"));
    // Alerts: fired and resolved in the day; one still firing from before.
    assert_eq!(daily.alerts.fired.len(), 2);
    assert_eq!(daily.alerts.resolved.len(), 1);
    assert_eq!(daily.alerts.firing_now, 2);
    assert_eq!(daily.backups.status, "not_configured");

    // JSON keys: the daily ones only, then the weekly ones too.
    let keys = |json: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let daily_keys = [
        "alerts",
        "backups",
        "costs",
        "errors",
        "performance",
        "period",
        "usage",
    ];
    assert_eq!(keys(&daily.to_json()), daily_keys);
    let weekly = t.app.report(ReportKind::Weekly, end()).await.unwrap();
    let mut weekly_keys: Vec<&str> = daily_keys.to_vec();
    weekly_keys.extend(["declined", "growth", "patterns", "resources", "security"]);
    weekly_keys.sort_unstable();
    assert_eq!(keys(&weekly.to_json()), weekly_keys);

    // Weekly: the earlier day counts now, the week before still does not.
    assert_eq!(weekly.usage.answers, 138);
    let p = weekly.patterns.as_ref().unwrap();
    assert_eq!(p.answers_by_hour[21], 98);
    assert_eq!(p.answers_by_hour[14], 40);
    assert_eq!(p.answers_by_weekday[6], 98, "Sunday");
    assert_eq!(p.answers_by_weekday[3], 40, "Thursday");
    assert_eq!(p.peak_requests_per_minute, 110);
    let g = weekly.growth.as_ref().unwrap();
    let history = g.trends.iter().find(|t| t.name == "rows:history").unwrap();
    assert_eq!(
        (history.first, history.last, history.change),
        (100.0, 160.0, 60.0)
    );
    assert!(
        history.per_day > 10.0 && history.per_day < 11.0,
        "{}",
        history.per_day
    );
    let r = weekly.resources.as_ref().unwrap();
    assert_eq!(r.peak_rss_bytes, 80e6);
    assert_eq!(r.max_sampled_rss_bytes, 50e6);
    assert_eq!(r.cpu_seconds, 3.0);
    assert_eq!(r.peak_cpu_seconds_per_minute, 2.5);
    let s = weekly.security.as_ref().unwrap();
    assert_eq!(s.auth_failures[0].label, "unauthorized");
    assert_eq!(s.auth_failures[0].count, 7);
    assert_eq!(s.rejections[0].label, "free/rate");
    // A week's spend per principal, but daily caps against one day's.
    assert_eq!(weekly.costs.top_spenders[0].cost_micros, 1_300_000);
    let per_principal = |r: &pitwall_app::report::Report, scope: &str| {
        r.costs
            .budgets
            .iter()
            .find(|b| b.scope == scope)
            .unwrap()
            .spent_micros
    };
    assert_eq!(per_principal(&weekly, "user_daily"), 900_000);
    assert_eq!(per_principal(&weekly, "plan:pro"), 900_000);
    assert_eq!(
        per_principal(&weekly, "plan:anonymous"),
        0,
        "(other) is many principals"
    );
    assert_eq!(per_principal(&weekly, "plan:free"), 10_000);
    let d = weekly.declined.as_ref().unwrap();
    assert_eq!(d[0].question, "who won the zorblax cup");
    assert_eq!((d[0].missed.as_str(), d[0].count), ("zorblax", 5));
    assert_eq!(d.len(), 2);

    // HTML: self-contained, charts inline, every text escaped.
    let html = weekly.to_html();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.matches("<svg").count() >= 5, "charts inline");
    assert!(html.contains("user:&lt;img src=x onerror=alert(1)&gt;"));
    // Without the (escaped, maybe cut) injected name, nothing active or
    // fetched remains.
    let lower = html.replace("&lt;img src=x onerror=", "").to_lowercase();
    for active in [
        "<script", "<img", "onerror=", " src=", " href=", "<link", "@import", "url(",
    ] {
        assert!(!lower.contains(active), "{active} in the HTML report");
    }
    for id in [
        "errors",
        "usage",
        "costs",
        "performance",
        "alerts",
        "backups",
        "patterns",
        "declined",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "section {id}");
    }
    // Text: every section, the injected name as typed.
    let text = weekly.to_text();
    for heading in [
        "ERRORS",
        "USAGE",
        "COSTS",
        "PERFORMANCE",
        "ALERTS",
        "BACKUPS",
        "PATTERNS",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    assert!(text.contains("who won the zorblax cup"));
}

#[tokio::test]
async fn security_events_reach_the_weekly_report() {
    let t = build_app(vec![]).await;
    let at = Utc::now() - Duration::hours(1);
    t.app
        .store()
        .insert_security_event(&SecurityEventRow {
            at,
            kind: "failed_auth".into(),
            principal: "ip:203.0.113.0/24".into(),
            ip_group: "203.0.113.0/24".into(),
            key_id: None,
            detail: "unauthorized".into(),
        })
        .await
        .unwrap();
    let weekly = t.app.report(ReportKind::Weekly, Utc::now()).await.unwrap();
    let events = &weekly.security.unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, "failed_auth");
}

#[tokio::test]
async fn questions_asked_become_rollups_with_their_billed_cost() {
    let standin =
        pitwall_llm_standin::spawn(pitwall_llm_standin::Behaviour::Final("Two stops.".into()))
            .await;
    let t = build_app(llm_env(&standin.base_url())).await;
    let started = Utc::now() - Duration::minutes(1);
    ask(&t.app, LOCAL_QUESTION).await;
    ask(&t.app, LOCAL_QUESTION).await;
    let llm = ask(&t.app, LLM_QUESTIONS[0]).await;
    assert_eq!(llm.source, "llm");
    // Nothing is written per question: the roll-ups wait for a flush.
    let stored = t
        .app
        .rollups(started, Utc::now() + Duration::minutes(1))
        .await
        .unwrap();
    assert!(stored.is_empty(), "{stored:?}");
    t.app.flush_rollups().await;
    let to = Utc::now() + Duration::minutes(1);
    let rows = t.app.rollups(started, to).await.unwrap();
    let sum = |series, a: &str| -> u64 {
        rows.iter()
            .filter(|r| r.series == series && r.a == a)
            .map(|r| r.count)
            .sum()
    };
    assert_eq!(sum(RollupSeries::Answer, "local"), 2);
    assert_eq!(sum(RollupSeries::Answer, "llm"), 1);
    let me: Vec<&RollupRow> = rows
        .iter()
        .filter(|r| r.series == RollupSeries::Principal)
        .collect();
    assert_eq!(me.len(), 1, "one principal: the loopback caller");
    assert_eq!(me[0].count, 3);
    let billed = ledger_total(&t.app).await;
    assert!(billed > 0);
    assert_eq!(me[0].cost_micros, billed, "the ledger's cost, once");
    // The LLM question was not fully understood locally: it is declined
    // with the words the engine missed.
    let declined: Vec<&RollupRow> = rows
        .iter()
        .filter(|r| r.series == RollupSeries::Declined)
        .collect();
    assert_eq!(declined.len(), 1);
    assert!(!declined[0].b.is_empty());
    assert_eq!(
        declined[0].a,
        pitwall_engine::normalise_question(LLM_QUESTIONS[0])
    );

    // The report reads what was flushed: a daily report ending now shows it.
    let daily = t.app.report(ReportKind::Daily, to).await.unwrap();
    assert_eq!(daily.usage.answers, 3);
    assert_eq!(daily.costs.spent_micros, billed);
}

#[tokio::test]
async fn rollups_are_pruned_and_who_asked_never_outlives_history() {
    let t = build_app(vec![
        ("PITWALL_HISTORY_RETENTION_DAYS".into(), "3".into()),
        ("PITWALL_ROLLUP_RETENTION_DAYS".into(), "35".into()),
    ])
    .await;
    let now = Utc::now();
    let old = now - Duration::days(36);
    let recent = now - Duration::days(5);
    let rows = vec![
        http(old, "POST /v1/ask", "2xx", 1, 0),
        http(recent, "POST /v1/ask", "2xx", 1, 0),
        principal(recent, "user:a", "free", 1, 10),
        counted(recent, RollupSeries::Declined, "what is drs", "drs", 1),
        principal(now, "user:a", "free", 1, 10),
    ];
    t.app.store().add_rollups(&rows).await.unwrap();
    assert_eq!(t.app.prune_rollups().await.unwrap(), 3);
    let left = t
        .app
        .rollups(old - Duration::days(1), now + Duration::minutes(1))
        .await
        .unwrap();
    let kept: Vec<(RollupSeries, bool)> = left
        .iter()
        .map(|r| (r.series, r.minute > now - Duration::days(1)))
        .collect();
    assert_eq!(
        kept,
        [(RollupSeries::Http, false), (RollupSeries::Principal, true)],
        "the 5-day-old request count stays; who asked and what, beyond 3 days, go"
    );
}
