//! `pitwall eval`: the local engine judged on a question file, through the
//! same engine handle the server uses.

use std::sync::Arc;

use pitwall_engine::eval::{run_eval, EvalQuestion, EvalReport};

use crate::{App, AppError};

impl App {
    /// Runs the local engine over `questions` and judges each answer.
    pub async fn eval(&self, questions: Vec<EvalQuestion>) -> Result<EvalReport, AppError> {
        let f1 = Arc::clone(&self.f1);
        let handle = Arc::clone(&self.engine);
        let report = tokio::task::spawn_blocking(move || {
            let engine = handle.engine_for(&f1);
            f1.with_conn(|conn| run_eval(&engine, conn, &questions))
        })
        .await??;
        Ok(report)
    }
}
