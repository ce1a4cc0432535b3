//! The [`Caller`] extractor: the request's [`Principal`], resolved once per
//! request (the result is kept in the request's extensions, so the limiter
//! middleware and the handler share one key verification).
//!
//! Rules: no `Authorization` header → the anonymous principal of the client's
//! IP group. A header that is not a valid, active credential → 401
//! `unauthorized`; it is never downgraded to anonymous, so a client with a
//! broken key learns so instead of silently getting anonymous limits.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use pitwall_app::{App, IpGroup, Principal};

use crate::client_ip::client_ip;
use crate::error::ApiError;

/// The principal making the request.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

/// What was resolved for this request, cached in its extensions.
#[derive(Clone)]
struct Resolved(Result<Principal, ResolveFailure>);

/// Why a request has no principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolveFailure {
    /// The credential is malformed, unknown, revoked or expired.
    Unauthorized,
    /// The credential is valid but its user is blocked.
    Blocked,
    /// The key store could not be read.
    Unavailable,
    /// Too many failed credentials from this IP group: retry after this many seconds.
    TooManyFailures(u64),
}

impl From<ResolveFailure> for ApiError {
    fn from(f: ResolveFailure) -> Self {
        match f {
            ResolveFailure::Unauthorized => ApiError::Unauthorized,
            ResolveFailure::Blocked => ApiError::Blocked,
            ResolveFailure::Unavailable => {
                ApiError::Unavailable("the key store is unavailable; try again shortly".into())
            }
            ResolveFailure::TooManyFailures(secs) => ApiError::Limited(crate::error::Refusal {
                code: "rate_limited",
                limit: pitwall_app::AUTH_FAILURES_PER_MINUTE,
                retry_after_secs: secs,
                reset_secs: 60,
            }),
        }
    }
}

/// The `Authorization: Bearer …` credential, if the header is present.
/// `Some(None)`: a header that is not a bearer credential.
pub fn bearer(headers: &HeaderMap) -> Option<Option<&str>> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?;
    Some(value.to_str().ok().and_then(|v| {
        let (scheme, token) = v.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then_some(token.trim())
            .filter(|t| !t.is_empty())
    }))
}

/// The address of the connection's other end (a proxy, if there is one).
pub fn peer(parts: &Parts) -> Option<SocketAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

/// The client's IP group for this request.
pub fn ip_group(parts: &Parts, app: &App) -> IpGroup {
    IpGroup::of(client_ip(
        peer(parts),
        &parts.headers,
        &app.config.access.trusted_proxies,
    ))
}

/// Resolves (once) the principal of the request.
pub async fn resolve(parts: &mut Parts, app: &Arc<App>) -> Result<Principal, ResolveFailure> {
    if let Some(Resolved(done)) = parts.extensions.get::<Resolved>() {
        return done.clone();
    }
    let group = ip_group(parts, app);
    let result = match bearer(&parts.headers) {
        None => Ok(Principal::anonymous(group)),
        // A header that is not a bearer credential is a failed one too
        // (counted against the IP group like any other).
        Some(token) => app
            .authenticate(token.unwrap_or(""), group)
            .await
            .map_err(|e| match e {
                pitwall_app::AuthError::Blocked => ResolveFailure::Blocked,
                pitwall_app::AuthError::Unavailable(_) => ResolveFailure::Unavailable,
                pitwall_app::AuthError::TooManyFailures { retry_after_secs } => {
                    ResolveFailure::TooManyFailures(retry_after_secs)
                }
                _ => ResolveFailure::Unauthorized,
            }),
    };
    if let Err(failure) = &result {
        app.note_auth_failure(match failure {
            ResolveFailure::Unauthorized => "unauthorized",
            ResolveFailure::Blocked => "blocked",
            ResolveFailure::Unavailable => "unavailable",
            ResolveFailure::TooManyFailures(_) => "locked_out",
        });
    }
    parts.extensions.insert(Resolved(result.clone()));
    result
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        Ok(Caller(resolve(parts, app).await?))
    }
}
