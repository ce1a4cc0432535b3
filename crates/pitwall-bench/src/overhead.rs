//! `llm-overhead`: what the pipeline adds over calling the model directly.
//!
//! One process, one stand-in, one F1 import. For each rate, back to back on the same machine
//! state: a baseline phase (the app's own `LlmClient` straight to the stand-in), a pipeline phase
//! (`App::ask` in process, the LLM path end to end), a local-only phase (`App::ask` with the LLM
//! switched off: the pipeline's own work without the upstream), and a repeated baseline to show
//! how much the machine drifts between phases.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pitwall_app::{App, AskContext, AskResponse, Question};
use pitwall_config::{Config, Env};
use pitwall_f1data::{import_dir, ImportOptions};
use pitwall_llm::{schema_prompt, LlmClient, SqlConversation};
use pitwall_store::{AppStore, SqliteStore};

use crate::error::BenchError;
use crate::load::{self, LoadPlan, Outcome};
use crate::report::{PhaseKind, PhaseResult, RunReport};
use crate::standin::{StandinProcess, ANSWER};
use crate::{cpu, rss};

/// Options of `llm-overhead`.
#[derive(Debug, Clone)]
pub struct OverheadOptions {
    /// Request rates to measure, per second.
    pub rates: Vec<u32>,
    /// Measured seconds per phase (after the warm-up).
    pub seconds: u64,
    /// Warm-up seconds per phase, sent but not measured.
    pub warmup_secs: u64,
    /// The stand-in's latency per request.
    pub upstream_latency: Duration,
    /// Ergast CSV directory.
    pub f1_source: PathBuf,
    /// Phases to run at each rate, in order (all four by default; fewer for profiling).
    pub phases: Vec<PhaseKind>,
}

/// Tool rounds the app allows (`pitwall-app`'s `MAX_TOOL_ROUNDS`): only changes `tool_choice`.
const TOOL_ROUNDS: u32 = 3;

