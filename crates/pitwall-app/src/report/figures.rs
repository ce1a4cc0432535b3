//! Figures computed from roll-up rows: sums by label, latency percentiles
//! from bucket counts. Pure functions, so each section is testable on
//! seeded rows.

use std::collections::BTreeMap;

use pitwall_store::rollup::LATENCY_SLOTS;
use pitwall_store::{RollupRow, RollupSeries};
use serde::Serialize;

/// Upper bounds (seconds) of the latency buckets.
const BOUNDS: [f64; 15] = pitwall_metrics::record::LATENCY_BUCKETS;

/// Latency percentiles of some traffic, in milliseconds. As Prometheus'
/// `histogram_quantile` does with a bucket's upper edge, each is the upper
/// bound of the bucket holding that rank: "p95 ≤ 250 ms".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latency {
    /// Requests counted.
    pub count: u64,
    /// Median (ms); `None` without requests.
    pub p50_ms: Option<f64>,
    /// 95th percentile (ms).
    pub p95_ms: Option<f64>,
    /// 99th percentile (ms).
    pub p99_ms: Option<f64>,
    /// Requests slower than the last bound (30 s); a percentile in that
    /// bucket reads as 30,000 ms.
    pub over_30s: u64,
}

/// Latency percentiles of `buckets`.
pub fn latency(buckets: &[u64; LATENCY_SLOTS]) -> Latency {
    let count: u64 = buckets.iter().sum();
    let quantile = |q: f64| -> Option<f64> {
        if count == 0 {
            return None;
        }
        let rank = ((q * count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, n) in buckets.iter().enumerate() {
            seen += n;
            if seen >= rank {
                let bound = BOUNDS.get(i).copied().unwrap_or(BOUNDS[BOUNDS.len() - 1]);
                return Some(bound * 1000.0);
            }
        }
        None
    };
    Latency {
        count,
        p50_ms: quantile(0.50),
        p95_ms: quantile(0.95),
        p99_ms: quantile(0.99),
        over_30s: buckets[LATENCY_SLOTS - 1],
    }
}

/// Adds `b`'s buckets into `a`.
pub fn add_buckets(a: &mut [u64; LATENCY_SLOTS], b: &[u64; LATENCY_SLOTS]) {
    for (x, y) in a.iter_mut().zip(b.iter()) {
        *x = x.saturating_add(*y);
    }
}

/// The rows of one series.
pub fn of(rows: &[RollupRow], series: RollupSeries) -> impl Iterator<Item = &RollupRow> {
    rows.iter().filter(move |r| r.series == series)
}

/// Counts of `series` summed by a label, largest first (ties by label).
pub fn counts_by<'a>(
    rows: &'a [RollupRow],
    series: RollupSeries,
    label: impl Fn(&'a RollupRow) -> String,
) -> Vec<(String, u64)> {
    let mut sums: BTreeMap<String, u64> = BTreeMap::new();
    for r in of(rows, series) {
        *sums.entry(label(r)).or_default() += r.count;
    }
    let mut out: Vec<(String, u64)> = sums.into_iter().filter(|(_, n)| *n > 0).collect();
    out.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    out
}

/// Latency per label of `series` (http or answer rows), by label.
pub fn latency_by<'a>(
    rows: &'a [RollupRow],
    series: RollupSeries,
    label: impl Fn(&'a RollupRow) -> String,
) -> Vec<(String, Latency)> {
    let mut sums: BTreeMap<String, [u64; LATENCY_SLOTS]> = BTreeMap::new();
    for r in of(rows, series) {
        add_buckets(
            sums.entry(label(r)).or_insert([0; LATENCY_SLOTS]),
            &r.buckets,
        );
    }
    sums.into_iter()
        .map(|(k, b)| (k, latency(&b)))
        .filter(|(_, l)| l.count > 0)
        .collect()
}

/// The sampled values of one resource, oldest minute first.
pub fn samples<'a>(rows: &'a [RollupRow], name: &'a str) -> impl Iterator<Item = &'a RollupRow> {
    of(rows, RollupSeries::Resource).filter(move |r| r.a == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_read_the_upper_edge_of_the_rank_bucket() {
        let mut b = [0u64; LATENCY_SLOTS];
        // 90 requests ≤ 1 ms (bucket 1), 9 ≤ 250 ms (bucket 8), 1 slower than 30 s.
        b[1] = 90;
        b[8] = 9;
        b[15] = 1;
        let l = latency(&b);
        assert_eq!(l.count, 100);
        assert_eq!(l.p50_ms, Some(BOUNDS[1] * 1000.0));
        assert_eq!(l.p95_ms, Some(BOUNDS[8] * 1000.0));
        assert_eq!(l.p99_ms, Some(BOUNDS[8] * 1000.0));
        assert_eq!(l.over_30s, 1);
        assert_eq!(latency(&[0; LATENCY_SLOTS]).p50_ms, None);
    }
}
