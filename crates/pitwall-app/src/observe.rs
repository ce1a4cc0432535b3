//! What the app tells the metrics: per answer (source, fallback reason,
//! intent), per scrape (gauges read from live state: budgets, the LLM
//! queue, the cache, the F1 pool, the runtime) and per minute (table rows
//! and file sizes, which cost a query or a `stat` and must not run per
//! scrape or per request).

use std::sync::Arc;
use std::time::{Duration, Instant};

use pitwall_metrics::record::{self, LocalOutcome};

use crate::llm::FallbackReason;
use crate::pipeline::Local;
use crate::{App, AskContext, AskResponse, Source};
use pitwall_engine::normalise_question;

/// How often table rows and file sizes are sampled.
pub const SAMPLE_EVERY: Duration = Duration::from_secs(60);

/// Records one finished answer in the metrics.
fn answer(r: &AskResponse) {
    let source = [Source::Local, Source::Cache, Source::Llm, Source::Fallback]
        .into_iter()
        .map(Source::as_str)
        .find(|s| *s == r.source)
        .unwrap_or("other");
    // Mapped back onto the closed list, so a label is never free text.
    let reason = r.reason.as_deref().map(|reason| {
        FallbackReason::ALL
            .into_iter()
            .map(FallbackReason::as_str)
            .find(|known| *known == reason)
            .unwrap_or("other")
    });
    // Intents are the engine's closed list of question families (or "llm").
    record::answer(source, reason, r.intent.as_deref());
}

/// Records the local engine's time and outcome for one question.
pub(crate) fn local(started: Instant, local: &Local) {
    let outcome = match local {
        Local::Answered(_) => LocalOutcome::Answered,
        Local::Unanswered(u, _) if !u.unparsed.is_empty() => LocalOutcome::Unparsed,
        Local::Unanswered(..) => LocalOutcome::Declined,
    };
    record::local_engine(started.elapsed().as_secs_f64(), outcome);
}

impl App {
    /// Records one finished answer: in the metrics, the recent traffic the
    /// alert rules read and the per-minute roll-ups (by source, plan and
    /// fallback reason; per principal).
    pub(crate) fn observe_answer(&self, r: &AskResponse, ctx: &AskContext) {
        answer(r);
        self.traffic.answer(r.source == Source::Fallback.as_str());
        let plan = ctx.principal.plan.as_str();
        let secs = r.elapsed_ms.max(0) as f64 / 1000.0;
        self.rollups
            .answer(&r.source, plan, r.reason.as_deref(), secs);
        self.rollups.asked_by(ctx.principal.id.as_str(), plan);
    }

    /// Records a question the local engine did not answer (whatever
    /// answers it next: cache, LLM or fallback), with the words it missed:
    /// what the weekly report's `declined` lists.
    pub(crate) fn observe_declined(&self, question: &str, unparsed: &[String]) {
        self.rollups
            .declined(&normalise_question(question), unparsed);
    }

    /// Records one HTTP request (`route`: its template, never the raw
    /// path): in the metrics, the alert rules' recent traffic and the
    /// per-minute roll-ups.
    pub fn observe_request(
        &self,
        route: String,
        method: &str,
        is_ask: bool,
        status: u16,
        secs: f64,
    ) {
        self.traffic.request(is_ask, status, secs);
        // The method as the metrics label it: any token is a valid method.
        let method_label = record::method_label(method);
        self.rollups
            .http(&format!("{method_label} {route}"), status, secs);
        record::http_request(route, method, status, secs);
    }

    /// Records a failed authentication (`reason` from a closed list).
    pub fn note_auth_failure(&self, reason: &'static str) {
        record::auth_failure(reason);
        self.rollups.auth_failure(reason);
    }

    /// Records a request refused by a plan's limit of `kind`.
    pub fn note_rejection(&self, plan: &str, kind: &'static str) {
        record::limit_rejection(plan, kind);
        self.rollups.rejection(plan, kind);
    }

