//! Per-minute roll-ups, summed in memory and flushed to the app database
//! about once a minute and at shutdown: the reports and the dashboard read
//! them, so they never scan the raw history, and a request costs one short
//! lock here and no write of its own.

mod flush;

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use pitwall_store::rollup::{minute_of, LATENCY_SLOTS};
use pitwall_store::{RollupRow, RollupSeries};

/// Distinct principals held between flushes, beyond which new ones are
/// folded into an `(other)` row of their plan: a flood of distinct
/// anonymous IP groups must not grow memory or the table without bound.
/// The other series have bounded labels (route templates, closed lists,
/// plans), so they are never folded.
const MAX_PRINCIPALS: usize = 5_000;

/// Distinct declined questions held between flushes, beyond which new
/// ones are folded into one `(other)` row.
const MAX_DECLINED: usize = 1_000;

/// Rows kept for a retry when the database refuses a flush; older ones are
/// dropped (with a warning) rather than held without bound.
const MAX_RETAINED: usize = 100_000;

/// The label folded rows carry.
pub const OTHER: &str = "(other)";

/// Longest label kept (characters): declined questions are cut to it.
const MAX_LABEL: usize = 160;

type Key = (DateTime<Utc>, RollupSeries, String, String, String);

pub use flush::FLUSH_EVERY;

/// Rows summed since the last flush, and how many distinct labels the
/// capped series hold.
#[derive(Debug, Default)]
struct Pending {
    rows: HashMap<Key, RollupRow>,
    principals: usize,
    declined: usize,
}

/// Figures summed since the last flush.
#[derive(Debug, Default)]
pub struct Rollups {
    pending: Mutex<Pending>,
    /// The process's CPU seconds at the last resource sample.
    cpu_seen: Mutex<Option<f64>>,
}

/// The latency bucket of `secs` (the metrics' bounds, then slower).
fn bucket(secs: f64) -> usize {
    pitwall_metrics::record::latency_bucket(secs).min(LATENCY_SLOTS - 1)
}

/// `label` cut to [`MAX_LABEL`] characters.
fn cut(label: &str) -> String {
    label.chars().take(MAX_LABEL).collect()
}

impl Rollups {
    /// Adds to the row of `series` and labels in the current minute.
    fn add(&self, series: RollupSeries, labels: [&str; 3], f: impl FnOnce(&mut RollupRow)) {
        self.add_at(Utc::now(), series, labels, f);
    }

    fn add_at(
        &self,
        at: DateTime<Utc>,
        series: RollupSeries,
        labels: [&str; 3],
        f: impl FnOnce(&mut RollupRow),
    ) {
        let minute = minute_of(at);
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let pending = &mut *pending;
        let mut key: Key = (
            minute,
            series,
            labels[0].to_string(),
            labels[1].to_string(),
            labels[2].to_string(),
        );
        if !pending.rows.contains_key(&key) {
            let capped = match series {
                RollupSeries::Principal => Some((&mut pending.principals, MAX_PRINCIPALS)),
                RollupSeries::Declined => Some((&mut pending.declined, MAX_DECLINED)),
                _ => None,
            };
            if let Some((held, cap)) = capped {
                if *held >= cap {
                    // A principal keeps its plan; a question keeps nothing.
                    let plan = if series == RollupSeries::Principal {
                        labels[1]
                    } else {
                        ""
                    };
                    key = (
                        minute,
                        series,
                        OTHER.into(),
                        plan.to_string(),
                        String::new(),
                    );
                } else {
                    *held += 1;
                }
            }
        }
        let row = pending
            .rows
            .entry(key)
            .or_insert_with_key(|(m, s, a, b, c)| RollupRow::new(*m, *s, a, b, c));
        f(row);
    }

