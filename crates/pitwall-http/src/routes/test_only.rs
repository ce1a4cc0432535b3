//! Routes that exist only in this crate's own tests (the `test-routes`
//! feature, which only its dev-dependency on itself turns on): never in a
//! build of the `pitwall` binary.

use std::sync::Arc;

use axum::routing::post;
use axum::Router;
use pitwall_app::App;

use crate::json::StrictJson;
use crate::routes::ask::AskRequest;

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
