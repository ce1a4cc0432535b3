//! A real local webhook (axum on 127.0.0.1:0) and alert fixtures shared by the alert tests.
// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use chrono::Utc;
use pitwall_budget::{Alert, AlertRetryPolicy, BudgetScope, Micros, ThresholdCrossing};

pub const SECRET_PATH: &str = "/services/T0001/B0002/SECRETTOKEN";

/// How the fake webhook answers.
#[derive(Clone, Copy)]
pub enum Behaviour {
    /// 500 for the first `n` requests, then 200.
    FailFirst(usize),
    /// Always 400.
    Reject,
    /// Never answers.
    Hang,
}

#[derive(Clone)]
pub struct Webhook {
    pub behaviour: Behaviour,
    pub attempts: Arc<AtomicUsize>,
    pub accepted: Arc<Mutex<Vec<serde_json::Value>>>,
}

async fn receive(State(hook): State<Webhook>, Json(body): Json<serde_json::Value>) -> StatusCode {
    let attempt = hook.attempts.fetch_add(1, Ordering::SeqCst) + 1;
    match hook.behaviour {
        Behaviour::FailFirst(n) if attempt <= n => StatusCode::INTERNAL_SERVER_ERROR,
        Behaviour::FailFirst(_) => {
            hook.accepted
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(body);
            StatusCode::OK
        }
        Behaviour::Reject => StatusCode::BAD_REQUEST,
        Behaviour::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK
        }
    }
}

/// Starts the webhook; returns its full (secret-bearing) URL and its state.
pub async fn start_webhook(behaviour: Behaviour) -> io::Result<(String, Webhook)> {
    let hook = Webhook {
        behaviour,
        attempts: Arc::new(AtomicUsize::new(0)),
        accepted: Arc::new(Mutex::new(Vec::new())),
    };
    let app = Router::new()
        .route(SECRET_PATH, post(receive))
        .with_state(hook.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((format!("http://{addr}{SECRET_PATH}"), hook))
}

pub fn fast_retry() -> AlertRetryPolicy {
    AlertRetryPolicy {
        max_attempts: 4,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        request_timeout: Duration::from_secs(5),
    }
}

pub fn threshold_alert() -> Alert {
    let crossing = ThresholdCrossing {
        scope: BudgetScope::GlobalDaily,
        period: "2026-11-25".to_owned(),
        percent: 80,
        spent: Micros(4_000_000),
        cap: Micros(5_000_000),
    };
    Alert::from_crossing(&crossing, Utc::now())
}

/// Polls `done` every 10 ms for at most 5 s.
pub async fn wait_until(mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    done()
}
