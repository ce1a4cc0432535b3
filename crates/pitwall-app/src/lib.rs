//! The question pipeline: one `Arc<App>` holding the engines, guards and
//! storage, shared by the HTTP layer and the CLI.
//!
//! A question flows: validation → answer cache → local engine → (LLM under
//! budget) → history → response. This crate owns that order so the HTTP
//! handlers and `pitwall ask` cannot drift apart.

pub mod admin;
pub mod alerts;
mod answer;
pub mod archive;
mod ask_context;
mod auth;
pub mod backup;
mod budgets;
pub mod chart;
mod dashboard;
mod data;
mod engine_handle;
mod error;
mod eval;
mod interpretation;
pub mod keys;
pub mod llm;
pub mod log_throttle;
mod observe;
mod pipeline;
mod plans;
pub mod principal;
mod question;
pub mod report;
pub mod retention;
mod retention_run;
pub mod rollup;
mod schema;
pub mod security;
mod settings;

use std::sync::Arc;
use std::time::Instant;

use pitwall_config::Config;
use pitwall_f1data::{DataStatus, F1Db};
use pitwall_store::{AppStore, HistoryPage, Migrations, SqliteStore};
use serde::Serialize;
use utoipa::ToSchema;

pub use admin::{Actor, AdminError, CreatedKey, KeyInfo, UserChange};
pub use answer::{AskResponse, Source};
pub use ask_context::AskContext;
pub use auth::{AuthError, AUTH_FAILURES_PER_MINUTE, KEY_CACHE_TTL};
pub use backup::BackupStatus;
pub use budgets::{BudgetCapsUsd, BudgetsView, CapsSource, PlanAllowance};
pub use chart::{ChartHint, ChartKind};
pub use dashboard::F1Freshness;
pub use data::{ensure_f1_data, import};
pub use error::AppError;
pub use pitwall_engine::{capabilities, Capability};
pub use plans::Plan;
pub use principal::{IpGroup, PlanName, Principal, PrincipalId, PrincipalKind};
pub use question::{Question, QuestionError, MAX_QUESTION_CHARS};
pub use retention_run::{RetentionRun, TableRun};
pub use schema::SchemaVersions;
pub use security::{SecurityEvent, SecurityEventKind};
pub use settings::{parse_since, MAX_USAGE_DAYS};

use engine_handle::EngineHandle;
use llm::{LlmPath, LlmStatus};
use pitwall_guards::cache::{AnswerCache, MokaAnswerCache};
use pitwall_guards::quota::{LocalPrincipalLimiter, PrincipalLimiter};

/// Memory bound of the in-process answer cache.
const ANSWER_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Connections kept open to the read-only F1 database.
const F1_POOL_SIZE: usize = 8;

/// The application: everything a request needs, built once at start-up.
pub struct App {
    /// The configuration it was built from.
    pub config: Config,
    f1: Arc<F1Db>,
    engine: Arc<EngineHandle>,
    store: Arc<dyn AppStore>,
    llm: Arc<LlmPath>,
    cache: Arc<dyn AnswerCache>,
    /// Questions being answered; bounded by `server.max_in_flight`.
    in_flight: tokio::sync::Semaphore,
    /// Verifies API keys; `None` without `PITWALL_KEY_PEPPER`.
    key_hasher: Option<keys::KeyHasher>,
    /// Recently verified keys' records.
    key_cache: auth::KeyCache,
    /// IP groups refused authentication after too many failures.
    auth_lockouts: auth::Lockouts,
    /// Samples security events (one per principal and kind per minute).
    security_gate: security::SecurityGate,
    /// Plan limits (configured, with admins' changes over them).
    plans: plans::PlanTable,
    /// Per-principal rate limits, daily quotas and concurrency.
    principal_limiter: Arc<dyn PrincipalLimiter>,
    /// Serialises operator budget changes (store + apply as one step).
    budget_change: tokio::sync::Mutex<()>,
    started: Instant,
    /// Recent traffic for the alert rules.
    traffic: alerts::RecentTraffic,
    /// Which alerts fire, and where notices go.
    alerts: alerts::AlertEngine,
    /// Traffic summed per minute until the next flush (reports, dashboard).
    rollups: Arc<rollup::Rollups>,
}

