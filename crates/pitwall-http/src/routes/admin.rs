//! Operator endpoints. `PITWALL_ADMIN_TOKEN` (bearer) guards them; without a
//! token configured they answer only to loopback clients, so a default
//! install never exposes them to the network.

use std::sync::Arc;

use axum::extract::Path;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::Extension;
use axum::Json;
use pitwall_app::llm::LlmStatus;
use pitwall_app::{App, BudgetCapsUsd, BudgetsView, Plan, PlanName, Principal, PrincipalKind};
use pitwall_config::PlanLimits;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::caller::resolve;
use crate::error::{ApiError, Problem};
use crate::json::StrictJson;
use crate::request_id::RequestId;
use crate::routes::admin_accounts::{actor, Items};

/// The body of `PUT /v1/admin/llm`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LlmSwitch {
    /// `false` puts the service in fallback-only mode (no LLM calls) at once.
    pub enabled: bool,
}

/// Proof that the caller may use the admin endpoints: an admin principal
/// (an admin key or the bootstrap `PITWALL_ADMIN_TOKEN`), or — only when no
/// token is configured — the operator on loopback. An extractor, so it runs
/// before the body is read: an unauthorised caller gets no parsing.
pub struct Admin(pub Principal);

impl FromRequestParts<Arc<App>> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &Arc<App>,
    ) -> Result<Self, Self::Rejection> {
        let peer = crate::caller::peer(parts);
        let principal = resolve(parts, app).await?;
        if principal.is_admin() {
            return Ok(Admin(principal));
        }
        if principal.kind != PrincipalKind::Anonymous {
            return Err(ApiError::Forbidden("this key has no admin role".into()));
        }
        if app.config.admin_token.is_some() {
            return Err(ApiError::Unauthorized);
        }
        // Without a token, only a loopback server accepts loopback callers:
        // a server listening on a public address (or behind a proxy that
        // makes everyone look local) must configure a token.
        if !(app.config.server.bind.ip().is_loopback()
            && peer.is_some_and(|p| p.ip().is_loopback()))
        {
            return Err(ApiError::Forbidden(
                "admin endpoints need PITWALL_ADMIN_TOKEN unless the server listens on and is called from loopback"
                    .into(),
            ));
        }
        // A loopback peer is not enough: a page on another site can make
        // the browser call 127.0.0.1 (its Origin gives it away), and DNS
        // rebinding points an attacker's name at 127.0.0.1 (its Host
        // does). Only a request addressed to a loopback name, from no
        // page or a loopback page, is the operator's own.
        match loopback_request(&parts.headers) {
            Ok(()) => Ok(Admin(Principal::bootstrap_admin(principal.ip_group))),
            Err(why) => Err(ApiError::Forbidden(format!(
                "without PITWALL_ADMIN_TOKEN, admin endpoints accept only requests to a loopback host from no other site: {why}"
            ))),
        }
    }
}

/// Checks `Host` (required, a loopback name or address) and `Origin`
/// (absent, or a loopback origin), saying what failed.
pub(crate) fn loopback_request(headers: &axum::http::HeaderMap) -> Result<(), String> {
    // A local reverse proxy makes every caller look local (and often sends
    // a loopback Host): forwarding headers mean the caller is elsewhere.
    for name in [
        "forwarded",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-real-ip",
        "via",
    ] {
        if headers.contains_key(name) {
            return Err(format!(
                "the request came through a proxy ({name}); set a token"
            ));
        }
    }
    // A cross-site request without CORS (a plain GET) carries no Origin,
    // but browsers say where it came from here.
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.to_str(), Ok("same-origin" | "none")) {
            return Err(format!("Sec-Fetch-Site {site:?} is another site"));
        }
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .ok_or("the request has no Host header")?;
    if !is_loopback_host(host) {
        return Err(format!("Host {host:?} is not a loopback name"));
    }
    match headers.get(axum::http::header::ORIGIN) {
        None => Ok(()),
        Some(origin) => {
            let origin = origin.to_str().unwrap_or("(not text)");
            let authority = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            match authority {
                Some(authority) if !authority.contains('/') && is_loopback_host(authority) => {
                    Ok(())
                }
                _ => Err(format!("Origin {origin:?} is another site")),
            }
        }
    }
}

/// `localhost` or a loopback IP literal, with or without a port.
fn is_loopback_host(authority: &str) -> bool {
    let host = if let Some(rest) = authority.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
            _ => return false,
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
            Some(_) => return false,
            None => authority,
        }
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The LLM path's state: configured, switched on, breaker, budgets. Never calls the LLM.
#[utoipa::path(get, path = "/v1/admin/llm", responses((status = 200, body = LlmStatus), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn llm_status(
    _: Admin,
    State(app): State<Arc<App>>,
) -> Result<Json<LlmStatus>, ApiError> {
    Ok(Json(app.llm().status().await))
}

/// Switches the LLM on or off without a restart.
#[utoipa::path(put, path = "/v1/admin/llm", request_body = LlmSwitch, responses((status = 200, body = LlmStatus), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn set_llm(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    StrictJson(body): StrictJson<LlmSwitch>,
) -> Result<Json<LlmStatus>, ApiError> {
    app.set_llm_enabled(&actor(admin, rid), body.enabled)
        .await?;
    Ok(Json(app.llm().status().await))
}

/// Every plan and its limits.
pub async fn list_plans(
    _: Admin,
    State(app): State<Arc<App>>,
) -> Result<Json<Items<Plan>>, ApiError> {
    Ok(Json(Items {
        items: app.plans().await?,
    }))
}

/// Creates or replaces a plan; applies on the next request of its principals.
pub async fn put_plan(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    Path(name): Path<String>,
    StrictJson(limits): StrictJson<PlanLimits>,
) -> Result<Json<Plan>, ApiError> {
    let name = PlanName::parse(&name)
        .ok_or_else(|| ApiError::InvalidParameter(format!("not a plan name: {name:?}")))?;
    Ok(Json(app.set_plan(&actor(admin, rid), &name, limits).await?))
}

/// Every LLM budget against its spend: the global caps in force (and where
/// they come from), today's and this month's spend, each plan's allowance.
pub async fn budgets(_: Admin, State(app): State<Arc<App>>) -> Result<Json<BudgetsView>, ApiError> {
    Ok(Json(app.budgets().await?))
}

/// Changes the global caps now; stored, so they survive a restart.
pub async fn set_budgets(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
    StrictJson(caps): StrictJson<BudgetCapsUsd>,
) -> Result<Json<BudgetsView>, ApiError> {
    Ok(Json(app.set_budget_caps(&actor(admin, rid), caps).await?))
}

/// Drops the stored caps: the configured ones apply again.
pub async fn reset_budgets(
    admin: Admin,
    State(app): State<Arc<App>>,
    Extension(rid): Extension<RequestId>,
) -> Result<Json<BudgetsView>, ApiError> {
    Ok(Json(app.reset_budget_caps(&actor(admin, rid)).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost:1",
            "LOCALHOST",
            "[::1]:8080",
            "[::1]",
            "127.3.4.5:80",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8080",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "10.0.0.1:8080",
            "[::1]x",
            "0.0.0.0:8080",
            "localhost:80:80",
            "",
            "[::2]:80",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
