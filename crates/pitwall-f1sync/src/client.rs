//! The polite API client: every attempt through the [`RateLimiter`], the
//! raw [`ResponseCache`] first, conditional requests when a cached copy has
//! expired, retries of 429/5xx/timeouts/garbled bodies with exponential
//! backoff (backon) that honours `Retry-After`, a circuit breaker, and
//! `limit`/`offset` paging merged into one body.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::{DateTime, Utc};
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::Value;

use crate::cache::{Entry, Freshness, ResponseCache};
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::limiter::RateLimiter;
use crate::wire::paged_list;

/// How long an open breaker refuses requests.
const BREAKER_COOLDOWN: Duration = Duration::from_secs(300);

/// Consecutive failed attempts, and when the breaker opened.
#[derive(Debug, Default)]
struct Breaker {
    failures: u32,
    opened: Option<std::time::Instant>,
    last: String,
}

/// The client; one per process is enough (the limiter's state is on disk).
#[derive(Debug)]
pub struct ApiClient {
    http: reqwest::Client,
    base: String,
    limiter: RateLimiter,
    cache: ResponseCache,
    max_retries: usize,
    page: usize,
    breaker_threshold: u32,
    max_wait: Duration,
    breaker: Mutex<Breaker>,
    sent: AtomicU64,
}

/// One failed attempt: whether to try again, after how long at least.
struct Failure {
    reason: String,
    retry: bool,
    retry_after: Option<Duration>,
}

impl ApiClient {
    /// A client for `config` (base URL, limits, User-Agent, timeout, state dir).
    pub fn new(config: &SyncConfig) -> Result<Self, SyncError> {
        let http = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .build()
            .map_err(|e| SyncError::Config(format!("HTTP client: {e}")))?;
        Ok(ApiClient {
            http,
            base: config.base_url.trim_end_matches('/').to_string(),
            limiter: RateLimiter::new(
                config.per_second,
                config.per_hour,
                Some(config.state_dir.join("limiter.state")),
            )?,
            cache: ResponseCache::open(&config.state_dir.join("cache"))?,
            max_retries: config.max_retries,
            page: config.page_size.clamp(1, 100),
            breaker_threshold: config.breaker_threshold,
            max_wait: config.max_wait,
            breaker: Mutex::new(Breaker::default()),
            sent: AtomicU64::new(0),
        })
    }

    /// Requests sent to the API so far (cache hits not counted).
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// The cache, for re-stamping freshness once the schedule is known.
    pub fn cache(&self) -> &ResponseCache {
        &self.cache
    }

    /// The URL of one page of `path` (`2026/3/results`).
    pub fn url(&self, path: &str, offset: usize) -> String {
        format!("{}/{path}/?limit={}&offset={offset}", self.base, self.page)
    }

    /// Every page of `path`, merged into one body (the paged list holds all
    /// rows). Pages come from the cache while fresh; `freshness` is stored
    /// with new ones. Empty answers (total 0: not out yet) are not cached.
    pub async fn get(
        &self,
        path: &str,
        freshness: Freshness,
        now: DateTime<Utc>,
    ) -> Result<Value, SyncError> {
        let mut merged: Option<Value> = None;
        let mut offset = 0;
        loop {
            let url = self.url(path, offset);
            let mut page = self.get_page(&url, freshness, now).await?;
            let total = total_of(&page).ok_or_else(|| SyncError::BadResponse {
                url: url.clone(),
                reason: "no MRData.total".into(),
            })?;
            let rows = paged_list(&mut page).map(|l| l.len()).unwrap_or(0);
            merged = Some(match merged {
                None => page,
                Some(mut all) => {
                    if let (Some(dst), Some(src)) = (paged_list(&mut all), paged_list(&mut page)) {
                        dst.append(src);
                    }
                    all
                }
            });
            offset += self.page;
            if rows == 0 || offset >= total {
                break;
            }
        }
        merged.ok_or_else(|| SyncError::BadResponse {
            url: self.url(path, 0),
            reason: "no page".into(),
        })
    }

