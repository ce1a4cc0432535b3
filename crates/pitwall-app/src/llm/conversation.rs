//! The text-to-SQL loop: the model calls `run_sql` (at most three times),
//! every SQL goes through the guard on a read-only connection, then the
//! model answers in one sentence.

use std::sync::Arc;
use std::time::Instant;

use pitwall_engine::Resolution;
use pitwall_f1data::{F1Db, Table};
use pitwall_guards::breaker::BreakerState;
use pitwall_guards::queue::BoundedGate;
use pitwall_llm::{schema_prompt, SqlConversation, Step};
use pitwall_sqlguard::GuardPolicy;

use super::{FallbackReason, LlmAnswer, LlmPath};
use crate::AskContext;

/// Tool calls the model may make before it must answer.
const MAX_TOOL_ROUNDS: u32 = 3;

impl LlmPath {
    /// Answers `question` with the LLM, coalescing identical questions in
    /// flight into one upstream conversation.
    ///
    /// The conversation runs in its own task: if the HTTP request is dropped
    /// (client gone, timeout, shutdown), the upstream call it started still
    /// finishes and is settled and written to the ledger, instead of leaving
    /// a reservation dangling and a billed call unrecorded.
    pub async fn answer(
        self: &Arc<Self>,
        question: &str,
        resolution: &Resolution,
        f1: &Arc<F1Db>,
        ctx: &AskContext,
    ) -> Result<LlmAnswer, FallbackReason> {
        if !self.enabled.load(std::sync::atomic::Ordering::SeqCst)
            || self.client.is_none()
            || self.price.is_none()
        {
            return Err(FallbackReason::LlmDisabled);
        }
        // Fail fast while the breaker is open, before queueing; read the
        // state rather than take a permit, which would use up a half-open probe.
        if self.breaker.state().state == BreakerState::Open {
            return Err(FallbackReason::UpstreamUnavailable);
        }
        let this = Arc::clone(self);
        let (question, resolution, f1, ctx) = (
            question.to_string(),
            resolution.clone(),
            Arc::clone(f1),
            ctx.clone(),
        );
        let task = tokio::spawn(async move {
            let key = resolution.cache_key.clone();
            this.flights
                .run(key, this.converse(&question, &resolution, &f1, &ctx))
                .await
        });
        match task.await {
            Ok((result, shared)) => {
                if shared {
                    pitwall_metrics::record::llm_shared();
                    tracing::info!("identical LLM question in flight; shared its answer");
                }
                result
            }
            Err(e) => {
                tracing::error!(error = %e, "LLM task failed");
                Err(FallbackReason::UpstreamUnavailable)
            }
        }
    }

    async fn converse(
        &self,
        question: &str,
        resolution: &Resolution,
        f1: &Arc<F1Db>,
        ctx: &AskContext,
    ) -> Result<LlmAnswer, FallbackReason> {
        let queued = Instant::now();
        let slot = self.gate.enter().await;
        pitwall_metrics::record::llm_queue_wait(queued.elapsed().as_secs_f64());
        let _slot = slot.map_err(|e| {
            static QUEUE_FULL: crate::log_throttle::LogThrottle =
                crate::log_throttle::LogThrottle::new();
            if let Some(times) = QUEUE_FULL.hit() {
                tracing::warn!(error = %e, times, "LLM queue full; falling back");
            }
            FallbackReason::QueueFull
        })?;
        let deadline = Instant::now() + self.deadline;
        let entities: Vec<(String, i64, String)> = resolution
            .entities
            .iter()
            .map(|e| (entity_kind_name(e), e.id, e.name.clone()))
            .collect();
        let prompt = schema_prompt(pitwall_f1data::SCHEMA_SQL, &entities);
        let mut conversation = SqlConversation::new(prompt, question.to_string(), MAX_TOOL_ROUNDS);
        let mut last: Option<(String, Table)> = None;
        // Bounded: tool rounds plus the forced final answer, plus slack for rejected calls.
        for _ in 0..(MAX_TOOL_ROUNDS + 3) {
            let request = conversation.next_request(&self.model, self.max_tokens);
            let response = self.guarded_call(&request, ctx, deadline).await?;
            let step = conversation.absorb(&response).map_err(|e| {
                tracing::warn!(request_id = %ctx.request_id, error = %e, "unusable LLM response");
                FallbackReason::UpstreamUnavailable
            })?;
            match step {
                Step::Final { text } => {
                    let (sql, table) = match last {
                        Some((sql, table)) => (Some(sql), table),
                        None => (None, Table::default()),
                    };
                    return Ok(LlmAnswer::capped(text, sql, table));
                }
                Step::Rejected { call_id, reason } => {
                    conversation.tool_result(&call_id, Err(reason))
                }
                Step::RunSql { call_id, sql } => match run_guarded(f1, &sql).await {
                    Ok((guarded_sql, table)) => {
                        let text = serde_json::to_string(&table).unwrap_or_default();
                        conversation.tool_result(&call_id, Ok(text));
                        last = Some((guarded_sql, table));
                    }
                    Err(reason) => {
                        tracing::info!(request_id = %ctx.request_id, %reason, "LLM SQL refused by the guard");
                        conversation.tool_result(&call_id, Err(reason));
                    }
                },
            }
        }
        tracing::warn!(request_id = %ctx.request_id, "LLM conversation did not converge");
        Err(FallbackReason::UpstreamUnavailable)
    }
}

/// The kind named in the prompt: a circuit entity with id 0 is a country
/// (the resolver's convention), which has no id the model could use.
fn entity_kind_name(e: &pitwall_engine::Entity) -> String {
    match e.kind {
        pitwall_engine::EntityKind::Circuit if e.id == 0 => "country".to_string(),
        kind => format!("{kind:?}").to_lowercase(),
    }
}

/// Checks and runs model-written SQL on a read-only connection, off the async runtime.
async fn run_guarded(f1: &Arc<F1Db>, sql: &str) -> Result<(String, Table), String> {
    let f1 = Arc::clone(f1);
    let sql = sql.to_string();
    let joined = tokio::task::spawn_blocking(move || {
        let policy = GuardPolicy::f1_default();
        f1.with_conn(|conn| pitwall_sqlguard::check_and_execute(conn, &sql, &policy))
    })
    .await;
    match joined {
        Ok(Ok(Ok((guarded, table)))) => Ok((guarded.sql, table)),
        Ok(Ok(Err(e))) => Err(format!("{} ({})", e, e.code())),
        Ok(Err(e)) => Err(format!("database unavailable: {e}")),
        Err(e) => Err(format!("internal error: {e}")),
    }
}
