//! The report as one self-contained HTML file: styles in the head, charts
//! inline as SVG (drawn by `pitwall-charts`), no script and nothing fetched
//! from the network, so it can be mailed or archived. Every text is
//! escaped; the charts escape their own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use pitwall_charts::{escape, Bar, BarChart, LineChart, Series, XFormat};

use super::daily::Count;
use super::{weekly, Report, ReportKind};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;\
color:#1a1a1a;padding:0 1rem}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;\
border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;\
text-align:left;border-bottom:1px solid #eee}td.n{text-align:right;font-variant-numeric:tabular-nums}\
figure{margin:1rem 0}svg{max-width:100%;height:auto}";

fn dollars(micros: i64) -> String {
    format!("${:.2}", micros as f64 / 1_000_000.0)
}

fn table(out: &mut String, head: &[&str], rows: Vec<Vec<String>>) {
    out.push_str("<table><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr>");
    if rows.is_empty() {
        let _ = write!(out, "<tr><td colspan=\"{}\">none</td></tr>", head.len());
    }
    for row in rows {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"n\"" };
            let _ = write!(out, "<td{class}>{}</td>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

fn count_rows(items: &[Count]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|c| vec![c.label.clone(), c.count.to_string()])
        .collect()
}

fn figure(out: &mut String, svg: String) {
    let _ = write!(out, "<figure>{svg}</figure>");
}

fn bars(title: &str, unit: &str, items: impl Iterator<Item = (String, f64)>) -> String {
    BarChart {
        title: title.into(),
        value_label: unit.into(),
        bars: items.map(|(label, value)| Bar { label, value }).collect(),
    }
    .to_svg()
}

/// Renders `r` as HTML.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let p = &r.period;
    let title = format!(
        "pitwall {:?} report, {} to {} UTC",
        p.kind,
        p.from.format("%Y-%m-%d %H:%M"),
        p.to.format("%Y-%m-%d %H:%M")
    );
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>{STYLE}</style></head><body><h1>{t}</h1><p>{} minutes recorded; generated {}.</p>",
        p.minutes_with_data,
        p.generated_at.format("%Y-%m-%d %H:%M:%S UTC"),
        t = escape(&title)
    );
    let e = &r.errors;
    let _ = write!(
        out,
        "<h2 id=\"errors\">Errors</h2><p>{} requests: {} client errors, {} server errors ({:.3} %).</p>",
        e.requests,
        e.client_errors,
        e.server_errors,
        e.server_error_rate * 100.0
    );
    table(
        &mut out,
        &["class and route", "count"],
        count_rows(&e.by_class_and_route),
    );
    figure(
        &mut out,
        bars(
            "Fallbacks by reason",
            "answers",
            e.fallbacks
                .iter()
                .map(|c| (c.label.clone(), c.count as f64)),
        ),
    );
    let u = &r.usage;
    let _ = write!(
        out,
        "<h2 id=\"usage\">Usage</h2><p>{} requests, {} answers, {} unique principals.</p>",
        u.requests, u.answers, u.unique_principals
    );
    let sources: BTreeSet<&String> = u
        .answers_per_hour
        .iter()
        .flat_map(|h| h.by_source.keys())
        .collect();
    // Every hour of the period, idle ones at zero: a line must not run
    // straight across a quiet night.
    let by_hour: BTreeMap<i64, &BTreeMap<String, u64>> = u
        .answers_per_hour
        .iter()
        .map(|h| (h.hour.timestamp(), &h.by_source))
        .collect();
    let first_hour = p.from.timestamp().div_euclid(3600) * 3600;
    let hours: Vec<i64> = (first_hour..p.to.timestamp()).step_by(3600).collect();
    let series = sources
        .into_iter()
        .map(|s| Series {
            name: s.clone(),
            points: hours
                .iter()
                .map(|h| {
                    let n = by_hour.get(h).and_then(|m| m.get(s)).copied().unwrap_or(0);
                    (*h as f64, n as f64)
                })
                .collect(),
        })
        .collect();
    figure(
        &mut out,
        LineChart {
            title: "Answers per hour by source".into(),
            x_label: "hour (UTC)".into(),
            y_label: "answers".into(),
            x_format: match p.kind {
                ReportKind::Daily => XFormat::Time,
                ReportKind::Weekly => XFormat::Date,
            },
            series,
            reference: None,
            y_inverted: false,
        }
        .to_svg(),
    );
    table(&mut out, &["source", "answers"], count_rows(&u.by_source));
    table(&mut out, &["plan", "answers"], count_rows(&u.by_plan));
    table(&mut out, &["route", "requests"], count_rows(&u.by_route));
    costs(&mut out, r);
    performance(&mut out, r);
    alerts(&mut out, r);
    let _ = write!(
        out,
        "<h2 id=\"backups\">Backups</h2><p>{}: {}</p>",
        escape(&r.backups.status),
        escape(&r.backups.detail)
    );
    weekly_html(&mut out, r);
    out.push_str("</body></html>\n");
    out
}

