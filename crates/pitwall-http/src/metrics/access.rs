//! Who may scrape `/metrics` on the main port: an admin key, or a caller on
//! loopback addressing a loopback host from no other site (a Prometheus or
//! an operator on the same machine; the admin routes' own loopback test,
//! so a proxy, a cross-site page or DNS rebinding does not pass).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use pitwall_app::App;

use crate::caller::{bearer, peer, resolve};
use crate::error::ApiError;
use crate::routes::admin::loopback_request;

/// Proof that the caller may read the metrics.
pub struct MetricsAccess;

impl FromRequestParts<Arc<App>> for MetricsAccess {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        // A credential, when sent, is checked even on loopback: a bad key
        // is a 401 everywhere, and a user's key is not an admin's.
        if bearer(&parts.headers).is_some() {
            return match resolve(parts, app).await? {
                p if p.is_admin() => Ok(MetricsAccess),
                _ => Err(ApiError::Forbidden("this key has no admin role".into())),
            };
        }
        let local = peer(parts).is_some_and(|p| p.ip().is_loopback());
        match loopback_request(&parts.headers) {
            Ok(()) if local => Ok(MetricsAccess),
            _ => Err(ApiError::Forbidden(
                "/metrics answers loopback callers and admin keys only; set PITWALL_METRICS_BIND to serve it on a private address"
                    .into(),
            )),
        }
    }
}