    /// One HTTP request: `route` is the method and route template.
    pub fn http(&self, route: &str, status: u16, secs: f64) {
        let class = match status {
            100..=199 => "1xx",
            200..=299 => "2xx",
            300..=399 => "3xx",
            400..=499 => "4xx",
            _ => "5xx",
        };
        self.add(RollupSeries::Http, [route, class, ""], |r| {
            r.count += 1;
            r.buckets[bucket(secs)] += 1;
        });
    }

    /// One question answered from `source` for a principal on `plan`.
    pub fn answer(&self, source: &str, plan: &str, reason: Option<&str>, secs: f64) {
        let reason = reason.unwrap_or("");
        self.add(RollupSeries::Answer, [source, plan, reason], |r| {
            r.count += 1;
            r.buckets[bucket(secs)] += 1;
        });
    }

    /// One question asked by `principal`.
    pub fn asked_by(&self, principal: &str, plan: &str) {
        self.add(RollupSeries::Principal, [principal, plan, ""], |r| {
            r.count += 1
        });
    }

    /// LLM cost billed to `principal` (once, even for a shared call), in
    /// the minute it was booked at (the ledger's and the budgets' time).
    pub fn billed(&self, at: DateTime<Utc>, principal: &str, plan: &str, cost_micros: i64) {
        self.add_at(at, RollupSeries::Principal, [principal, plan, ""], |r| {
            r.cost_micros = r.cost_micros.saturating_add(cost_micros)
        });
    }

    /// One failed authentication.
    pub fn auth_failure(&self, reason: &str) {
        self.add(RollupSeries::AuthFailure, [reason, "", ""], |r| {
            r.count += 1
        });
    }

    /// One request refused by a plan's limit of `kind`.
    pub fn rejection(&self, plan: &str, kind: &str) {
        self.add(RollupSeries::Rejection, [plan, kind, ""], |r| r.count += 1);
    }

    /// A question the local engine did not fully understand: its
    /// normalised text and the words it missed.
    pub fn declined(&self, normalised: &str, unparsed: &[String]) {
        let missed = cut(&unparsed.join(", "));
        self.add(
            RollupSeries::Declined,
            [&cut(normalised), &missed, ""],
            |r| r.count += 1,
        );
    }

    /// A sampled resource figure (the minute keeps the maximum).
    pub fn resource(&self, name: &str, value: f64) {
        self.add(RollupSeries::Resource, [name, "", ""], |r| {
            r.value = r.value.max(value)
        });
    }

    /// CPU seconds used since the previous call (0 the first time): the
    /// process's counter is cumulative, a minute's row holds its share.
    pub fn cpu_since_last(&self, total: f64) -> f64 {
        let mut seen = self.cpu_seen.lock().unwrap_or_else(|e| e.into_inner());
        let used = seen.map_or(0.0, |before| (total - before).max(0.0));
        *seen = Some(total);
        used
    }

    /// Everything summed since the last flush, oldest minute first.
    pub fn take(&self) -> Vec<RollupRow> {
        let drained = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        let mut rows: Vec<RollupRow> = drained.rows.into_values().collect();
        rows.sort_by(|x, y| {
            (x.minute, x.series, &x.a, &x.b, &x.c).cmp(&(y.minute, y.series, &y.a, &y.b, &y.c))
        });
        rows
    }