fn costs(out: &mut String, r: &Report) {
    let c = &r.costs;
    let _ = write!(
        out,
        "<h2 id=\"costs\">Costs</h2><p>{} billed in the period.</p>",
        dollars(c.spent_micros)
    );
    let budgets = c
        .budgets
        .iter()
        .map(|b| {
            vec![
                b.scope.clone(),
                dollars(b.spent_micros),
                b.cap_micros.map_or_else(|| "no cap".into(), dollars),
                b.percent.map_or_else(String::new, |p| format!("{p:.1} %")),
            ]
        })
        .collect();
    table(out, &["budget", "spent", "cap", "used"], budgets);
    figure(
        out,
        bars(
            "Top spenders",
            "US dollars",
            c.top_spenders
                .iter()
                .map(|s| (s.principal.clone(), s.cost_micros as f64 / 1_000_000.0)),
        ),
    );
    let spenders = c
        .top_spenders
        .iter()
        .map(|s| {
            vec![
                s.principal.clone(),
                s.plan.clone(),
                dollars(s.cost_micros),
                s.questions.to_string(),
            ]
        })
        .collect();
    table(out, &["principal", "plan", "cost", "questions"], spenders);
}

fn performance(out: &mut String, r: &Report) {
    let _ = write!(out, "<h2 id=\"performance\">Performance</h2>");
    let p = &r.performance;
    figure(
        out,
        bars(
            "p95 latency by route",
            "milliseconds",
            p.by_route
                .iter()
                .map(|l| (l.label.clone(), l.latency.p95_ms.unwrap_or(0.0))),
        ),
    );
    for (what, items) in [("route", &p.by_route), ("source", &p.by_source)] {
        let rows = items
            .iter()
            .map(|l| {
                let ms = |v: Option<f64>| v.map_or_else(|| "-".into(), |v| format!("{v} ms"));
                vec![
                    l.label.clone(),
                    l.latency.count.to_string(),
                    ms(l.latency.p50_ms),
                    ms(l.latency.p95_ms),
                    ms(l.latency.p99_ms),
                ]
            })
            .collect();
        table(out, &[what, "count", "p50", "p95", "p99"], rows);
    }
}

fn alerts(out: &mut String, r: &Report) {
    let a = &r.alerts;
    let _ = write!(
        out,
        "<h2 id=\"alerts\">Alerts</h2><p>{} fired, {} resolved, {} firing now.</p>",
        a.fired.len(),
        a.resolved.len(),
        a.firing_now
    );
    let rows = a
        .fired
        .iter()
        .map(|x| {
            vec![
                x.kind.clone(),
                x.severity.clone(),
                x.message.clone(),
                x.at.format("%m-%d %H:%M").to_string(),
                x.resolved_at
                    .map_or("firing".into(), |t| t.format("%m-%d %H:%M").to_string()),
            ]
        })
        .collect();
    table(
        out,
        &["rule", "severity", "summary", "fired", "resolved"],
        rows,
    );
}

fn weekly_html(out: &mut String, r: &Report) {
    if let Some(p) = &r.patterns {
        let _ = write!(out, "<h2 id=\"patterns\">Patterns</h2>");
        let hours = p
            .answers_by_hour
            .iter()
            .enumerate()
            .map(|(h, n)| (format!("{h:02}:00"), *n as f64));
        figure(out, bars("Answers by hour of day (UTC)", "answers", hours));
        let days = weekly::WEEKDAYS
            .iter()
            .zip(p.answers_by_weekday.iter())
            .map(|(d, n)| ((*d).to_string(), *n as f64));
        figure(out, bars("Answers by weekday", "answers", days));
    }
    if let Some(g) = &r.growth {
        let _ = write!(out, "<h2 id=\"growth\">Growth</h2>");
        let rows = g
            .trends
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    format!("{:.0}", t.first),
                    format!("{:.0}", t.last),
                    format!("{:+.0}", t.change),
                    format!("{:+.1}", t.per_day),
                ]
            })
            .collect();
        table(out, &["figure", "first", "last", "change", "per day"], rows);
    }
    if let Some(x) = &r.resources {
        let _ = write!(
            out,
            "<h2 id=\"resources\">Resources</h2><p>Peak RSS {:.1} MiB; {:.1} CPU seconds used; \
             busiest minute {:.2} CPU seconds; {} samples.</p>",
            x.peak_rss_bytes / 1_048_576.0,
            x.cpu_seconds,
            x.peak_cpu_seconds_per_minute,
            x.samples
        );
    }
    if let Some(s) = &r.security {
        let _ = write!(out, "<h2 id=\"security\">Security</h2>");
        table(
            out,
            &["failed authentication", "count"],
            count_rows(&s.auth_failures),
        );
        table(
            out,
            &["limit refusal (plan/kind)", "count"],
            count_rows(&s.rejections),
        );
        let rows = s
            .events
            .iter()
            .take(20)
            .map(|e| {
                vec![
                    format!("{} {} from {}", e.kind, e.principal, e.ip_group),
                    e.events.to_string(),
                ]
            })
            .collect();
        table(out, &["event", "minutes"], rows);
    }
    if let Some(d) = &r.declined {
        let _ = write!(out, "<h2 id=\"declined\">Declined</h2>");
        let rows = d
            .iter()
            .map(|q| vec![q.question.clone(), q.missed.clone(), q.count.to_string()])
            .collect();
        table(out, &["question", "not understood", "times"], rows);
    }
}
