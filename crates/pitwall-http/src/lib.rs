//! The HTTP layer: axum routes over the shared `Arc<App>`, errors as RFC 9457
//! problem details, request ids, security headers and the web page.

pub mod body_limit;
pub mod caller;
pub mod client_ip;
pub mod error;
pub mod error_tracking;
pub mod json;
pub mod limits;
pub mod metrics;
pub mod request_id;
pub mod routes;
pub mod security;
pub mod server;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use axum::Router;
use pitwall_app::App;

pub use error::ApiError;
pub use json::BODY_LIMIT;
pub use server::{serve, ConnectionLimits};

/// Longest a request may take before the server gives up with 408; the
/// local path answers in milliseconds, the LLM path has its own deadline.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the router.
pub fn router(app: Arc<App>) -> Router {
    let app_for_tracking = Arc::clone(&app);
    let app_config_origins = app.config.access.cors_origins.clone();
    let tracking = error_tracking::ErrorTracking::for_config(&app.config);
    // The routes a principal's plan limits: questions and history.
    let limited = Router::new()
        .route("/v1/ask", post(routes::ask::ask))
        .route(
            "/v1/history",
            get(routes::history::list).delete(routes::history::delete_all),
        )
        .route(
            "/v1/history/{id}",
            get(routes::history::get).delete(routes::history::delete_one),
        )
        .route("/v1/history/{id}/chart.svg", get(routes::chart::chart_svg))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            limits::enforce,
        ));
    let router = Router::new()
        .merge(limited)
        .route("/", get(routes::web::index))
        .route("/assets/app.js", get(routes::web::app_js))
        .route("/assets/share.js", get(routes::web::share_js))
        .route("/assets/table.js", get(routes::web::table_js))
        .route("/assets/chart.js", get(routes::web::chart_js))
        .route("/assets/style.css", get(routes::web::style_css))
        .route("/admin", get(routes::admin_dashboard::page::admin_page))
        .route(
            "/assets/admin.js",
            get(routes::admin_dashboard::page::admin_js),
        )
        .route(
            "/v1/admin/dashboard",
            get(routes::admin_dashboard::dashboard),
        )
        .route("/v1/capabilities", get(routes::capabilities::capabilities))
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .route(
            "/v1/admin/llm",
            get(routes::admin::llm_status).put(routes::admin::set_llm),
        )
        .route(
            "/v1/admin/budgets",
            get(routes::admin::budgets)
                .put(routes::admin::set_budgets)
                .delete(routes::admin::reset_budgets),
        )
        .route("/v1/admin/plans", get(routes::admin::list_plans))
        .route("/v1/admin/plans/{name}", put(routes::admin::put_plan))
        .route(
            "/v1/admin/users",
            get(routes::admin_accounts::list_users).post(routes::admin_accounts::create_user),
        )
        .route(
            "/v1/admin/users/{id}",
            get(routes::admin_accounts::get_user).put(routes::admin_accounts::update_user),
        )
        .route(
            "/v1/admin/users/{id}/keys",
            get(routes::admin_accounts::list_keys).post(routes::admin_accounts::create_key),
        )
        .route(
            "/v1/admin/keys/{public_id}",
            delete(routes::admin_accounts::revoke_key),
        )
        .route(
            "/v1/admin/keys/{public_id}/rotate",
            post(routes::admin_accounts::rotate_key),
        )
        .route("/v1/admin/audit", get(routes::admin_accounts::audit))
        .route("/v1/admin/status", get(routes::health::admin_status))
        .route("/v1/admin/usage/top", get(routes::admin_usage::usage_top))
        .route(
            "/v1/admin/usage/daily",
            get(routes::admin_usage::usage_daily),
        )
        .route("/v1/admin/security", get(routes::admin_security::security))
        .route("/v1/admin/alerts", get(routes::admin_alerts::alerts))
        .route("/openapi.json", get(routes::openapi::openapi_json))
        .route("/metrics", get(metrics::metrics_route))
        .route("/version", get(routes::version::version));
    #[cfg(feature = "test-routes")]
    let router = match routes::test_only::enabled() {
        true => router.merge(routes::test_only::routes()),
        false => router,
    };
    let mut router = router
        .fallback(not_found)
        .with_state(app)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        // Outside the panic catcher, to see its 500; inside the request-id
        // layer, to tag events with the id.
        .layer(axum::middleware::from_fn_with_state(
            tracking,
            error_tracking::track,
        ))
        .layer(axum::middleware::from_fn(error::problem_for_bare_errors))
        // Outside the panic catcher and the timeout, so their 500s and 408s
        // are counted like any other answer.
        .layer(axum::middleware::from_fn_with_state(
            app_for_tracking,
            metrics::track::track,
        ))
        .layer(axum::middleware::from_fn(
            body_limit::refuse_declared_oversize,
        ));
    for layer in security::layers() {
        router = router.layer(layer);
    }
    if let Some(cors) = security::cors(&app_config_origins) {
        router = router.layer(cors);
    }
    router.layer(axum::middleware::from_fn(request_id::request_id))
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::NotFound(format!("no route for {}", uri.path()))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut response = ApiError::Internal.into_response();
    // Sentry's panic hook reported it already, with the request's tags.
    response
        .extensions_mut()
        .insert(error_tracking::PanicReported);
    response
}
