//! Latency percentiles over one phase's samples.

use std::time::Duration;

/// Percentiles of a latency sample, nearest-rank, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Percentiles {
    /// How many latencies were summarised.
    pub count: usize,
    /// Median.
    pub p50_us: u64,
    /// 90th percentile.
    pub p90_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// 99.9th percentile.
    pub p999_us: u64,
    /// Largest.
    pub max_us: u64,
    /// Arithmetic mean.
    pub mean_us: u64,
}

impl Percentiles {
    /// Summarises `latencies` (any order); all zeros when empty.
    pub fn of(latencies: &[Duration]) -> Percentiles {
        let mut us: Vec<u64> = latencies
            .iter()
            .map(|d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
            .collect();
        if us.is_empty() {
            return Percentiles::default();
        }
        us.sort_unstable();
        let sum: u128 = us.iter().map(|&v| u128::from(v)).sum();
        let mean = u64::try_from(sum / us.len() as u128).unwrap_or(u64::MAX);
        Percentiles {
            count: us.len(),
            p50_us: nearest_rank(&us, 0.50),
            p90_us: nearest_rank(&us, 0.90),
            p99_us: nearest_rank(&us, 0.99),
            p999_us: nearest_rank(&us, 0.999),
            max_us: us[us.len() - 1],
            mean_us: mean,
        }
    }
}

/// The smallest value with at least `q` of the (sorted, non-empty) sample at or below it.
fn nearest_rank(sorted: &[u64], q: f64) -> u64 {
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Microseconds as milliseconds with three decimals, signed (overheads may be negative).
pub fn ms(us: i64) -> String {
    format!("{:.3}", us as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_of_one_to_a_thousand() {
        let sample: Vec<Duration> = (1..=1000).rev().map(Duration::from_micros).collect();
        let p = Percentiles::of(&sample);
        assert_eq!(p.count, 1000);
        assert_eq!(p.p50_us, 500);
        assert_eq!(p.p90_us, 900);
        assert_eq!(p.p99_us, 990);
        assert_eq!(p.p999_us, 999);
        assert_eq!(p.max_us, 1000);
        assert_eq!(p.mean_us, 500);
    }

    #[test]
    fn small_and_empty_samples() {
        assert_eq!(Percentiles::of(&[]), Percentiles::default());
        let p = Percentiles::of(&[Duration::from_micros(7)]);
        assert_eq!((p.p50_us, p.p99_us, p.max_us), (7, 7, 7));
        assert_eq!(ms(-1500), "-1.500");
    }
}
