//! Per-principal limits on the question and history routes: requests in
//! progress (429 `too_many_concurrent`), requests per minute (GCRA, 429
//! `rate_limited`) and per UTC day (429 `quota_exceeded`), from the caller's
//! plan as it is at this request (a plan change applies at once).
//!
//! Health, readiness, metrics, the page and the admin API are not behind
//! this layer, and admin principals pass it untouched: an operator is never
//! locked out by user limits. Admitted responses carry the IETF
//! `RateLimit-Policy` / `RateLimit` headers for the per-minute limit.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pitwall_app::{App, Principal, SecurityEvent, SecurityEventKind};
use pitwall_guards::quota::{Decision, PrincipalLimiter};

use crate::caller::resolve;
use crate::error::{ApiError, Refusal};

/// Gives a concurrency slot back even if the request is dropped midway
/// (client gone, timeout): otherwise a principal would leak slots until
/// it could make no request at all.
struct Slot {
    limiter: Arc<dyn PrincipalLimiter>,
    key: Option<String>,
}

impl Slot {
    /// Gives the slot back on the normal path, awaited in place: spawning a
    /// task per request for it (what `drop` must do) cost a cross-thread
    /// wake-up per answer (measured with scripts/bench/limits_cost.sh).
    async fn release(mut self) {
        if let Some(key) = self.key.take() {
            self.limiter.release(&key).await;
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let limiter = Arc::clone(&self.limiter);
            tokio::spawn(async move { limiter.release(&key).await });
        }
    }
}

fn seconds(d: Duration) -> u64 {
    // Round up: "retry after 0 s" for 300 ms would invite an early retry.
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

fn refusal(code: &'static str, d: &Decision) -> ApiError {
    ApiError::Limited(Refusal {
        code,
        limit: d.limit,
        retry_after_secs: seconds(d.retry_after).max(1),
        reset_secs: seconds(d.reset),
    })
}

/// Writes a 429 as a security event (sampled per principal per minute).
async fn record_refusal(app: &App, principal: &Principal, code: &'static str) {
    let kind = match code {
        "too_many_concurrent" => "concurrency",
        "quota_exceeded" => "quota",
        _ => "rate",
    };
    app.note_rejection(principal.plan.as_str(), kind);
    app.record_security_event(SecurityEvent {
        kind: SecurityEventKind::RateLimited,
        principal: &principal.id,
        ip_group: principal.ip_group,
        key_id: principal.key_id.as_deref(),
        detail: code,
    })
    .await;
}

/// Middleware: resolves the principal and applies its plan's limits.
pub async fn enforce(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let principal = match resolve(&mut parts, &app).await {
        Ok(p) => p,
        Err(failure) => return ApiError::from(failure).into_response(),
    };
    let req = Request::from_parts(parts, body);
    // `PITWALL_REQUEST_LIMITS=off`: the caller is still identified (a bad
    // key is still a 401, history is still private) but not counted.
    if principal.is_admin() || !app.config.access.request_limits {
        return next.run(req).await;
    }
    let limits = app.plan_limits(&principal.plan);
    let limiter = Arc::clone(app.principal_limiter());
    let key = principal.id.as_str();
    if !limiter.acquire(key, limits.max_concurrent).await {
        record_refusal(&app, &principal, "too_many_concurrent").await;
        return refusal(
            "too_many_concurrent",
            &Decision {
                allowed: false,
                limit: limits.max_concurrent,
                remaining: 0,
                reset: Duration::from_secs(1),
                retry_after: Duration::from_secs(1),
            },
        )
        .into_response();
    }
    let slot = Slot {
        limiter: Arc::clone(&limiter),
        key: Some(key.to_string()),
    };
    let now = Utc::now();
    let minute = limiter
        .check_rate(
            &format!("rpm:{key}"),
            limits.requests_per_minute,
            Duration::from_secs(60),
            now,
        )
        .await;
    if !minute.allowed {
        record_refusal(&app, &principal, "rate_limited").await;
        return refusal("rate_limited", &minute).into_response();
    }
    let day = limiter
        .check_daily(&format!("rpd:{key}"), limits.requests_per_day, now)
        .await;
    if !day.allowed {
        record_refusal(&app, &principal, "quota_exceeded").await;
        return refusal("quota_exceeded", &day).into_response();
    }
    let mut response = next.run(req).await;
    slot.release().await;
    let headers = response.headers_mut();
    let policy = format!(
        "\"minute\";q={};w=60, \"day\";q={};w=86400",
        limits.requests_per_minute, limits.requests_per_day
    );
    let state = format!(
        "\"minute\";r={};t={}, \"day\";r={};t={}",
        minute.remaining,
        seconds(minute.reset),
        day.remaining,
        seconds(day.reset)
    );
    for (name, value) in [("ratelimit-policy", policy), ("ratelimit", state)] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}