/// Runs every phase and returns the figures.
pub async fn run(opts: &OverheadOptions) -> Result<RunReport, BenchError> {
    let mut report = RunReport {
        rss_at_start: rss::read(),
        ..RunReport::default()
    };
    let tmp = tempfile::tempdir().map_err(|e| BenchError::io("creating a temp dir", e))?;
    let f1_path = tmp.path().join("f1.sqlite");
    let import_started = Instant::now();
    let (src, dest) = (opts.f1_source.clone(), f1_path.clone());
    tokio::task::spawn_blocking(move || import_dir(&src, &dest, &ImportOptions::default()))
        .await??;
    report.import_secs = import_started.elapsed().as_secs_f64();
    report.rss_after_import = rss::read();

    let standin = StandinProcess::start(opts.upstream_latency).await?;
    let max_rate = opts.rates.iter().copied().max().unwrap_or(1);
    let config = bench_config(standin.base_url(), tmp.path(), max_rate)?;
    let baseline = baseline_client(&config)?;
    let deadline = config.llm.deadline;
    let model = config.llm.model.clone();
    let max_tokens = config.llm.max_tokens;
    let store: Arc<dyn AppStore> =
        Arc::new(SqliteStore::open(&tmp.path().join("pitwall.sqlite")).await?);
    let app = App::with_parts(config, &f1_path, store).await?;
    report.rss_after_build = rss::read();
    sanity_check(&app, &baseline, &model, max_tokens).await?;
    report.peak_reset_works = rss::reset_peak();

    let prompt: Arc<str> = Arc::from(schema_prompt(pitwall_f1data::SCHEMA_SQL, &[]));
    let mut phase_no: u64 = 1;
    for &rate in &opts.rates {
        let plan = LoadPlan {
            rate,
            warmup: Duration::from_secs(opts.warmup_secs),
            measure: Duration::from_secs(opts.seconds),
            // The clock stops it first; the cap is the backstop should the clock misbehave.
            max_requests: u64::from(rate) * (opts.warmup_secs + opts.seconds + 1),
            drain_timeout: Duration::from_secs(30),
        };
        for &kind in &opts.phases {
            let phase = phase_no;
            phase_no += 1;
            rss::reset_peak();
            let rss_before = rss::read();
            let cpu_before = (cpu::process_time(None), cpu::process_time(standin.pid()));
            let record = match kind {
                PhaseKind::Baseline | PhaseKind::BaselineRepeat => {
                    let (client, prompt, model) = (baseline.clone(), Arc::clone(&prompt), &model);
                    load::run(&plan, move |i| {
                        let request = SqlConversation::new(
                            prompt.to_string(),
                            question(phase, i),
                            TOOL_ROUNDS,
                        )
                        .next_request(model, max_tokens);
                        let client = client.clone();
                        async move {
                            let sent = client
                                .chat_with_deadline(&request, Instant::now() + deadline)
                                .await;
                            baseline_outcome(sent.map(|o| o.response))
                        }
                    })
                    .await
                }
                PhaseKind::Pipeline | PhaseKind::LocalOnly => {
                    app.llm().set_enabled(kind == PhaseKind::Pipeline);
                    let shared = Arc::clone(&app);
                    let record = load::run(&plan, move |i| {
                        let app = Arc::clone(&shared);
                        let question = Question::parse(&question(phase, i));
                        async move {
                            match question {
                                Ok(q) => {
                                    let ctx = AskContext::anonymous(format!("bench-{phase}-{i}"));
                                    pipeline_outcome(kind, app.ask(q, &ctx).await)
                                }
                                Err(e) => Outcome {
                                    label: format!("error:question {e}"),
                                    success: false,
                                },
                            }
                        }
                    })
                    .await;
                    app.llm().set_enabled(true);
                    record
                }
            };
            let after = rss::read();
            let cpu_after = (cpu::process_time(None), cpu::process_time(standin.pid()));
            let mut result = PhaseResult::new(rate, kind, &record, rss_before.current_kib, after);
            result.cpu_bench = cpu_used(cpu_before.0, cpu_after.0);
            result.cpu_standin = cpu_used(cpu_before.1, cpu_after.1);
            report.phases.push(result);
        }
    }
    app.shutdown().await;
    standin.stop().await;
    Ok(report)
}

fn cpu_used(before: Option<Duration>, after: Option<Duration>) -> Option<Duration> {
    Some(after?.saturating_sub(before?))
}

/// A distinct question the local engine refuses (it does not answer lap-count questions), so
/// every one goes to the LLM. The number (six digits and more) is never read as a season or round.
pub fn question(phase: u64, i: u64) -> String {
    let letter = char::from(b'A' + (i % 26) as u8);
    format!(
        "question number {}: what is the average lap count in races won by drivers whose \
         surname starts with {letter}?",
        phase * 1_000_000 + i
    )
}

fn bench_config(base_url: &str, data_dir: &Path, max_rate: u32) -> Result<Config, BenchError> {
    // Room for everything in flight at the top rate (rate × 50 ms upstream, with slack for a
    // slow machine), and limits/budgets far above what a run uses, so no guard refuses.
    let in_flight = (u64::from(max_rate) * 2).max(256);
    let env = Env::from_pairs([
        ("OPENAI_API_KEY", "bench-dummy-llm-key".to_string()),
        ("PITWALL_LLM_BASE_URL", base_url.to_string()),
        ("PITWALL_DATA_DIR", data_dir.display().to_string()),
        ("PITWALL_BUDGET_DAILY_USD", "1000000".into()),
        ("PITWALL_BUDGET_MONTHLY_USD", "1000000".into()),
        ("PITWALL_BUDGET_USER_DAILY_USD", "1000000".into()),
        ("PITWALL_LLM_RPM", "10000000".into()),
        // ~2,000 tokens reserved per call: 2,000/s is 240 M tokens a minute.
        ("PITWALL_LLM_TPM", "10000000000".into()),
        ("PITWALL_LLM_MAX_CONCURRENCY", in_flight.to_string()),
        ("PITWALL_LLM_QUEUE_SIZE", (in_flight * 4).to_string()),
    ]);
    Ok(Config::load(&env)?)
}

