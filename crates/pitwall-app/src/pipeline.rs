//! `App::ask`: the one path every question takes.
//!
//! local engine (if confident) → answer cache → LLM (if configured, switched
//! on and within budget) → fallback. Only LLM answers are cached: local
//! answers cost nothing and take milliseconds, so caching them would only
//! add staleness after a re-import. Because the cache holds nothing the local
//! engine answers, asking the engine first gives the same answers as looking
//! in the cache first, and spares local questions the cache-key work.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Datelike, Utc};
use pitwall_engine::{normalise_question, Answer, Engine, Resolution, Unanswered};
use pitwall_f1data::{F1Db, F1DbError};
use pitwall_guards::cache::{ttl_for_seasons, CacheTtlPolicy, CachedAnswer};
use pitwall_store::{new_id, HistoryEntry};
use serde::{Deserialize, Serialize};

use crate::chart::ChartHint;
use crate::llm::{FallbackReason, LlmAnswer};
use crate::{interpretation, observe, App, AppError, AskContext, AskResponse, Question, Source};

/// What the local engine made of a question.
pub(crate) enum Local {
    Answered(Answer),
    Unanswered(Unanswered, Resolution),
}

/// What the cache keeps of an LLM answer.
#[derive(Debug, Serialize, Deserialize)]
struct CachedLlmAnswer {
    answer: String,
    columns: Vec<String>,
    rows: Vec<Vec<serde_json::Value>>,
    sql: Option<String>,
    /// The LLM answer was cut before it was cached, so a hit says so too.
    #[serde(default)]
    truncated: bool,
}

/// What `local_answer` returns: the attempt and the data generation.
type LocalAttempt = (
    Result<Result<Local, pitwall_engine::EngineError>, F1DbError>,
    u64,
);

/// The local engine's attempt, with the resolution when it did not answer
/// (the question is parsed once for both), and the data generation it used.
fn local_answer(engine: &Engine, f1: &F1Db, question: &str) -> LocalAttempt {
    let local = f1
        .with_conn(|conn| engine.answer_or_resolve(conn, question))
        .map(to_local);
    (local, f1.generation())
}

/// `local_answer` from database generation `generation` (the one `engine`
/// was loaded from), kept open after a re-import until its successor is
/// loaded; `None` when none of its connections is free.
fn previous_answer(
    engine: &Engine,
    f1: &F1Db,
    generation: u64,
    question: &str,
) -> Option<LocalAttempt> {
    let local = match f1.with_conn_at(generation, |conn| engine.answer_or_resolve(conn, question)) {
        Ok(None) => return None,
        Ok(Some(outcome)) => Ok(to_local(outcome)),
        Err(e) => Err(e),
    };
    Some((local, f1.generation()))
}

fn to_local(
    outcome: Result<Result<Answer, (Unanswered, Resolution)>, pitwall_engine::EngineError>,
) -> Result<Local, pitwall_engine::EngineError> {
    outcome.map(|o| match o {
        Ok(a) => Local::Answered(a),
        Err((u, resolution)) => Local::Unanswered(u, resolution),
    })
}

