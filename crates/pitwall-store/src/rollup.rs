//! Per-minute roll-ups: traffic summed by minute and label, for the daily
//! and weekly reports and the admin dashboard. The app sums in memory and
//! flushes about once a minute; the store adds a flushed row to a stored
//! row of the same key, so two flushes of one minute (a restart within it)
//! neither lose nor double anything.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Latency buckets per row: the metrics' 15 upper bounds (0.5 ms to 30 s),
/// then one for everything slower.
pub const LATENCY_SLOTS: usize = 16;

/// What a roll-up row counts; fixes what its labels `a`, `b` and `c` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupSeries {
    /// HTTP requests. `a`: method and route template (`POST /v1/ask`);
    /// `b`: status class (`2xx`..`5xx`). Latency buckets.
    Http,
    /// Questions answered. `a`: source (`local`, `cache`, `llm`,
    /// `fallback`); `b`: plan; `c`: fallback reason (empty otherwise).
    /// Latency buckets.
    Answer,
    /// One principal's questions and LLM cost. `a`: principal id; `b`: plan.
    Principal,
    /// Failed authentications. `a`: reason.
    AuthFailure,
    /// Requests refused by a plan's limits. `a`: plan; `b`: kind.
    Rejection,
    /// Questions the local engine did not fully understand. `a`: the
    /// question, normalised and cut to 160 characters; `b`: the words it
    /// did not understand. No principal: a report shows what is missed,
    /// not who asked.
    Declined,
    /// A resource sampled each minute. `a`: its name (`rss_bytes`,
    /// `cpu_seconds`, `app_db_bytes`, `rows:<table>`); `value`: the
    /// minute's maximum.
    Resource,
}

impl RollupSeries {
    /// Every series.
    pub const ALL: [RollupSeries; 7] = [
        RollupSeries::Http,
        RollupSeries::Answer,
        RollupSeries::Principal,
        RollupSeries::AuthFailure,
        RollupSeries::Rejection,
        RollupSeries::Declined,
        RollupSeries::Resource,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            RollupSeries::Http => "http",
            RollupSeries::Answer => "answer",
            RollupSeries::Principal => "principal",
            RollupSeries::AuthFailure => "auth_failure",
            RollupSeries::Rejection => "rejection",
            RollupSeries::Declined => "declined",
            RollupSeries::Resource => "resource",
        }
    }

    /// The series stored as `name`.
    pub fn parse(name: &str) -> Option<RollupSeries> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// One minute of one series and label set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollupRow {
    /// The start of the minute (seconds are zero).
    pub minute: DateTime<Utc>,
    /// What it counts.
    pub series: RollupSeries,
    /// First label (see [`RollupSeries`]).
    pub a: String,
    /// Second label, or empty.
    pub b: String,
    /// Third label, or empty.
    pub c: String,
    /// Events counted.
    pub count: u64,
    /// LLM cost in micro-dollars (principal rows).
    pub cost_micros: i64,
    /// A sampled value's maximum (resource rows).
    pub value: f64,
    /// Latency counts per bucket (http and answer rows).
    pub buckets: [u64; LATENCY_SLOTS],
}

impl RollupRow {
    /// An empty row for `minute` (truncated to the minute) and labels.
    pub fn new(minute: DateTime<Utc>, series: RollupSeries, a: &str, b: &str, c: &str) -> Self {
        Self {
            minute: minute_of(minute),
            series,
            a: a.to_string(),
            b: b.to_string(),
            c: c.to_string(),
            count: 0,
            cost_micros: 0,
            value: 0.0,
            buckets: [0; LATENCY_SLOTS],
        }
    }

    /// Adds `other`'s figures (same key) as the store does: counts, costs
    /// and buckets add up, the sampled value keeps the maximum.
    pub fn merge(&mut self, other: &RollupRow) {
        self.count = self.count.saturating_add(other.count);
        self.cost_micros = self.cost_micros.saturating_add(other.cost_micros);
        self.value = self.value.max(other.value);
        for (a, b) in self.buckets.iter_mut().zip(other.buckets.iter()) {
            *a = a.saturating_add(*b);
        }
    }

    /// Whether `other` has the same minute, series and labels.
    pub fn same_key(&self, other: &RollupRow) -> bool {
        self.minute == other.minute
            && self.series == other.series
            && self.a == other.a
            && self.b == other.b
            && self.c == other.c
    }
}

/// The start of `at`'s minute.
pub fn minute_of(at: DateTime<Utc>) -> DateTime<Utc> {
    let secs = at.timestamp().div_euclid(60) * 60;
    DateTime::from_timestamp(secs, 0).unwrap_or(at)
}