/// The same client the app builds (see `pitwall-app`'s `LlmPath::build`), from the same config.
fn baseline_client(config: &Config) -> Result<LlmClient, BenchError> {
    let key = config.llm.api_key.clone().unwrap_or_default();
    Ok(LlmClient::new(pitwall_app::llm::client_config(
        &config.llm,
        key,
    ))?)
}

/// Refuses to measure unless a question really takes the LLM path and the baseline really gets
/// the model's answer: otherwise the figures would compare different work.
async fn sanity_check(
    app: &App,
    baseline: &LlmClient,
    model: &str,
    max_tokens: u32,
) -> Result<(), BenchError> {
    let probe = question(0, 999_999);
    let response = app
        .ask(
            Question::parse(&probe)?,
            &AskContext::anonymous("bench-probe"),
        )
        .await?;
    if response.source != "llm" || response.answer != ANSWER {
        return Err(BenchError::Sanity(format!(
            "{probe:?} was answered by {:?} (reason {:?}): {:?}",
            response.source, response.reason, response.answer
        )));
    }
    let request =
        SqlConversation::new("probe".into(), probe, TOOL_ROUNDS).next_request(model, max_tokens);
    let outcome = baseline.chat(&request).await?;
    let text = outcome
        .response
        .choices
        .first()
        .and_then(|c| c.message.content.clone());
    if text.as_deref() != Some(ANSWER) {
        return Err(BenchError::Sanity(format!(
            "the stand-in answered {text:?}"
        )));
    }
    Ok(())
}

fn baseline_outcome(sent: Result<pitwall_llm::ChatResponse, pitwall_llm::LlmError>) -> Outcome {
    match sent {
        Ok(response) => {
            let answered = response
                .choices
                .first()
                .and_then(|c| c.message.content.as_deref())
                == Some(ANSWER);
            Outcome {
                label: if answered {
                    "ok"
                } else {
                    "error:unexpected answer"
                }
                .into(),
                success: answered,
            }
        }
        Err(e) => Outcome {
            label: format!("error:{}", variant_name(&format!("{e:?}"))),
            success: false,
        },
    }
}

fn pipeline_outcome(kind: PhaseKind, asked: Result<AskResponse, pitwall_app::AppError>) -> Outcome {
    match asked {
        Ok(r) => {
            let label = match &r.reason {
                Some(reason) => format!("{}:{reason}", r.source),
                None => r.source.clone(),
            };
            // Local-only measures the pipeline's way to a fallback with the LLM switched off.
            let expected = match kind {
                PhaseKind::LocalOnly => "fallback:llm_disabled",
                _ => "llm",
            };
            Outcome {
                success: label == expected,
                label,
            }
        }
        Err(e) => Outcome {
            label: format!("error:{}", variant_name(&format!("{e:?}"))),
            success: false,
        },
    }
}

/// `Timeout(15s)` → `Timeout`: errors are counted by kind, not by message.
fn variant_name(debug: &str) -> &str {
    let end = debug
        .find(|c: char| !c.is_alphanumeric() && c != '_')
        .unwrap_or(debug.len());
    &debug[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_distinct_across_phases_and_indexes() {
        let mut seen = std::collections::HashSet::new();
        for phase in 0..5 {
            for i in 0..2_000 {
                assert!(seen.insert(question(phase, i)));
            }
        }
        assert!(question(3, 7).contains("3000007"));
        assert!(Question::parse(&question(9, 999_999)).is_ok());
    }

    #[test]
    fn error_kinds_drop_their_details() {
        assert_eq!(variant_name("Timeout(15s)"), "Timeout");
        assert_eq!(variant_name("QueueFull"), "QueueFull");
        assert_eq!(variant_name("Upstream_x { a: 1 }"), "Upstream_x");
    }
}
