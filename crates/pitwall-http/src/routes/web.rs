//! The web page, compiled into the binary so there is no build step.

use axum::http::header;
use axum::response::IntoResponse;

const INDEX_HTML: &str = include_str!("../../assets/index.html");
const APP_JS: &str = include_str!("../../assets/app.js");
const SHARE_JS: &str = include_str!("../../assets/share.js");
const TABLE_JS: &str = include_str!("../../assets/table.js");
const CHART_JS: &str = include_str!("../../assets/chart.js");
const STYLE_CSS: &str = include_str!("../../assets/style.css");

/// `GET /`.
pub async fn index() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        INDEX_HTML,
    )
}

/// `GET /assets/app.js`.
pub async fn app_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
}

/// `GET /assets/share.js`: `/?q=` links, back and forward, announcements and
/// keyboard shortcuts.
pub async fn share_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SHARE_JS,
    )
}

/// `GET /assets/table.js`: the answer table (aligned numbers, times, "show
/// all") and the SQL box's copy button.
pub async fn table_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        TABLE_JS,
    )
}

/// `GET /assets/chart.js`: the answer's chart (drawn by the server) and the
/// "What can I ask?" panel.
pub async fn chart_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        CHART_JS,
    )
}

/// `GET /assets/style.css`.
pub async fn style_css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLE_CSS,
    )
}
