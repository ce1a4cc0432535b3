//! The dashboard's charts, computed from per-minute roll-up rows: pure
//! functions of the rows and the clock, so they are tested without a server.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use pitwall_charts::{Bar, BarChart, LineChart, Series, XFormat};
use pitwall_metrics::record::LATENCY_BUCKETS;
use pitwall_store::rollup::LATENCY_SLOTS;
use pitwall_store::RollupRow;

/// Answer sources, in the order their lines are drawn.
pub const SOURCES: [&str; 4] = ["local", "cache", "llm", "fallback"];
/// The route whose latency is charted, as the HTTP roll-ups name it.
pub const ASK_ROUTE: &str = "POST /v1/ask";
/// Principals shown in the cost chart.
pub const TOP_PRINCIPALS: usize = 10;
/// Percentiles of the latency chart: name and quantile.
const PERCENTILES: [(&str, f64); 3] = [("p50", 0.5), ("p95", 0.95), ("p99", 0.99)];

/// The minutes of a per-minute chart, oldest first, `count` of them
/// ending with the one holding `now`.
pub fn minutes(now: DateTime<Utc>, count: i64) -> Vec<DateTime<Utc>> {
    let last = pitwall_store::rollup::minute_of(now);
    (0..count)
        .rev()
        .map(|back| last - Duration::minutes(back))
        .collect()
}

/// `rows` summed per minute by `key` (rows whose key is `None` are skipped).
fn per_minute<'a, K: Ord>(
    rows: &'a [RollupRow],
    key: impl Fn(&'a RollupRow) -> Option<K>,
) -> BTreeMap<(K, DateTime<Utc>), RollupRow> {
    let mut sums: BTreeMap<(K, DateTime<Utc>), RollupRow> = BTreeMap::new();
    for row in rows {
        if let Some(k) = key(row) {
            sums.entry((k, row.minute))
                .and_modify(|sum| sum.merge(row))
                .or_insert_with(|| row.clone());
        }
    }
    sums
}

fn unix(t: DateTime<Utc>) -> f64 {
    t.timestamp() as f64
}

/// Questions answered per minute, one line per source, idle minutes as 0.
pub fn requests_by_source(answers: &[RollupRow], minutes: &[DateTime<Utc>]) -> LineChart {
    let sums = per_minute(answers, |r| SOURCES.iter().position(|s| *s == r.a));
    let series = SOURCES
        .iter()
        .enumerate()
        .map(|(i, name)| Series {
            name: (*name).to_string(),
            points: minutes
                .iter()
                .map(|m| (unix(*m), sums.get(&(i, *m)).map_or(0.0, |r| r.count as f64)))
                .collect(),
        })
        .collect();
    LineChart {
        title: "Requests per minute by source".into(),
        x_label: "minute (UTC)".into(),
        y_label: "answers per minute".into(),
        x_format: XFormat::Time,
        series,
        reference: None,
        y_inverted: false,
    }
}

/// The `q` quantile (seconds) of a latency histogram, interpolated inside
/// its bucket as Prometheus' `histogram_quantile` does; the open last
/// bucket reads as the largest bound. `None` without observations.
pub fn quantile(buckets: &[u64; LATENCY_SLOTS], q: f64) -> Option<f64> {
    let total: u64 = buckets.iter().sum();
    if total == 0 {
        return None;
    }
    let rank = q * total as f64;
    let mut below = 0u64;
    for (i, count) in buckets.iter().enumerate() {
        let Some(upper) = LATENCY_BUCKETS.get(i) else {
            return LATENCY_BUCKETS.last().copied();
        };
        if *count > 0 && (below + count) as f64 >= rank {
            let lower = if i == 0 { 0.0 } else { LATENCY_BUCKETS[i - 1] };
            let within = (rank - below as f64) / *count as f64;
            return Some(lower + (upper - lower) * within.clamp(0.0, 1.0));
        }
        below += count;
    }
    LATENCY_BUCKETS.last().copied()
}

/// `POST /v1/ask` latency percentiles per minute, in milliseconds; a
/// minute without requests has no point.
pub fn ask_latency(http: &[RollupRow], minutes: &[DateTime<Utc>]) -> LineChart {
    let sums = per_minute(http, |r| (r.a == ASK_ROUTE).then_some(()));
    let series = PERCENTILES
        .iter()
        .map(|(name, q)| Series {
            name: (*name).to_string(),
            points: minutes
                .iter()
                .filter_map(|m| {
                    let row = sums.get(&((), *m))?;
                    Some((unix(*m), quantile(&row.buckets, *q)? * 1000.0))
                })
                .collect(),
        })
        .collect();
    LineChart {
        title: "/v1/ask latency percentiles".into(),
        x_label: "minute (UTC)".into(),
        y_label: "milliseconds".into(),
        x_format: XFormat::Time,
        series,
        reference: None,
        y_inverted: false,
    }
}