    /// Puts back rows a flush could not store, merged with what arrived
    /// since, so the next flush retries them. Beyond [`MAX_RETAINED`] rows
    /// the oldest are dropped: returns how many.
    pub fn put_back(&self, mut rows: Vec<RollupRow>) -> usize {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let pending = &mut *pending;
        let room = MAX_RETAINED.saturating_sub(pending.rows.len());
        let dropped = rows.len().saturating_sub(room);
        // `rows` is oldest first: keep the newest.
        for row in rows.drain(..).skip(dropped) {
            let key = (
                row.minute,
                row.series,
                row.a.clone(),
                row.b.clone(),
                row.c.clone(),
            );
            match pending.rows.get_mut(&key) {
                Some(existing) => existing.merge(&row),
                None => {
                    // Put back labels count against the caps again.
                    match row.series {
                        RollupSeries::Principal => pending.principals += 1,
                        RollupSeries::Declined => pending.declined += 1,
                        _ => {}
                    }
                    pending.rows.insert(key, row);
                }
            }
        }
        dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_of_one_minute_and_labels_share_a_row() {
        let r = Rollups::default();
        r.http("POST /v1/ask", 200, 0.0004);
        r.http("POST /v1/ask", 201, 45.0);
        r.http("POST /v1/ask", 503, 0.2);
        let rows = r.take();
        assert_eq!(rows.len(), 2);
        let ok = rows.iter().find(|x| x.b == "2xx").unwrap();
        assert_eq!(ok.count, 2);
        assert_eq!(ok.buckets[0], 1, "0.4 ms is in the first bucket");
        assert_eq!(
            ok.buckets[LATENCY_SLOTS - 1],
            1,
            "45 s is beyond the last bound"
        );
        assert!(r.take().is_empty(), "taking empties");
    }

    #[test]
    fn asked_and_billed_add_to_one_principal_row() {
        let r = Rollups::default();
        r.asked_by("user:a", "pro");
        r.asked_by("user:a", "pro");
        r.billed(Utc::now(), "user:a", "pro", 1_250);
        let rows = r.take();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].count, rows[0].cost_micros), (2, 1_250));
    }

    #[test]
    fn a_flood_of_principals_is_folded_by_plan_and_nothing_else_is() {
        let r = Rollups::default();
        for i in 0..MAX_PRINCIPALS + 50 {
            r.asked_by(&format!("ip:{i}"), "anonymous");
        }
        r.asked_by("user:late", "pro");
        for i in 0..MAX_DECLINED + 5 {
            r.declined(&format!("question {i}"), &[]);
        }
        // Bounded series keep their labels however full the caps are.
        r.http("POST /v1/ask", 503, 0.1);
        r.answer("fallback", "pro", Some("llm_error"), 0.1);
        let rows = r.take();
        let folded = |series, b: &str| {
            rows.iter()
                .find(|x| x.series == series && x.a == OTHER && x.b == b)
                .map(|x| x.count)
        };
        assert_eq!(folded(RollupSeries::Principal, "anonymous"), Some(50));
        assert_eq!(folded(RollupSeries::Principal, "pro"), Some(1));
        assert_eq!(folded(RollupSeries::Declined, ""), Some(5));
        assert!(rows
            .iter()
            .any(|x| x.series == RollupSeries::Http && x.b == "5xx"));
        assert!(rows
            .iter()
            .any(|x| x.series == RollupSeries::Answer && x.c == "llm_error"));
        // A flush empties the caps too.
        r.asked_by("ip:fresh", "anonymous");
        assert_eq!(r.take()[0].a, "ip:fresh");
    }

    #[test]
    fn declined_questions_are_cut_and_keep_what_was_missed() {
        let r = Rollups::default();
        let long = "x".repeat(500);
        r.declined(&long, &["sprint".into(), "podium".into()]);
        let rows = r.take();
        assert_eq!(rows[0].a.chars().count(), MAX_LABEL);
        assert_eq!(rows[0].b, "sprint, podium");
    }

    #[test]
    fn rows_put_back_merge_with_new_ones() {
        let r = Rollups::default();
        r.http("GET /", 200, 0.001);
        let failed = r.take();
        r.http("GET /", 200, 0.001);
        assert_eq!(r.put_back(failed), 0);
        let rows = r.take();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].count, 2);
    }

    #[test]
    fn resources_keep_the_maximum() {
        let r = Rollups::default();
        r.resource("rss_bytes", 10.0);
        r.resource("rss_bytes", 30.0);
        r.resource("rss_bytes", 20.0);
        assert_eq!(r.take()[0].value, 30.0);
    }
}
