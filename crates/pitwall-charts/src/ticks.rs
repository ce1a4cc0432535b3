//! Axis ticks at "nice" numbers (1, 2 or 5 times a power of ten), numbers
//! written for people, and time ticks at whole minutes, hours or days.

/// About `target` ticks covering `[min, max]` at a nice step: the first
/// tick is at or below `min`, the last at or above `max`, and they increase
/// strictly. A degenerate or non-finite range gets a range of its own.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    let (mut lo, mut hi) = match (min.is_finite(), max.is_finite()) {
        (true, true) if min <= max => (min, max),
        (true, true) => (max, min),
        _ => (0.0, 1.0),
    };
    if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= if lo == 0.0 { 0.0 } else { pad };
        hi += pad;
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    let count = ((last - first) as usize).min(100);
    (0..=count)
        .map(|i| clean((first + i as f64) * step))
        .collect()
}

/// The nice step at or above `raw`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
    let raw = if raw.is_finite() && raw > 0.0 {
        raw
    } else {
        1.0
    };
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|n| fraction <= *n + 1e-9)
        .unwrap_or(10.0);
    nice * magnitude
}

/// Removes floating-point noise (`0.30000000000000004` → `0.3`).
fn clean(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let digits = 12 - v.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits.clamp(0, 15));
    (v * scale).round() / scale
}

/// A number for a tick or a value label: at most four significant digits
/// without trailing zeros, thousands as `k` and millions as `M`
/// (`1250` → `1.25k`, `0.5` → `0.5`, `3` → `3`).
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return String::from("–");
    }
    let abs = v.abs();
    let (scaled, suffix) = if abs >= 1e9 {
        (v / 1e9, "G")
    } else if abs >= 1e6 {
        (v / 1e6, "M")
    } else if abs >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let abs = scaled.abs();
    let decimals = if abs == 0.0 || abs >= 1000.0 {
        0
    } else {
        (3 - abs.log10().floor() as i32).clamp(0, 6) as usize
    };
    let mut s = format!("{scaled:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = String::from("0");
    }
    s.push_str(suffix);
    s
}

/// Steps (seconds) time ticks may take: minutes, hours, days.
const TIME_STEPS: [f64; 14] = [
    60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0, 21600.0, 43200.0, 86400.0,
    172800.0, 604800.0,
];

/// About `target` ticks over `[min, max]` unix seconds at a whole number of
/// minutes, hours or days (aligned to UTC), at least `min_step` apart.
pub(crate) fn time_ticks(min: f64, max: f64, target: usize, min_step: f64) -> Vec<f64> {
    let span = (max - min).max(0.0);
    let step = TIME_STEPS
        .into_iter()
        .filter(|s| *s >= min_step)
        .find(|s| span / s <= target.max(1) as f64)
        .unwrap_or_else(|| nice_step(span / target.max(1) as f64).max(min_step));
    let first = (min / step).floor();
    let last = (max / step).ceil().max(first + 1.0);
    let count = ((last - first) as usize).min(100);
    (0..=count).map(|i| (first + i as f64) * step).collect()
}

/// `HH:MM` (UTC) of a unix time.
pub(crate) fn clock(secs: f64) -> String {
    let of_day = secs.rem_euclid(86400.0) as i64;
    format!("{:02}:{:02}", of_day / 3600, (of_day % 3600) / 60)
}

/// `MM-DD` (UTC) of a unix time.
pub(crate) fn month_day(secs: f64) -> String {
    let (_, m, d) = civil((secs / 86400.0).floor() as i64);
    format!("{m:02}-{d:02}")
}

/// Year, month and day of a day count since 1970-01-01 (proleptic
/// Gregorian; H. Hinnant's `civil_from_days`).
pub(crate) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_range_at_nice_steps_and_increase() {
        let t = nice_ticks(0.0, 97.0, 5);
        assert_eq!(t, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let t = nice_ticks(0.0, 0.3, 5);
        assert_eq!(t.last(), Some(&0.3));
        assert!(t.iter().all(|v| format_number(*v).len() <= 4), "{t:?}");
        for (lo, hi) in [
            (-3.0, 7.5),
            (0.001, 0.002),
            (5.0, 5.0),
            (0.0, 0.0),
            (1e6, 3e9),
        ] {
            let t = nice_ticks(lo, hi, 5);
            assert!(t[0] <= lo && *t.last().unwrap() >= hi, "{lo} {hi}: {t:?}");
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{lo} {hi}: {t:?}");
            assert!(t.len() <= 12, "{t:?}");
        }
        assert_eq!(nice_ticks(f64::NAN, f64::INFINITY, 5).first(), Some(&0.0));
    }

    #[test]
    fn numbers_read_like_numbers() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(0.000125), "0.000125");
        assert_eq!(format_number(12.3456), "12.35");
        assert_eq!(format_number(1250.0), "1250");
        assert_eq!(format_number(12500.0), "12.5k");
        assert_eq!(format_number(-2_000_000.0), "-2M");
        assert_eq!(format_number(f64::NAN), "–");
    }

    #[test]
    fn time_ticks_are_whole_minutes_and_dates_are_right() {
        let start = 1_764_500_000.0;
        let t = time_ticks(start, start + 3600.0, 6, 60.0);
        assert!(t.iter().all(|v| v % 600.0 == 0.0), "{t:?}");
        assert!(t.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(clock(1_764_505_500.0), "12:25");
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_422), (2025, 11, 30));
        assert_eq!(month_day(1_764_460_800.0), "11-30");
        assert_eq!(civil(-1), (1969, 12, 31));
    }
}