/// Answer-cache hits per minute as a percentage of the questions that
/// looked in the cache (every one the local engine did not answer: cache,
/// llm and fallback answers); a minute without such questions has no point.
pub fn cache_hit_ratio(answers: &[RollupRow], minutes: &[DateTime<Utc>]) -> LineChart {
    let sums = per_minute(answers, |r| Some(r.a.as_str()));
    let count = |source: &str, m: &DateTime<Utc>| sums.get(&(source, *m)).map_or(0, |r| r.count);
    let points = minutes
        .iter()
        .filter_map(|m| {
            let hits = count("cache", m);
            let looked = hits + count("llm", m) + count("fallback", m);
            (looked > 0).then(|| (unix(*m), hits as f64 * 100.0 / looked as f64))
        })
        .collect();
    LineChart {
        title: "Answer-cache hit ratio".into(),
        x_label: "minute (UTC)".into(),
        y_label: "% of questions not answered locally".into(),
        x_format: XFormat::Time,
        series: vec![Series {
            name: "cache hits".into(),
            points,
        }],
        reference: None,
        y_inverted: false,
    }
}

/// Fallback answers by reason, most frequent first.
pub fn fallback_reasons(answers: &[RollupRow], hours: i64) -> BarChart {
    let mut by_reason: BTreeMap<&str, u64> = BTreeMap::new();
    for row in answers.iter().filter(|r| r.a == "fallback") {
        let reason = if row.c.is_empty() { "unknown" } else { &row.c };
        *by_reason.entry(reason).or_default() += row.count;
    }
    let mut bars: Vec<(&str, u64)> = by_reason.into_iter().collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    BarChart {
        title: format!("Fallback reasons (last {hours} h)"),
        value_label: "fallback answers".into(),
        bars: bars
            .into_iter()
            .map(|(label, n)| Bar {
                label: label.to_string(),
                value: n as f64,
            })
            .collect(),
    }
}

/// The principals who cost most (then asked most), in US dollars.
pub fn top_principals(principals: &[RollupRow], hours: i64) -> BarChart {
    let mut by_principal: BTreeMap<&str, (i64, u64)> = BTreeMap::new();
    // The `(other)` row sums principals folded in a flood: never ranked.
    for row in principals
        .iter()
        .filter(|r| r.a != pitwall_app::rollup::OTHER)
    {
        let sum = by_principal.entry(&row.a).or_default();
        sum.0 = sum.0.saturating_add(row.cost_micros);
        sum.1 = sum.1.saturating_add(row.count);
    }
    let mut top: Vec<(&str, (i64, u64))> = by_principal.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(TOP_PRINCIPALS);
    BarChart {
        title: format!("Top principals by LLM cost (last {hours} h)"),
        value_label: "US dollars".into(),
        bars: top
            .into_iter()
            .map(|(label, (micros, _))| Bar {
                label: label.to_string(),
                value: micros as f64 / 1e6,
            })
            .collect(),
    }
}

/// LLM spend per UTC day (from the principal roll-ups) for `days` days
/// ending `today`, idle days as 0, against the global daily cap.
pub fn spend_per_day(
    principals: &[RollupRow],
    today: NaiveDate,
    days: i64,
    daily_cap_usd: Option<f64>,
) -> LineChart {
    let mut by_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for row in principals {
        let day = by_day.entry(row.minute.date_naive()).or_default();
        *day = day.saturating_add(row.cost_micros);
    }
    let points = (0..days)
        .rev()
        .map(|back| today - Duration::days(back))
        .map(|day| {
            let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
            let micros = by_day.get(&day).copied().unwrap_or(0);
            (unix(start), micros as f64 / 1e6)
        })
        .collect();
    LineChart {
        title: format!("LLM spend per day (last {days} days)"),
        x_label: "day (UTC)".into(),
        y_label: "US dollars".into(),
        x_format: XFormat::Date,
        series: vec![Series {
            name: "spend".into(),
            points,
        }],
        reference: daily_cap_usd.map(|cap| ("global daily cap".to_string(), cap)),
        y_inverted: false,
    }
}

#[cfg(test)]
#[path = "charts_tests.rs"]
mod tests;
