//! `GET /admin` and its script, compiled into the binary like the main page.
//! The page is public: it holds no data, and asks the admin API for it with
//! the key the operator pastes (or none, from loopback without a token).

use axum::http::header;
use axum::response::IntoResponse;

const ADMIN_HTML: &str = include_str!("../../../assets/admin.html");
const ADMIN_JS: &str = include_str!("../../../assets/admin.js");

/// `GET /admin`.
pub async fn admin_page() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        ADMIN_HTML,
    )
}

/// `GET /assets/admin.js`.
pub async fn admin_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        ADMIN_JS,
    )
}
