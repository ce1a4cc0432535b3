//! Routes that exist only in this crate's own tests: compiled with the
//! `test-routes` feature (which only its dev-dependency on itself turns
//! on) and mounted only after a test calls [`enable`]. `cargo test
//! --workspace` unifies features, so the binary built for that run has the
//! code; nothing in the binary calls `enable`, so it never serves them.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::routing::post;
use axum::Router;
use pitwall_app::App;

use crate::json::StrictJson;
use crate::routes::ask::AskRequest;

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Mounts the test routes on every router built after this call, in this
/// process (tests only).
pub fn enable() {
    ENABLED.store(true, Ordering::SeqCst);
}

/// Whether a test asked for the test routes.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::SeqCst)
}

/// `POST /test/panic`: takes an ask body, notes its question as `/v1/ask`
/// does, then panics, quoting the question in the panic message (so the
/// tests see that it is cut out of the event unless allowed).
pub fn routes() -> Router<Arc<App>> {
    Router::new().route("/test/panic", post(forced_panic))
}

async fn forced_panic(StrictJson(body): StrictJson<AskRequest>) -> axum::http::StatusCode {
    crate::error_tracking::note_question(&body.question);
    panic!("forced panic while answering {:?}", body.question);
}
