//! `App::ask`: the one path every question takes.

use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use pitwall_engine::{normalise_question, Outcome};
use pitwall_store::{new_id, HistoryEntry};

use crate::{App, AppError, AskResponse, Question, Source};

/// Who is asking and under which request.
#[derive(Debug, Clone)]
pub struct AskContext {
    /// Correlates logs, history and the response header.
    pub request_id: String,
    /// The principal (user) asking; `anonymous` until users exist.
    pub principal: String,
}

impl AskContext {
    /// An anonymous context with the given request id.
    pub fn anonymous(request_id: impl Into<String>) -> Self {
        Self {
            request_id: request_id.into(),
            principal: "anonymous".into(),
        }
    }
}

impl App {
    /// Answers a question and records it in history before returning, so an
    /// acknowledged answer is never lost.
    pub async fn ask(&self, question: Question, ctx: &AskContext) -> Result<AskResponse, AppError> {
        let started = Instant::now();
        let created_at = Utc::now();
        let outcome = {
            let f1 = Arc::clone(&self.f1);
            let engine = self.engine.engine_for(&f1)?;
            let text = question.as_str().to_string();
            tokio::task::spawn_blocking(move || f1.with_conn(|conn| engine.answer(conn, &text)))
                .await???
        };
        let mut response = AskResponse {
            id: new_id(),
            question: question.as_str().to_string(),
            answer: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            sql: None,
            source: Source::Local.as_str().to_string(),
            status: String::new(),
            reason: None,
            intent: None,
            confidence: None,
            suggestions: Vec::new(),
            elapsed_ms: 0,
            created_at,
        };
        match outcome {
            Outcome::Answered(a) => {
                response.answer = a.answer;
                response.columns = a.table.columns;
                response.rows = a.table.rows;
                response.sql = Some(a.sql);
                response.intent = Some(a.intent);
                response.confidence = Some(f64::from(a.confidence));
                response.status = "answered".into();
            }
            Outcome::Unanswered(u) => {
                response.answer = u.reason;
                response.suggestions = u.suggestions;
                response.confidence = Some(f64::from(u.confidence));
                response.status = "unanswered".into();
                response.reason = Some("not_understood".into());
            }
        }
        response.elapsed_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.record(&question, ctx, &response).await?;
        tracing::info!(
            request_id = %ctx.request_id,
            id = %response.id,
            source = %response.source,
            status = %response.status,
            intent = response.intent.as_deref().unwrap_or("-"),
            elapsed_ms = response.elapsed_ms,
            "question answered"
        );
        Ok(response)
    }

    async fn record(
        &self,
        question: &Question,
        ctx: &AskContext,
        r: &AskResponse,
    ) -> Result<(), AppError> {
        let entry = HistoryEntry {
            id: r.id,
            question: r.question.clone(),
            normalised: normalise_question(question.as_str()),
            answer: r.answer.clone(),
            source: r.source.clone(),
            status: r.status.clone(),
            reason: r.reason.clone(),
            intent: r.intent.clone(),
            sql: r.sql.clone(),
            columns: r.columns.clone(),
            rows: r.rows.clone(),
            row_count: i64::try_from(r.rows.len()).unwrap_or(i64::MAX),
            confidence: r.confidence,
            latency_ms: r.elapsed_ms,
            request_id: ctx.request_id.clone(),
            principal: ctx.principal.clone(),
            created_at: r.created_at,
        };
        self.store.insert_history(&entry).await?;
        Ok(())
    }
}
