//! `pitwall admin usage …`: who asks and spends most (`top`) and one
//! principal's usage per UTC day (`daily`); `pitwall admin security`: who
//! fails authentication or hits limits. From the server's database.

use anyhow::Context;
use clap::Subcommand;
use pitwall_app::{App, PrincipalId};

use crate::admin::{lines, show};

/// `pitwall admin usage …`.
#[derive(Debug, Subcommand)]
pub enum UsageCommand {
    /// Who asked and spent most: questions, LLM calls and cost per principal.
    Top {
        /// `cost`, `requests` or `llm`.
        #[arg(long, default_value = "cost")]
        by: String,
        /// Look-back: `24h`, `7d`, `30m`.
        #[arg(long, default_value = "24h")]
        since: String,
        /// Rows (1–100).
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// One principal's questions, LLM calls and cost per UTC day.
    Daily {
        /// `user:<id>` (or the bare user id), `ip:<group>`, `admin:bootstrap`.
        #[arg(long)]
        principal: String,
        /// Days back, today included (1–400).
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
}

fn usd(micros: i64) -> f64 {
    micros as f64 / 1e6
}

/// Runs one usage command.
pub async fn run(app: &App, json: bool, cmd: UsageCommand) -> anyhow::Result<()> {
    match cmd {
        UsageCommand::Top { by, since, limit } => {
            let order = match by.as_str() {
                "cost" => pitwall_store::UsageOrder::Cost,
                "requests" => pitwall_store::UsageOrder::Requests,
                "llm" => pitwall_store::UsageOrder::Llm,
                other => anyhow::bail!("--by must be cost, requests or llm, got {other:?}"),
            };
            let since = pitwall_app::parse_since(&since)
                .with_context(|| format!("--since must look like 24h, 7d or 30m, got {since:?}"))?;
            let rows = app.usage_top(since, order, limit).await?;
            show(json, &rows, |rs| {
                lines(rs, |r| {
                    format!(
                        "{}  {}  requests={}  llm={}  cost_usd={:.6}",
                        r.principal,
                        r.name.as_deref().unwrap_or("-"),
                        r.requests,
                        r.llm_calls,
                        usd(r.cost_micros)
                    )
                })
            })
        }
        UsageCommand::Daily { principal, days } => {
            let id = PrincipalId::from_operator(&principal).with_context(|| {
                format!("--principal must be user:<id>, a user id or ip:<group>, got {principal:?}")
            })?;
            let rows = app.usage_daily(&id, days).await?;
            show(json, &rows, |rs| {
                lines(rs, |r| {
                    format!(
                        "{}  requests={}  llm={}  cost_usd={:.6}",
                        r.day,
                        r.requests,
                        r.llm_calls,
                        usd(r.cost_micros)
                    )
                })
            })
        }
    }
}

/// `pitwall admin security --since 7d`.
pub async fn security(app: &App, json: bool, since: &str) -> anyhow::Result<()> {
    let look_back = pitwall_app::parse_since(since)
        .with_context(|| format!("--since must look like 7d, 24h or 30m, got {since:?}"))?;
    let rows = app.security_summary(look_back).await?;
    show(json, &rows, |rs| {
        lines(rs, |r| {
            format!(
                "{}  {}  ip={}  key={}  events={}  last={}",
                r.kind,
                r.principal,
                r.ip_group,
                r.key_id.as_deref().unwrap_or("-"),
                r.events,
                r.last_at.to_rfc3339()
            )
        })
    })
}
