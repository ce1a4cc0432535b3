//! The weekly check's sections: usage patterns, growth, resources, the
//! security log and what the engine declined.

use std::collections::BTreeMap;

use chrono::{Datelike, Timelike};
use pitwall_store::{RollupRow, RollupSeries, SecurityCount};
use serde::Serialize;

use super::daily::Count;
use super::figures::{counts_by, of, samples};

/// Weekday names, Monday first (ISO).
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Usage patterns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patterns {
    /// Questions answered per UTC hour of day (index 0 is 00:00–00:59).
    pub answers_by_hour: [u64; 24],
    /// Questions answered per weekday, Monday first.
    pub answers_by_weekday: [u64; 7],
    /// HTTP requests per UTC hour of day.
    pub requests_by_hour: [u64; 24],
    /// The busiest minute's HTTP requests.
    pub peak_requests_per_minute: u64,
}

/// When traffic comes.
pub fn patterns(rows: &[RollupRow]) -> Patterns {
    let mut answers_by_hour = [0u64; 24];
    let mut answers_by_weekday = [0u64; 7];
    let mut requests_by_hour = [0u64; 24];
    let mut per_minute: BTreeMap<i64, u64> = BTreeMap::new();
    for r in of(rows, RollupSeries::Answer) {
        answers_by_hour[r.minute.hour() as usize] += r.count;
        answers_by_weekday[r.minute.weekday().num_days_from_monday() as usize] += r.count;
    }
    for r in of(rows, RollupSeries::Http) {
        requests_by_hour[r.minute.hour() as usize] += r.count;
        *per_minute.entry(r.minute.timestamp()).or_default() += r.count;
    }
    Patterns {
        answers_by_hour,
        answers_by_weekday,
        requests_by_hour,
        peak_requests_per_minute: per_minute.values().copied().max().unwrap_or(0),
    }
}

/// A sampled figure at the start and the end of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// What was sampled (`app_db_bytes`, `rows:history`, ...).
    pub name: String,
    /// The first sample of the period.
    pub first: f64,
    /// The last sample.
    pub last: f64,
    /// `last - first`.
    pub change: f64,
    /// The change per day, over the time between the two samples.
    pub per_day: f64,
}

/// Growth trends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Growth {
    /// The app database's size (file and WAL) and each growing table's
    /// rows (history, usage ledger, alerts, audit log, security events,
    /// roll-ups).
    pub trends: Vec<Trend>,
}

/// How the database and its tables grew, from the minute samples.
pub fn growth(rows: &[RollupRow]) -> Growth {
    let mut names: Vec<&str> = of(rows, RollupSeries::Resource)
        .map(|r| r.a.as_str())
        .filter(|n| *n == "app_db_bytes" || n.starts_with("rows:"))
        .collect();
    names.sort_unstable();
    names.dedup();
    let trends = names
        .into_iter()
        .filter_map(|name| {
            let mut it = samples(rows, name);
            let first = it.next()?;
            let last = it.last().unwrap_or(first);
            let days = (last.minute - first.minute).num_seconds() as f64 / 86_400.0;
            let change = last.value - first.value;
            Some(Trend {
                name: name.to_string(),
                first: first.value,
                last: last.value,
                change,
                per_day: if days > 0.0 { change / days } else { 0.0 },
            })
        })
        .collect();
    Growth { trends }
}

/// Resource use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resources {
    /// The highest resident memory seen (bytes): the kernel's high-water
    /// mark, so a spike between samples counts.
    pub peak_rss_bytes: f64,
    /// The highest resident memory at a sample (bytes).
    pub max_sampled_rss_bytes: f64,
    /// CPU seconds the server used in the period.
    pub cpu_seconds: f64,
    /// The busiest minute's CPU seconds (60 is one core fully busy).
    pub peak_cpu_seconds_per_minute: f64,
    /// Minutes sampled.
    pub samples: usize,
}

/// Peak memory and CPU from the minute samples.
pub fn resources(rows: &[RollupRow]) -> Resources {
    let max = |name| samples(rows, name).map(|r| r.value).fold(0.0, f64::max);
    Resources {
        peak_rss_bytes: max("peak_rss_bytes"),
        max_sampled_rss_bytes: max("rss_bytes"),
        cpu_seconds: samples(rows, "cpu_seconds").map(|r| r.value).sum(),
        peak_cpu_seconds_per_minute: max("cpu_seconds"),
        samples: samples(rows, "rss_bytes").count(),
    }
}

/// The security log summarised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Security {
    /// Failed authentications by reason (every one, from the roll-ups).
    pub auth_failures: Vec<Count>,
    /// Requests refused by plan limits, by plan and kind (`free/rate`).
    pub rejections: Vec<Count>,
    /// The security events stored (sampled: one per principal, kind and
    /// minute), grouped, most frequent first (at most 100).
    pub events: Vec<SecurityCount>,
}

/// The security section.
pub fn security(rows: &[RollupRow], events: Vec<SecurityCount>) -> Security {
    let counted = |v: Vec<(String, u64)>| {
        v.into_iter()
            .map(|(label, count)| Count { label, count })
            .collect()
    };
    Security {
        auth_failures: counted(counts_by(rows, RollupSeries::AuthFailure, |r| r.a.clone())),
        rejections: counted(counts_by(rows, RollupSeries::Rejection, |r| {
            format!("{}/{}", r.a, r.b)
        })),
        events,
    }
}

/// A question the local engine did not fully understand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declined {
    /// The question, normalised (cut to 160 characters).
    pub question: String,
    /// The words it did not understand.
    pub missed: String,
    /// Times asked in the period.
    pub count: u64,
}

/// The 20 questions most often declined.
pub fn declined(rows: &[RollupRow]) -> Vec<Declined> {
    let mut by: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for r in of(rows, RollupSeries::Declined) {
        *by.entry((r.a.as_str(), r.b.as_str())).or_default() += r.count;
    }
    let mut out: Vec<Declined> = by
        .into_iter()
        .map(|((q, m), count)| Declined {
            question: q.to_string(),
            missed: m.to_string(),
            count,
        })
        .collect();
    out.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then_with(|| x.question.cmp(&y.question))
    });
    out.truncate(20);
    out
}
