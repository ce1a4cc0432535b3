//! Retry policy: exponential backoff with full jitter, and the server's own retry hints.

use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

/// How `chat` retries a failing call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff ceiling of the first retry; doubles on each further retry.
    pub base_delay: Duration,
    /// Largest backoff ceiling.
    pub max_delay: Duration,
    /// Longest wait a server may ask for (`retry-after`, `retry-after-ms`); asking for more makes
    /// the call give up with the error at once rather than hold the user's request.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// Backoff before retry number `retry` (1-based): uniform in `[0, min(max, base * 2^(retry-1))]`
    /// ("full jitter", so that many clients failing together do not retry together).
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(30))
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// The wait the server asked for: `retry-after-ms` first (OpenAI's precise one), then
/// `retry-after` as seconds or as an HTTP date. Unparseable values are ignored.
pub(crate) fn server_retry_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            // try_from: a huge value must not panic the request (it is capped later).
            return Some(Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::MAX));
        }
    }
    let value = header("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    // A date in the past means "now".
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `x-should-retry: true|false`, the server's override of the client's own retry decision.
pub(crate) fn should_retry_override(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn backoff_stays_under_the_doubling_ceiling_and_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(700),
            max_retry_after: Duration::from_secs(1),
        };
        for _ in 0..200 {
            assert!(policy.backoff(1) <= Duration::from_millis(100));
            assert!(policy.backoff(2) <= Duration::from_millis(200));
            assert!(policy.backoff(4) <= Duration::from_millis(700));
            assert!(policy.backoff(40) <= Duration::from_millis(700));
        }
        // Jitter: 200 draws of a uniform delay are not all the same.
        let draws: std::collections::HashSet<Duration> =
            (0..200).map(|_| policy.backoff(3)).collect();
        assert!(draws.len() > 10);
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let now = SystemTime::now();
        let h = headers(&[("retry-after-ms", "250"), ("retry-after", "7")]);
        assert_eq!(
            server_retry_delay(&h, now),
            Some(Duration::from_millis(250))
        );
        let h = headers(&[("retry-after", "2")]);
        assert_eq!(server_retry_delay(&h, now), Some(Duration::from_secs(2)));
        let h = headers(&[("retry-after", "0.5")]);
        assert_eq!(
            server_retry_delay(&h, now),
            Some(Duration::from_millis(500))
        );
        assert_eq!(
            server_retry_delay(&headers(&[("retry-after", "soon")]), now),
            None
        );
        assert_eq!(server_retry_delay(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_http_date_is_measured_from_now() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 2015-10-21 07:28:00
        let h = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:03 GMT")]);
        assert_eq!(server_retry_delay(&h, now), Some(Duration::from_secs(3)));
        let past = headers(&[("retry-after", "Wed, 21 Oct 2015 07:27:00 GMT")]);
        assert_eq!(server_retry_delay(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn should_retry_header_is_read_strictly() {
        assert_eq!(
            should_retry_override(&headers(&[("x-should-retry", "true")])),
            Some(true)
        );
        assert_eq!(
            should_retry_override(&headers(&[("x-should-retry", "false")])),
            Some(false)
        );
        assert_eq!(
            should_retry_override(&headers(&[("x-should-retry", "maybe")])),
            None
        );
        assert_eq!(should_retry_override(&HeaderMap::new()), None);
    }
}