/// What the public `/readyz` reports: ready or not, and which check
/// failed, nothing more (budgets, model, breaker and spend are operators'
/// business: `GET /v1/admin/status`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicReadiness {
    /// True when every check passed.
    pub ready: bool,
    /// Each check's outcome.
    pub checks: ReadinessChecks,
}

/// The readiness checks, pass or fail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadinessChecks {
    /// F1 data loaded and readable.
    pub f1_data: bool,
    /// App-state database reachable.
    pub app_db: bool,
}

impl From<&Readiness> for PublicReadiness {
    fn from(r: &Readiness) -> Self {
        PublicReadiness {
            ready: r.ready,
            checks: ReadinessChecks {
                f1_data: r.f1_data.ok,
                app_db: r.app_db.ok,
            },
        }
    }
}

/// What `GET /v1/admin/status` reports: the checks with details, the LLM
/// path (model, breaker, global budgets and spend) and uptime.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Readiness {
    /// True when every check passed.
    pub ready: bool,
    /// F1 data: loaded and readable, with its extent.
    pub f1_data: CheckResult,
    /// App-state database reachable.
    pub app_db: CheckResult,
    /// The LLM path's state (informational: a down LLM degrades answers, it does not make us unready).
    pub llm: LlmStatus,
    /// Backups: last success, its age and the last attempt's result
    /// (informational: unconfigured or failing backups do not make us unready).
    pub backup: BackupStatus,
    /// Seconds since start.
    pub uptime_secs: u64,
}

/// One readiness check.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckResult {
    /// Whether it passed.
    pub ok: bool,
    /// Details or the error.
    pub detail: String,
}

impl App {
    /// Builds the app for serving: imports the F1 data if it is missing,
    /// opens it read-only, opens (and migrates) the app-state database.
    pub async fn build(config: Config) -> Result<Arc<App>, AppError> {
        let data_dir = config.server.data_dir.clone();
        std::fs::create_dir_all(&data_dir).map_err(|source| AppError::Io {
            context: format!("creating data directory {}", data_dir.display()),
            source,
        })?;
        // The app database first: one this binary must not run on (or with
        // migrations pending under PITWALL_MIGRATE=false) is refused before
        // a possibly long F1 import.
        let policy = if config.migrate.on_open {
            Migrations::Apply
        } else {
            Migrations::Require
        };
        let store: Arc<dyn AppStore> =
            Arc::new(SqliteStore::open_policy(&config.server.app_db_path(), policy).await?);
        let f1_path = config.server.f1_db_path();
        let source = config.server.f1_source.clone();
        let path = f1_path.clone();
        tokio::task::spawn_blocking(move || ensure_f1_data(&path, source.as_deref())).await??;
        Self::with_parts(config, &f1_path, store).await
    }

    /// Builds the app over an existing F1 database and a given store (tests, CLI).
    pub async fn with_parts(
        config: Config,
        f1_path: &std::path::Path,
        store: Arc<dyn AppStore>,
    ) -> Result<Arc<App>, AppError> {
        let f1 = Arc::new(F1Db::open(f1_path, F1_POOL_SIZE)?);
        let engine = {
            let f1 = Arc::clone(&f1);
            Arc::new(tokio::task::spawn_blocking(move || EngineHandle::load(&f1)).await??)
        };
        let rollups = Arc::new(rollup::Rollups::default());
        let llm =
            Arc::new(LlmPath::build(&config, Arc::clone(&store), Arc::clone(&rollups)).await?);
        let cache: Arc<dyn AnswerCache> = Arc::new(MokaAnswerCache::new(ANSWER_CACHE_BYTES));
        let in_flight = tokio::sync::Semaphore::new(config.server.max_in_flight);
        let key_hasher = auth::hasher(&config);
        let plans = plans::PlanTable::load(&config.plans, store.as_ref()).await?;
        let traffic = alerts::RecentTraffic::new(config.alerts.window);
        let alert_engine = alerts::AlertEngine::new(&config);
        let app = Arc::new(App {
            config,
            f1,
            engine,
            store,
            llm,
            cache,
            in_flight,
            key_hasher,
            key_cache: auth::KeyCache::default(),
            auth_lockouts: auth::Lockouts::default(),
            security_gate: security::SecurityGate::default(),
            plans,
            principal_limiter: Arc::new(LocalPrincipalLimiter::default()),
            budget_change: tokio::sync::Mutex::new(()),
            started: Instant::now(),
            traffic,
            alerts: alert_engine,
            rollups,
        });
        app.restore_settings().await?;
        Ok(app)
    }

