//! The admin dashboard: `GET /admin` (the page, public: it holds no data)
//! and `GET /v1/admin/dashboard` (admin only, like every `/v1/admin/*`
//! route): charts rendered server-side as SVG from the per-minute roll-ups,
//! and panels read from live state (firing alerts, the LLM path's switch,
//! breaker, queue and budgets, the F1 data's freshness).

mod charts;
pub mod page;
mod panels;

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use pitwall_app::App;
use pitwall_store::{RollupRow, RollupSeries};
use serde::Serialize;

use crate::error::ApiError;
use crate::routes::admin::Admin;
pub use panels::{LlmPanel, Panels};

/// Minutes shown by the per-minute charts (the current one included).
pub const MINUTES: i64 = 60;
/// Hours summed by the bar charts (fallback reasons, top principals).
pub const HOURS: i64 = 24;
/// Days shown by the spend chart (today included).
pub const DAYS: i64 = 7;
/// A budget cap this large means "no cap" (the budgets view's reading of
/// an absent cap).
const NO_CAP_USD: f64 = 1_000_000.0;

/// `GET /v1/admin/dashboard`.
#[derive(Debug, Serialize)]
pub struct Dashboard {
    /// When it was computed.
    pub generated_at: DateTime<Utc>,
    /// What the charts cover.
    pub window: Window,
    /// The charts, each a standalone SVG document, in display order.
    pub charts: Vec<ChartView>,
    /// Live state.
    pub panels: Panels,
}

/// The look-back of each kind of chart.
#[derive(Debug, Serialize)]
pub struct Window {
    /// Per-minute charts: this many minutes.
    pub minutes: i64,
    /// Bar charts: this many hours.
    pub hours: i64,
    /// Spend per day: this many days.
    pub days: i64,
}

/// One chart.
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Stable id: `spend_per_day`, `requests_by_source`, `ask_latency`,
    /// `cache_hit_ratio`, `fallback_reasons`, `top_principals`.
    pub id: &'static str,
    /// Its title (also inside the SVG).
    pub title: String,
    /// A standalone `image/svg+xml` document: no script, no external
    /// reference; show it through an `<img>`.
    pub svg: String,
}

/// The roll-ups of one series in `[from, to)`.
async fn rollups(
    app: &App,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    series: RollupSeries,
) -> Result<Vec<RollupRow>, ApiError> {
    Ok(app.rollups_of(series, from, to).await?)
}

/// The dashboard's charts and panels. Reads only roll-ups (flushed first,
/// so the current minute shows) and live state: never the raw history,
/// never the LLM.
pub async fn dashboard(_: Admin, State(app): State<Arc<App>>) -> Result<Json<Dashboard>, ApiError> {
    // The minute in progress too, not only what the last flush stored.
    app.flush_rollups().await;
    let now = Utc::now();
    let end = pitwall_store::rollup::minute_of(now) + Duration::minutes(1);
    let today = now.date_naive();
    let first_day = (today - Duration::days(DAYS - 1))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    let answers = rollups(
        &app,
        end - Duration::hours(HOURS),
        end,
        RollupSeries::Answer,
    )
    .await?;
    let http = rollups(
        &app,
        end - Duration::minutes(MINUTES),
        end,
        RollupSeries::Http,
    )
    .await?;
    let principals = rollups(&app, first_day, end, RollupSeries::Principal).await?;
    let recent: Vec<RollupRow> = principals
        .iter()
        .filter(|r| r.minute >= end - Duration::hours(HOURS))
        .cloned()
        .collect();
    let cap = app.budgets().await?.caps.daily_usd;
    let cap = (cap < NO_CAP_USD).then_some(cap);

    let minutes = charts::minutes(now, MINUTES);
    let line = |id, chart: pitwall_charts::LineChart| ChartView {
        id,
        title: chart.title.clone(),
        svg: chart.to_svg(),
    };
    let bar = |id, chart: pitwall_charts::BarChart| ChartView {
        id,
        title: chart.title.clone(),
        svg: chart.to_svg(),
    };
    let charts = vec![
        line(
            "spend_per_day",
            charts::spend_per_day(&principals, today, DAYS, cap),
        ),
        line(
            "requests_by_source",
            charts::requests_by_source(&answers, &minutes),
        ),
        line("ask_latency", charts::ask_latency(&http, &minutes)),
        line(
            "cache_hit_ratio",
            charts::cache_hit_ratio(&answers, &minutes),
        ),
        bar(
            "fallback_reasons",
            charts::fallback_reasons(&answers, HOURS),
        ),
        bar("top_principals", charts::top_principals(&recent, HOURS)),
    ];
    Ok(Json(Dashboard {
        generated_at: now,
        window: Window {
            minutes: MINUTES,
            hours: HOURS,
            days: DAYS,
        },
        charts,
        panels: panels::read(&app).await?,
    }))
}
