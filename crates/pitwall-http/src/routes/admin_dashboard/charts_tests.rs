use chrono::TimeZone;
use pitwall_store::RollupSeries;

use super::*;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, h, m, 0)
        .single()
        .unwrap()
}

fn row(minute: DateTime<Utc>, series: RollupSeries, a: &str, c: &str, count: u64) -> RollupRow {
    let mut r = RollupRow::new(minute, series, a, "free", c);
    r.count = count;
    r
}

#[test]
fn minutes_end_with_the_current_one() {
    let m = minutes(at(12, 30) + Duration::seconds(42), 3);
    assert_eq!(m, vec![at(12, 28), at(12, 29), at(12, 30)]);
}

#[test]
fn quantiles_interpolate_inside_the_bucket() {
    let mut b = [0u64; LATENCY_SLOTS];
    assert_eq!(quantile(&b, 0.5), None);
    b[1] = 10; // 0.5 ms to 1 ms
    let p50 = quantile(&b, 0.5).unwrap();
    assert!((p50 - 0.00075).abs() < 1e-9, "{p50}");
    b[12] = 10; // 2.5 s to 5 s
    let p99 = quantile(&b, 0.99).unwrap();
    assert!((2.5..=5.0).contains(&p99), "{p99}");
    let mut slow = [0u64; LATENCY_SLOTS];
    slow[15] = 1;
    assert_eq!(
        quantile(&slow, 0.5),
        Some(30.0),
        "slower than the last bound"
    );
}

#[test]
fn sources_are_summed_per_minute_across_plans_and_idle_minutes_are_zero() {
    let window = minutes(at(12, 2), 3);
    let rows = vec![
        row(at(12, 0), RollupSeries::Answer, "local", "", 2),
        row(at(12, 0), RollupSeries::Answer, "local", "", 3),
        row(at(12, 2), RollupSeries::Answer, "llm", "", 1),
        row(at(11, 0), RollupSeries::Answer, "llm", "", 9),
    ];
    let chart = requests_by_source(&rows, &window);
    let local = &chart.series[0];
    assert_eq!(local.name, "local");
    let t = |m| at(12, m).timestamp() as f64;
    assert_eq!(local.points, vec![(t(0), 5.0), (t(1), 0.0), (t(2), 0.0)]);
    assert_eq!(chart.series[2].points[2], (t(2), 1.0));
    assert_eq!(chart.series.len(), 4);
}

#[test]
fn hit_ratio_counts_only_questions_that_reached_the_cache() {
    let window = minutes(at(12, 1), 2);
    let rows = vec![
        row(at(12, 0), RollupSeries::Answer, "local", "", 50),
        row(at(12, 0), RollupSeries::Answer, "cache", "", 1),
        row(at(12, 0), RollupSeries::Answer, "llm", "", 2),
        row(
            at(12, 0),
            RollupSeries::Answer,
            "fallback",
            "llm_disabled",
            1,
        ),
        row(at(12, 1), RollupSeries::Answer, "local", "", 5),
    ];
    let chart = cache_hit_ratio(&rows, &window);
    assert_eq!(
        chart.series[0].points,
        vec![(at(12, 0).timestamp() as f64, 25.0)]
    );
}

#[test]
fn latency_reads_the_ask_route_only() {
    let window = minutes(at(12, 0), 1);
    let mut ask = row(at(12, 0), RollupSeries::Http, ASK_ROUTE, "", 4);
    ask.buckets[2] = 4; // 1 to 2.5 ms
    let mut other = row(at(12, 0), RollupSeries::Http, "GET /v1/history", "", 4);
    other.buckets[14] = 4;
    let chart = ask_latency(&[ask, other], &window);
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["p50", "p95", "p99"]);
    for s in &chart.series {
        let ms = s.points[0].1;
        assert!((1.0..=2.5).contains(&ms), "{}: {ms}", s.name);
    }
}

#[test]
fn reasons_and_principals_rank_largest_first() {
    let rows = vec![
        row(
            at(12, 0),
            RollupSeries::Answer,
            "fallback",
            "llm_disabled",
            1,
        ),
        row(at(12, 1), RollupSeries::Answer, "fallback", "queue_full", 3),
        row(
            at(12, 2),
            RollupSeries::Answer,
            "fallback",
            "llm_disabled",
            1,
        ),
        row(at(12, 2), RollupSeries::Answer, "llm", "", 7),
    ];
    let chart = fallback_reasons(&rows, 24);
    let bars: Vec<(&str, f64)> = chart
        .bars
        .iter()
        .map(|b| (b.label.as_str(), b.value))
        .collect();
    assert_eq!(bars, [("queue_full", 3.0), ("llm_disabled", 2.0)]);

    let mut rich = row(at(12, 0), RollupSeries::Principal, "user:rich", "", 1);
    rich.cost_micros = 1_500_000;
    let mut poor = row(at(12, 0), RollupSeries::Principal, "ip:10.0.0.0/24", "", 9);
    poor.cost_micros = 10;
    let mut folded = row(
        at(12, 0),
        RollupSeries::Principal,
        pitwall_app::rollup::OTHER,
        "",
        900,
    );
    folded.cost_micros = 9_000_000;
    let chart = top_principals(&[poor.clone(), rich, poor, folded], 24);
    assert_eq!(chart.bars.len(), 2, "the folded row is never ranked");
    assert_eq!(chart.bars[0].label, "user:rich");
    assert_eq!(chart.bars[0].value, 1.5);
    assert_eq!(chart.bars[1].value, 0.00002);
}

#[test]
fn spend_is_summed_per_day_with_the_cap_as_reference() {
    let today = at(12, 0).date_naive();
    let mut a = row(at(1, 0), RollupSeries::Principal, "user:a", "", 1);
    a.cost_micros = 250_000;
    let mut b = row(at(23, 59), RollupSeries::Principal, "user:b", "", 1);
    b.cost_micros = 250_000;
    let mut old = row(
        at(1, 0) - Duration::days(2),
        RollupSeries::Principal,
        "user:a",
        "",
        1,
    );
    old.cost_micros = 1_000_000;
    let chart = spend_per_day(&[a, b, old], today, 3, Some(5.0));
    let values: Vec<f64> = chart.series[0].points.iter().map(|p| p.1).collect();
    assert_eq!(values, [1.0, 0.0, 0.5]);
    assert_eq!(chart.reference, Some(("global daily cap".to_string(), 5.0)));
    assert!(chart.to_svg().contains("global daily cap (5)"));
}