    async fn get_page(
        &self,
        url: &str,
        freshness: Freshness,
        now: DateTime<Utc>,
    ) -> Result<Value, SyncError> {
        let cached = self.cache.get(url);
        if let Some(entry) = cached.as_ref().filter(|e| e.is_fresh(now)) {
            if let Ok(v) = serde_json::from_str(&entry.body) {
                return Ok(v);
            }
        }
        let mut delays = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(250))
            .with_max_delay(Duration::from_secs(30))
            .with_max_times(self.max_retries)
            .with_jitter()
            .build();
        let mut attempts = 0;
        loop {
            self.check_breaker()?;
            let admitted = self.limiter.acquire(self.max_wait).await?;
            attempts += 1;
            let outcome = self.attempt(url, cached.as_ref()).await;
            if let Err(e) = self.limiter.settle(admitted, crate::limiter::now_ms()) {
                // The admission stamp stays: this one request is then
                // counted from when it was sent, as before settling existed.
                tracing::warn!(error = %e, "could not move the request's stamp to its answer");
            }
            match outcome {
                Ok((value, entry)) => {
                    self.record(None);
                    let empty = total_of(&value) == Some(0);
                    if !empty {
                        self.cache.put(&Entry { freshness, ..entry })?;
                    }
                    return Ok(value);
                }
                Err(failure) => {
                    self.record(Some(&failure.reason));
                    let next = delays.next().filter(|_| failure.retry);
                    let Some(backoff) = next else {
                        return Err(SyncError::Upstream {
                            url: url.to_string(),
                            reason: failure.reason,
                            attempts,
                        });
                    };
                    let delay = failure.retry_after.map_or(backoff, |r| r.max(backoff));
                    tracing::warn!(url, reason = %failure.reason, delay_ms = delay.as_millis() as u64, "retrying");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    /// One request; a 304 answers from `cached`.
    async fn attempt(&self, url: &str, cached: Option<&Entry>) -> Result<(Value, Entry), Failure> {
        let mut request = self.http.get(url);
        if let Some(entry) = cached {
            if let Some(tag) = &entry.etag {
                request = request.header(IF_NONE_MATCH, tag);
            }
            if let Some(date) = &entry.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        self.sent.fetch_add(1, Ordering::Relaxed);
        let fail = |reason: String, retry: bool| Failure {
            reason,
            retry,
            retry_after: None,
        };
        let response = request.send().await.map_err(|e| {
            let kind = if e.is_timeout() {
                "timed out"
            } else {
                "request failed"
            };
            fail(format!("{kind}: {e}"), true)
        })?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
        let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(&v));
        if status == StatusCode::NOT_MODIFIED {
            if let Some(entry) = cached {
                if let Ok(v) = serde_json::from_str(&entry.body) {
                    return Ok((v, entry.clone()));
                }
            }
            return Err(fail("304 without a usable cached copy".into(), false));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let body = response.text().await.unwrap_or_default();
            return Err(Failure {
                reason: format!(
                    "HTTP {status}: {}",
                    body.chars().take(120).collect::<String>()
                ),
                retry: true,
                retry_after,
            });
        }
        if !status.is_success() {
            return Err(fail(format!("HTTP {status}"), false));
        }
        let body = response
            .text()
            .await
            .map_err(|e| fail(format!("reading the body: {e}"), true))?;
        let value: Value = serde_json::from_str(&body)
            .map_err(|e| fail(format!("invalid JSON (truncated?): {e}"), true))?;
        let entry = Entry {
            url: url.to_string(),
            body,
            etag,
            last_modified,
            freshness: Freshness::Forever,
        };
        Ok((value, entry))
    }

    fn check_breaker(&self) -> Result<(), SyncError> {
        let mut b = self.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match b.opened {
            Some(at) if at.elapsed() < BREAKER_COOLDOWN => Err(SyncError::BreakerOpen {
                failures: b.failures,
                last: b.last.clone(),
            }),
            Some(_) => {
                // Half-open: one attempt decides.
                b.opened = None;
                b.failures = self.breaker_threshold.saturating_sub(1);
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn record(&self, failure: Option<&str>) {
        let mut b = self.breaker.lock().unwrap_or_else(|p| p.into_inner());
        match failure {
            None => *b = Breaker::default(),
            Some(reason) => {
                b.failures += 1;
                b.last = reason.to_string();
                if b.failures >= self.breaker_threshold {
                    b.opened = Some(std::time::Instant::now());
                }
            }
        }
    }
}

/// `MRData.total` as a number.
pub(crate) fn total_of(body: &Value) -> Option<usize> {
    body.pointer("/MRData/total")?.as_str()?.parse().ok()
}

/// `Retry-After` in seconds or as an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(secs) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs.min(3600)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}
