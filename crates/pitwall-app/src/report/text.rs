//! The report as plain text: one block per section, figures aligned.

use std::fmt::Write;

use super::daily::{Count, Labelled};
use super::{weekly, Report};

fn dollars(micros: i64) -> String {
    format!("${:.2}", micros as f64 / 1_000_000.0)
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v} ms"))
}

fn counts(out: &mut String, title: &str, items: &[Count]) {
    if items.is_empty() {
        let _ = writeln!(out, "  {title}: none");
        return;
    }
    let _ = writeln!(out, "  {title}:");
    for c in items {
        let _ = writeln!(out, "    {:>8}  {}", c.count, c.label);
    }
}

fn latencies(out: &mut String, title: &str, items: &[Labelled]) {
    let _ = writeln!(out, "  {title}:");
    if items.is_empty() {
        let _ = writeln!(out, "    no requests");
    }
    for l in items {
        let _ = writeln!(
            out,
            "    {:>8}  p50 {:>10}  p95 {:>10}  p99 {:>10}  {}",
            l.latency.count,
            ms(l.latency.p50_ms),
            ms(l.latency.p95_ms),
            ms(l.latency.p99_ms),
            l.label
        );
    }
}

/// Renders `r` as text.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let p = &r.period;
    let _ = writeln!(
        out,
        "pitwall {:?} report, {} to {} (UTC), {} minutes recorded",
        p.kind,
        p.from.format("%Y-%m-%d %H:%M"),
        p.to.format("%Y-%m-%d %H:%M"),
        p.minutes_with_data
    );
    let e = &r.errors;
    let _ = writeln!(
        out,
        "\nERRORS\n  {} requests, {} client errors (4xx), {} server errors (5xx, {:.3} %)",
        e.requests,
        e.client_errors,
        e.server_errors,
        e.server_error_rate * 100.0
    );
    counts(&mut out, "errors by class and route", &e.by_class_and_route);
    counts(&mut out, "fallbacks by reason", &e.fallbacks);
    let u = &r.usage;
    let _ = writeln!(
        out,
        "\nUSAGE\n  {} requests, {} answers, {} unique principals",
        u.requests, u.answers, u.unique_principals
    );
    counts(&mut out, "answers by source", &u.by_source);
    counts(&mut out, "answers by plan", &u.by_plan);
    counts(&mut out, "requests by route", &u.by_route);
    let c = &r.costs;
    let _ = writeln!(
        out,
        "\nCOSTS\n  {} billed in the period",
        dollars(c.spent_micros)
    );
    for b in &c.budgets {
        let _ = writeln!(
            out,
            "    {:<24} {:>10} of {:>10}{}",
            b.scope,
            dollars(b.spent_micros),
            b.cap_micros.map_or_else(|| "no cap".into(), dollars),
            b.percent
                .map_or_else(String::new, |p| format!("  ({p:.1} %)"))
        );
    }
    let _ = writeln!(out, "  top spenders:");
    for s in &c.top_spenders {
        let _ = writeln!(
            out,
            "    {:>10}  {:>6} questions  {} ({})",
            dollars(s.cost_micros),
            s.questions,
            s.principal,
            s.plan
        );
    }
    let _ = writeln!(out, "\nPERFORMANCE");
    latencies(&mut out, "by route", &r.performance.by_route);
    latencies(&mut out, "by answer source", &r.performance.by_source);
    let a = &r.alerts;
    let _ = writeln!(
        out,
        "\nALERTS\n  {} fired, {} resolved, {} firing now",
        a.fired.len(),
        a.resolved.len(),
        a.firing_now
    );
    for x in &a.fired {
        let state = x.resolved_at.map_or("firing".to_string(), |t| {
            format!("resolved {}", t.format("%m-%d %H:%M"))
        });
        let _ = writeln!(
            out,
            "    {} {:<8} {:<20} {} [{state}]",
            x.at.format("%m-%d %H:%M"),
            x.severity,
            x.kind,
            x.message
        );
    }
    let _ = writeln!(
        out,
        "\nBACKUPS\n  {}: {}",
        r.backups.status, r.backups.detail
    );
    weekly_text(&mut out, r);
    out
}

fn weekly_text(out: &mut String, r: &Report) {
    if let Some(p) = &r.patterns {
        let _ = writeln!(out, "\nPATTERNS (answers; UTC)");
        for (h, n) in p.answers_by_hour.iter().enumerate() {
            let _ = writeln!(out, "    {h:02}:00  {n:>8}");
        }
        for (d, n) in weekly::WEEKDAYS.iter().zip(p.answers_by_weekday.iter()) {
            let _ = writeln!(out, "    {d}    {n:>8}");
        }
        let _ = writeln!(
            out,
            "  busiest minute: {} requests",
            p.peak_requests_per_minute
        );
    }
    if let Some(g) = &r.growth {
        let _ = writeln!(out, "\nGROWTH");
        for t in &g.trends {
            let _ = writeln!(
                out,
                "    {:<24} {:>14} -> {:>14}  ({:+.0}, {:+.1}/day)",
                t.name, t.first, t.last, t.change, t.per_day
            );
        }
    }
    if let Some(x) = &r.resources {
        let _ = writeln!(
            out,
            "\nRESOURCES\n  peak RSS {:.1} MiB, {:.1} CPU seconds used, busiest minute {:.2} CPU s ({} samples)",
            x.peak_rss_bytes / 1_048_576.0,
            x.cpu_seconds,
            x.peak_cpu_seconds_per_minute,
            x.samples
        );
    }
    if let Some(s) = &r.security {
        let _ = writeln!(out, "\nSECURITY");
        counts(out, "failed authentications", &s.auth_failures);
        counts(out, "limit refusals (plan/kind)", &s.rejections);
        for e in s.events.iter().take(20) {
            let _ = writeln!(
                out,
                "    {:>6}  {} {} from {} (last {})",
                e.events,
                e.kind,
                e.principal,
                e.ip_group,
                e.last_at.format("%m-%d %H:%M")
            );
        }
    }
    if let Some(d) = &r.declined {
        let _ = writeln!(out, "\nDECLINED (what the local engine missed)");
        for q in d {
            let _ = writeln!(
                out,
                "    {:>6}  {}  [missed: {}]",
                q.count, q.question, q.missed
            );
        }
    }
}