impl App {
    /// Answers a question and records it in history before returning, so an
    /// acknowledged answer is never lost. Never fails because the LLM did:
    /// that degrades to a fallback answer with a reason.
    pub async fn ask(&self, question: Question, ctx: &AskContext) -> Result<AskResponse, AppError> {
        let started = Instant::now();
        let mut response = AskResponse::empty(question.as_str(), Utc::now());
        // Refused at once when full: a client retrying later is better
        // served than one whose question waits behind thousands of others.
        let _in_flight = self.in_flight.try_acquire().map_err(|_| {
            self.note_shed("overloaded");
            AppError::Overloaded
        })?;
        let local_started = Instant::now();
        let (local, generation) = match self.engine.current(&self.f1) {
            // Inline on this task: a local answer takes ~0.04 ms (p50) to
            // ~1.3 ms (p99, warm), less than handing it to a blocking thread
            // and back costs on a busy machine (~0.1 ms p50, ~1 ms p99
            // measured; see BENCHMARKS.md).
            // A repeated question is answered from the engine's memo without
            // a connection (`current` has just checked the generation).
            Some((engine, generation)) => match engine.memoised(question.as_str()) {
                Some(known) => (Ok(to_local(Ok(known))), generation),
                None => local_answer(&engine, &self.f1, question.as_str()),
            },
            // The data was re-imported: the new engine loads in the
            // background, and until it is ready the loaded one answers from
            // the data it was built from (still open), so no question waits
            // for the load. Failing that, it loads on a blocking thread.
            None => {
                let (engine, loaded) = self.engine.loaded();
                self.engine.reload_in_background(&self.f1);
                match previous_answer(&engine, &self.f1, loaded, question.as_str()) {
                    Some(answered) => answered,
                    None => {
                        let (f1, handle) = (Arc::clone(&self.f1), Arc::clone(&self.engine));
                        let text = question.as_str().to_string();
                        tokio::task::spawn_blocking(move || {
                            let engine = handle.engine_for(&f1);
                            local_answer(&engine, &f1, &text)
                        })
                        .await?
                    }
                }
            }
        };
        let local = local??;
        observe::local(local_started, &local);
        let (unanswered, resolution) = match local {
            Local::Answered(a) => {
                fill_local(&mut response, a);
                return self.finish(response, &question, ctx, started).await;
            }
            Local::Unanswered(u, resolution) => {
                self.observe_declined(question.as_str(), &u.unparsed);
                (u, resolution)
            }
        };
        // The data generation is part of the key: a re-import must not keep
        // serving LLM answers computed from the old data.
        let cache_key = format!("v1:{generation}:{}", resolution.cache_key);
        let hit = self.cache.get(&cache_key).await;
        pitwall_metrics::record::cache_lookup(hit.is_some());
        if let Some(hit) = hit {
            if let Ok(cached) = serde_json::from_value::<CachedLlmAnswer>(hit.payload) {
                fill_cached(&mut response, cached);
                return self.finish(response, &question, ctx, started).await;
            }
        }
        let limits = self.plan_limits(&ctx.principal.plan);
        let mut ctx = ctx.clone();
        if ctx.plan_allowances && !ctx.principal.is_admin() {
            ctx.llm_usd_cap = Some(pitwall_budget::Micros::from_dollars(limits.llm_usd_per_day));
        }
        let ctx = &ctx;
        let outcome = if self
            .llm_question_allowed(ctx, limits.llm_questions_per_day)
            .await
        {
            self.llm
                .answer(question.as_str(), &resolution, &self.f1, ctx)
                .await
        } else {
            Err(FallbackReason::UserBudgetExhausted)
        };
        match outcome {
            Ok(answer) => {
                self.cache_llm_answer(&cache_key, &resolution, &answer)
                    .await;
                fill_llm(&mut response, answer);
            }
            Err(reason) => fill_fallback(&mut response, unanswered, reason),
        }
        self.finish(response, &question, ctx, started).await
    }

    /// Counts one LLM question against the principal's daily allowance
    /// (admins: unlimited); false when it is used up. Counted before the
    /// answer is known, so a question shared with an identical one in
    /// flight counts for each asker, while its cost is billed once.
    async fn llm_question_allowed(&self, ctx: &AskContext, per_day: u32) -> bool {
        if !ctx.plan_allowances || ctx.principal.is_admin() || !self.llm.status().await.enabled {
            return true;
        }
        let key = format!("llm:{}", ctx.principal.id);
        let decision = self
            .principal_limiter
            .check_daily(&key, per_day, Utc::now())
            .await;
        if !decision.allowed {
            static USED_UP: crate::log_throttle::LogThrottle =
                crate::log_throttle::LogThrottle::new();
            if let Some(times) = USED_UP.hit() {
                tracing::info!(principal = %ctx.principal.id, per_day, times, "LLM questions for today used up");
            }
        }
        decision.allowed
    }

    async fn finish(
        &self,
        mut response: AskResponse,
        question: &Question,
        ctx: &AskContext,
        started: Instant,
    ) -> Result<AskResponse, AppError> {
        response.elapsed_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.record(question, ctx, &response).await?;
        self.observe_answer(&response, ctx);
        tracing::info!(
            request_id = %ctx.request_id,
            id = %response.id,
            source = %response.source,
            status = %response.status,
            reason = response.reason.as_deref().unwrap_or("-"),
            intent = response.intent.as_deref().unwrap_or("-"),
            elapsed_ms = response.elapsed_ms,
            "question answered"
        );
        Ok(response)
    }

    async fn cache_llm_answer(&self, key: &str, resolution: &Resolution, answer: &LlmAnswer) {
        let payload = CachedLlmAnswer {
            answer: answer.text.clone(),
            columns: answer.table.columns.clone(),
            rows: answer.table.rows.clone(),
            sql: answer.sql.clone(),
            truncated: answer.truncated,
        };
        let Ok(payload) = serde_json::to_value(&payload) else {
            return;
        };
        let ttl = ttl_for_seasons(
            &resolution.years,
            i64::from(Utc::now().year()),
            &CacheTtlPolicy::default(),
        );
        self.cache
            .put(key, CachedAnswer::new(payload, Source::Llm.as_str()), ttl)
            .await;
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
            interpretation: r.interpretation.clone(),
            unparsed: r.unparsed.clone(),
            sql: r.sql.clone(),
            params: r.params.clone(),
            columns: r.columns.clone(),
            column_labels: r.column_labels.clone(),
            chart: r.chart.as_ref().and_then(|c| serde_json::to_value(c).ok()),
            rows: r.rows.clone(),
            row_count: i64::try_from(r.rows.len()).unwrap_or(i64::MAX),
            truncated: r.truncated,
            confidence: r.confidence,
            latency_ms: r.elapsed_ms,
            request_id: ctx.request_id.clone(),
            principal: ctx.principal.id.as_str().to_string(),
            created_at: r.created_at,
        };
        self.store.insert_history(&entry).await?;
        Ok(())
    }
}