    /// The LLM path (status, admin switch).
    pub fn llm(&self) -> &Arc<LlmPath> {
        &self.llm
    }

    /// The per-principal limiter (HTTP middleware).
    pub fn principal_limiter(&self) -> &Arc<dyn PrincipalLimiter> {
        &self.principal_limiter
    }

    /// The app-state store.
    pub fn store(&self) -> &Arc<dyn AppStore> {
        &self.store
    }

    /// Readiness: the F1 data is loaded and the app database answers.
    pub async fn readiness(&self) -> Readiness {
        let f1 = Arc::clone(&self.f1);
        let f1_data = match tokio::task::spawn_blocking(move || f1.check()).await {
            Ok(Ok(status)) => describe_data(&status),
            Ok(Err(e)) => failed_check("F1 data", &e),
            Err(e) => failed_check("F1 data", &e),
        };
        let app_db = match self.store.ping().await {
            Ok(()) => CheckResult {
                ok: true,
                detail: "reachable".into(),
            },
            Err(e) => failed_check("app database", &e),
        };
        Readiness {
            ready: f1_data.ok && app_db.ok,
            f1_data,
            app_db,
            llm: self.llm.status().await,
            backup: self.backup_status().await,
            uptime_secs: self.started.elapsed().as_secs(),
        }
    }

    /// A page of history, newest first: one principal's, or (admins'
    /// view) everyone's when `whose` is `None`.
    pub async fn history(
        &self,
        page: HistoryPage,
        whose: Option<&PrincipalId>,
    ) -> Result<Vec<AskResponse>, AppError> {
        let entries = match whose {
            Some(p) => self.store.list_history_of(p.as_str(), page).await?,
            None => self.store.list_history(page).await?,
        };
        Ok(entries.into_iter().map(AskResponse::from).collect())
    }

    /// One history entry; with `whose`, only if it is that principal's
    /// (someone else's is "not found", so ids cannot be probed).
    pub async fn history_entry(
        &self,
        id: uuid::Uuid,
        whose: Option<&PrincipalId>,
    ) -> Result<AskResponse, AppError> {
        self.store
            .get_history(id)
            .await?
            .filter(|e| whose.is_none_or(|p| e.principal == p.as_str()))
            .map(AskResponse::from)
            .ok_or(AppError::NotFound(id))
    }

    /// Erases one of `whose`'s entries.
    pub async fn erase_history_entry(
        &self,
        id: uuid::Uuid,
        whose: &PrincipalId,
    ) -> Result<(), AppError> {
        if self.store.delete_history(id, whose.as_str()).await? {
            Ok(())
        } else {
            Err(AppError::NotFound(id))
        }
    }

    /// Erases every entry of `whose`; returns how many.
    pub async fn erase_history(&self, whose: &PrincipalId) -> Result<u64, AppError> {
        Ok(self.store.delete_history_of(whose.as_str()).await?)
    }

    /// Flushes what must survive shutdown (history writes are already durable
    /// when acknowledged; this closes the pool so the WAL is checkpointed).
    pub async fn shutdown(&self) {
        self.llm.shutdown().await;
        self.alerts.shutdown().await;
        // After the LLM path drained (its last costs are summed), before the
        // store closes: a report run right after includes the last minute.
        self.flush_rollups().await;
        self.store.close().await;
    }
}

/// A failed check: the error goes to the log, the probe (public) gets a
/// fixed sentence. Errors carry file paths and driver messages that tell an
/// outsider where the data lives and what runs it.
fn failed_check(what: &str, error: &dyn std::fmt::Display) -> CheckResult {
    tracing::warn!(check = what, %error, "readiness check failed");
    CheckResult {
        ok: false,
        detail: format!("{what} unavailable (details in the server log)"),
    }
}

fn describe_data(status: &DataStatus) -> CheckResult {
    let last = match (status.last_season, status.last_round) {
        (Some(season), Some(round)) => format!("{season} round {round}"),
        _ => "none".to_string(),
    };
    CheckResult {
        ok: status.races > 0 && status.results > 0,
        detail: format!(
            "{} races, {} results, last result {last}",
            status.races, status.results
        ),
    }
}
