//! One function per subcommand.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use pitwall_app::{App, AskContext, Question};
use pitwall_config::Config;
use pitwall_store::{AppStore, SqliteStore};

use crate::cli::{Cli, Command};
use crate::telemetry;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::from_process_env().context("invalid configuration")?;
    let quiet = matches!(
        cli.command,
        Command::Ask { .. }
            | Command::Eval { .. }
            | Command::Admin(_)
            | Command::Report { .. }
            | Command::Backup(_)
            | Command::Restore { .. }
            | Command::Retention { .. }
            | Command::Migrate(_)
    );
    telemetry::init(
        config.server.log_format,
        if quiet { "warn" } else { "info" },
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve => serve(config).await,
            Command::Import { dir, strict } => import(config, dir, strict).await,
            Command::Sync { dry_run, until } => sync(config, dry_run, until).await,
            Command::Ask { question, json } => ask(config, &question, json).await,
            Command::Eval {
                file,
                min_precision,
                min_coverage,
                json,
            } => eval(config, &file, (min_precision, min_coverage), json).await,
            Command::Admin(args) => crate::admin::run(one_shot_app(config).await?, args).await,
            Command::Report {
                kind,
                format,
                until,
                output,
            } => crate::report::run(one_shot_app(config).await?, kind, format, until, output).await,
            Command::Backup(args) => crate::backup::run(config, args).await,
            Command::Restore { file } => crate::backup::restore(config, file).await,
            Command::Retention { action } => {
                crate::retention::run(one_shot_app(config).await?, action).await
            }
            Command::Migrate(args) => crate::migrate::run(&config, args).await,
        }
    })
}

async fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let bind = config.server.bind;
    let grace = config.server.shutdown_grace;
    // First, so a panic while starting is reported too; held until the
    // server stops, when dropping it sends what is still queued. Without
    // SENTRY_DSN it does nothing.
    let _error_tracking = pitwall_http::error_tracking::init(&config)?;
    // Before anything opens files: connections are capped below this limit.
    let open_files = pitwall_http::server::raise_open_file_limit();
    tracing::info!(open_file_limit = open_files, "open-file limit");
    // Off by default: the embedded default makes no network calls.
    let f1_sync = if pitwall_f1sync::schedule::enabled_from_env() {
        let sync = pitwall_f1sync::SyncConfig::from_env(&config.server.data_dir)?;
        Some((sync, config.server.f1_db_path()))
    } else {
        None
    };
    // Held for the server's life: `pitwall restore` refuses while it is.
    let _serve_lock = pitwall_store::backup::ServeLock::serving(&config.server.data_dir)?;
    let app = App::build(config).await?;
    let _retention = app.spawn_retention();
    let _backups = app.spawn_backups();
    let _alert_rules = app.spawn_alert_rules();
    // After the build: the first start imports the F1 data the sync extends.
    let _f1_sync = f1_sync.map(|(sync, db)| pitwall_f1sync::schedule::spawn(sync, db));
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let addr = listener.local_addr()?;
    let shutdown = shutdown_signal();
    tracing::info!(%addr, "pitwall listening on http://{addr}/");
    pitwall_http::serve(app, listener, shutdown, grace).await?;
    Ok(ExitCode::SUCCESS)
}