    /// Records a request shed to protect the server (`reason`: overloaded,
    /// connections): in the metrics and in the recent traffic.
    pub fn note_shed(&self, reason: &'static str) {
        record::load_shed(reason);
        self.traffic.shed();
    }

    /// Sets the gauges that read live state; called on every scrape, so
    /// it must stay cheap (no SQL, no file system, never the LLM).
    pub async fn refresh_gauges(&self) {
        let status = self.llm.status().await;
        for b in &status.budgets {
            let scope = match b.scope {
                pitwall_budget::BudgetScope::GlobalDaily => "global_daily",
                pitwall_budget::BudgetScope::GlobalMonthly => "global_monthly",
                // Per-user figures are unbounded: they go in reports.
                _ => continue,
            };
            record::budget(scope, b.spent.0, b.reserved.0, b.cap.map(|c| c.0));
        }
        if let Some(b) = &status.breaker {
            let level = match b.state {
                pitwall_guards::breaker::BreakerState::Closed => record::BreakerLevel::Closed,
                pitwall_guards::breaker::BreakerState::HalfOpen => record::BreakerLevel::HalfOpen,
                pitwall_guards::breaker::BreakerState::Open => record::BreakerLevel::Open,
            };
            record::breaker_state("llm", level);
        }
        let queue = self.llm.queue_gauges();
        record::llm_queue(queue.queued, queue.in_flight);
        if let Some(size) = self.cache.size().await {
            record::cache_size(size.entries, size.bytes);
        }
        record::f1_pool_in_use(self.f1.in_use());
        let runtime = tokio::runtime::Handle::current().metrics();
        record::runtime(
            runtime.num_workers(),
            runtime.num_alive_tasks(),
            self.started.elapsed().as_secs_f64(),
        );
    }

    /// Sets the build-info gauge: version, the git sha the HTTP crate was
    /// built from, and the schema version of the app database served.
    pub async fn record_build_info(&self, git_sha: &'static str) {
        let schema = self.store.schema_version().await.unwrap_or(0);
        record::build_info(env!("CARGO_PKG_VERSION"), git_sha, schema);
    }

    /// Samples what costs a query or a `stat`: rows per growing table, the
    /// app database's file sizes and the F1 data's generation and date.
    pub async fn sample_storage(&self) {
        self.sample_app_db().await;
        self.sample_f1().await;
    }

    /// Rows per growing table and the app database's file sizes, into the
    /// metrics and the per-minute roll-ups alike (one `count(*)` and one
    /// `stat` a minute, whoever reads them). The roll-up flusher calls it.
    pub(crate) async fn sample_app_db(&self) {
        match self.store.table_rows().await {
            Ok(rows) => {
                for (table, n) in rows {
                    record::app_db_rows(table, n);
                    self.rollups.resource(&format!("rows:{table}"), n as f64);
                }
            }
            Err(e) => tracing::warn!(error = %e, "could not count app-database rows"),
        }
        let path = self.config.server.app_db_path();
        let (db, wal) = tokio::task::spawn_blocking(move || {
            let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
            let mut wal = path.clone().into_os_string();
            wal.push("-wal");
            (size(&path), size(std::path::Path::new(&wal)))
        })
        .await
        .unwrap_or((0, 0));
        record::app_db_files(db, wal);
        self.rollups.resource("app_db_bytes", (db + wal) as f64);
    }

    /// The F1 data's generation and last race date, into the metrics.
    async fn sample_f1(&self) {
        let f1 = Arc::clone(&self.f1);
        if let Ok(Ok(status)) = tokio::task::spawn_blocking(move || f1.check()).await {
            let last_race = status
                .last_race_date
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc().timestamp());
            record::f1_data(status.generation, last_race);
        }
    }

    /// Samples the F1 data now and then every [`SAMPLE_EVERY`] until the
    /// returned task is aborted (the server does at shutdown). The app
    /// database is sampled by the roll-up flusher, which always runs.
    pub fn spawn_storage_sampler(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let app = Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SAMPLE_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                app.sample_f1().await;
            }
        })
    }
}