impl AskResponse {
    fn empty(question: &str, created_at: chrono::DateTime<Utc>) -> Self {
        AskResponse {
            id: new_id(),
            question: question.to_string(),
            answer: String::new(),
            columns: Vec::new(),
            column_labels: Vec::new(),
            rows: Vec::new(),
            sql: None,
            params: Vec::new(),
            source: Source::Local.as_str().to_string(),
            status: "answered".into(),
            reason: None,
            intent: None,
            interpretation: String::new(),
            unparsed: Vec::new(),
            confidence: None,
            suggestions: Vec::new(),
            truncated: false,
            chart: None,
            elapsed_ms: 0,
            created_at,
        }
    }
}

/// Confidence rounded to 3 decimals: the engine's f32 would print as 0.949999988.
fn confidence(c: f32) -> Option<f64> {
    Some((f64::from(c) * 1000.0).round() / 1000.0)
}

fn fill_local(r: &mut AskResponse, a: Answer) {
    r.answer = a.answer;
    r.columns = a.table.columns;
    r.rows = a.table.rows;
    r.column_labels = a.column_labels;
    r.chart = a.chart.map(ChartHint::from);
    r.sql = Some(a.sql);
    r.params = a.params;
    r.interpretation = interpretation::local(a.interpretation, &a.intent);
    r.intent = Some(a.intent);
    r.confidence = confidence(a.confidence);
    // The engine's tables are small (at most 50 rows of names and numbers)
    // and its sentences short, so this should never cut; it keeps the caps a
    // property of every answer rather than of today's intents.
    r.apply_caps();
}

fn fill_llm(r: &mut AskResponse, a: LlmAnswer) {
    r.source = Source::Llm.as_str().into();
    r.answer = a.text;
    r.columns = a.table.columns;
    r.rows = a.table.rows;
    model_presentation(r);
    r.interpretation = interpretation::model(a.sql.as_deref());
    r.sql = a.sql;
    r.intent = Some("llm".into());
    // Already capped by the LLM path (before it was cached).
    r.truncated = a.truncated;
    r.apply_caps();
}

fn fill_cached(r: &mut AskResponse, c: CachedLlmAnswer) {
    r.source = Source::Cache.as_str().into();
    r.answer = c.answer;
    r.columns = c.columns;
    r.rows = c.rows;
    model_presentation(r);
    r.interpretation = interpretation::model(c.sql.as_deref());
    r.sql = c.sql;
    r.intent = Some("llm".into());
    r.truncated = c.truncated;
    r.apply_caps();
}

/// A model's table gets generic labels, and a chart only when its shape
/// is a series (the model's SQL is not trusted to say so).
fn model_presentation(r: &mut AskResponse) {
    r.column_labels = crate::chart::generic_labels(&r.columns);
    r.chart = crate::chart::infer(&r.columns, &r.rows);
}

/// The local engine's best effort when it has one, else an apology; either
/// way the reason says why the LLM did not answer.
fn fill_fallback(r: &mut AskResponse, u: Unanswered, reason: FallbackReason) {
    r.source = Source::Fallback.as_str().into();
    r.status = "fallback".into();
    r.reason = Some(reason.as_str().into());
    r.suggestions = u.suggestions;
    r.unparsed = u.unparsed;
    r.confidence = confidence(u.confidence);
    match u.best_effort {
        Some(best) => {
            r.answer = format!(
                "{} (Best guess: the full answer is unavailable right now.)",
                best.answer
            );
            r.columns = best.table.columns;
            r.rows = best.table.rows;
            r.column_labels = best.column_labels;
            r.chart = best.chart.map(ChartHint::from);
            r.sql = Some(best.sql);
            r.params = best.params;
            r.interpretation = interpretation::best_guess(&best.interpretation, &best.intent);
            r.intent = Some(best.intent);
        }
        None => {
            r.answer = format!("{} {}", reason.user_message(), u.reason);
            r.interpretation = interpretation::NOT_ANSWERED.into();
        }
    }
    r.apply_caps();
}