/// SIGTERM or Ctrl-C. The handlers are installed when this is called, not
/// when the future is first polled: a SIGTERM sent as soon as the
/// "listening" line appears (a supervisor, a test) must stop the server
/// gracefully, not kill it with the default action.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::signal::ctrl_c();
    async move {
        #[cfg(unix)]
        let term = async move {
            match term {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let term = std::future::pending::<()>();
        tokio::select! { _ = ctrl_c => {}, () = term => {} }
    }
}

async fn import(
    config: Config,
    dir: Option<std::path::PathBuf>,
    strict: bool,
) -> anyhow::Result<ExitCode> {
    let src = pitwall_f1data::find_source(dir.as_deref().or(config.server.f1_source.as_deref()))?;
    let dest = config.server.f1_db_path();
    std::fs::create_dir_all(&config.server.data_dir)
        .with_context(|| format!("cannot create {}", config.server.data_dir.display()))?;
    let summary =
        tokio::task::spawn_blocking(move || pitwall_app::import(&src, &dest, strict)).await??;
    eprintln!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// One sync from the Jolpica F1 API (imports the CSV data first if missing).
async fn sync(config: Config, dry_run: bool, until: Option<String>) -> anyhow::Result<ExitCode> {
    let db = config.server.f1_db_path();
    std::fs::create_dir_all(&config.server.data_dir)
        .with_context(|| format!("cannot create {}", config.server.data_dir.display()))?;
    let (path, source) = (db.clone(), config.server.f1_source.clone());
    tokio::task::spawn_blocking(move || pitwall_app::ensure_f1_data(&path, source.as_deref()))
        .await??;
    let mut sync = pitwall_f1sync::SyncConfig::from_env(&config.server.data_dir)?;
    sync.dry_run = dry_run;
    sync.until = until.map(|u| u.parse()).transpose()?;
    let client = pitwall_f1sync::ApiClient::new(&sync)?;
    let report = pitwall_f1sync::run(&sync, &client, &db).await?;
    eprintln!("{report}");
    Ok(if report.paused_for_secs.is_some() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// Builds an app for one-shot commands over the same data dir as the
/// server: the F1 data (imported if missing) and the real app database, so
/// CLI questions land in history and LLM spend counts against the budgets.
pub(crate) async fn one_shot_app(config: Config) -> anyhow::Result<Arc<App>> {
    // The app database first: a refusal comes before a possibly long import.
    let policy = crate::migrate::policy(&config);
    let app_db = config.server.app_db_path();
    // A fresh data directory: the F1 import used to create it, and now
    // comes second.
    if let Some(dir) = app_db.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("creating data directory {}: {e}", dir.display()))?;
    }
    let store: Arc<dyn AppStore> = Arc::new(SqliteStore::open_policy(&app_db, policy).await?);
    let f1_path = config.server.f1_db_path();
    let source = config.server.f1_source.clone();
    let path = f1_path.clone();
    tokio::task::spawn_blocking(move || pitwall_app::ensure_f1_data(&path, source.as_deref()))
        .await??;
    Ok(App::with_parts(config, &f1_path, store).await?)
}

async fn ask(config: Config, question: &str, json: bool) -> anyhow::Result<ExitCode> {
    let question = Question::parse(question)?;
    let app = one_shot_app(config).await?;
    let response = app.ask(question, &AskContext::anonymous("cli")).await;
    // Drains the LLM path and flushes the roll-ups: a CLI question and
    // its cost count in the reports like any other.
    app.shutdown().await;
    let response = response?;
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(&response)?;
    } else {
        // What was understood first, as on the web page: a misreading shows
        // before the answer is read.
        if !response.interpretation.is_empty() {
            out.push_str(&response.interpretation);
            out.push('\n');
        }
        out.push_str(&response.answer);
        if !response.unparsed.is_empty() {
            out.push_str("\nNot understood: ");
            out.push_str(&response.unparsed.join(", "));
        }
        if !response.columns.is_empty() {
            out.push_str("\n\n");
            out.push_str(&response.columns.join(" | "));
            for row in &response.rows {
                let cells: Vec<String> = row.iter().map(cell_text).collect();
                out.push('\n');
                out.push_str(&cells.join(" | "));
            }
        }
        if let Some(sql) = &response.sql {
            out.push_str("\n\nSQL: ");
            out.push_str(sql);
        }
        for s in &response.suggestions {
            out.push_str("\n  try: ");
            out.push_str(s);
        }
    }
    write_stdout(&out)?;
    Ok(if response.status == "answered" {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn cell_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// Runs the evaluation; exits 1 when a `(min precision, min coverage)`
/// threshold is not met, so CI can gate on the figures.
async fn eval(
    config: Config,
    file: &std::path::Path,
    (min_precision, min_coverage): (Option<f64>, Option<f64>),
    json: bool,
) -> anyhow::Result<ExitCode> {
    let questions = pitwall_engine::eval::load_questions(file)?;
    let app = one_shot_app(config).await?;
    let report = app.eval(questions).await?;
    if json {
        write_stdout(&serde_json::to_string_pretty(&report)?)?;
    } else {
        write_stdout(&report.to_string())?;
    }
    let mut below = Vec::new();
    let overall = &report.overall;
    if let Some(p) = min_precision.filter(|p| overall.precision() < *p) {
        below.push(format!("precision {:.3} < {p}", overall.precision()));
    }
    if let Some(c) = min_coverage.filter(|c| overall.coverage() < *c) {
        below.push(format!("coverage {:.3} < {c}", overall.coverage()));
    }
    if below.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("below threshold: {}", below.join(", "));
        Ok(ExitCode::from(1))
    }
}

pub(crate) fn write_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")?;
    Ok(())
}
