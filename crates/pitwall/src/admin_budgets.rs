//! `pitwall admin budgets …`: the global LLM caps against their spend, and
//! changing or resetting them (stored in the server's database).
//!
//! A running server reads stored caps when it starts: a change made here
//! reaches it at its next restart, while `PUT /v1/admin/budgets` applies at
//! once. Both are audited.

use clap::Subcommand;
use pitwall_app::{Actor, App, BudgetCapsUsd, BudgetsView};

use crate::admin::{lines, show};

/// `pitwall admin budgets …`.
#[derive(Debug, Subcommand)]
pub enum BudgetsCommand {
    /// Every budget: the caps in force and their source, spend today and
    /// this month, each plan's allowance.
    Show,
    /// Replace the global caps (all three required).
    Set {
        /// All LLM spending per UTC day, in dollars.
        #[arg(long)]
        daily_usd: f64,
        /// All LLM spending per UTC month, in dollars.
        #[arg(long)]
        monthly_usd: f64,
        /// Each principal's LLM spending per UTC day, in dollars.
        #[arg(long)]
        user_daily_usd: f64,
    },
    /// Forget the stored caps: the configured ones apply again.
    Reset,
}

fn text(view: &BudgetsView) -> String {
    let c = view.caps;
    let mut out = vec![format!(
        "caps ({:?}): ${}/day, ${}/month, ${}/principal/day",
        view.source, c.daily_usd, c.monthly_usd, c.user_daily_usd
    )];
    out.push(lines(&view.global, |b| {
        format!(
            "{}  spent {}  reserved {}  cap {}",
            b.period,
            b.spent,
            b.reserved,
            b.cap.map_or("none".into(), |c| c.to_string())
        )
    }));
    out.push(lines(&view.plans, |p| {
        format!(
            "plan {}: ${}/day, {} LLM questions/day",
            p.plan, p.llm_usd_per_day, p.llm_questions_per_day
        )
    }));
    out.join("\n")
}

/// Runs one `budgets` subcommand.
pub async fn run(app: &App, actor: &Actor, json: bool, cmd: BudgetsCommand) -> anyhow::Result<()> {
    let view = match cmd {
        BudgetsCommand::Show => app.budgets().await?,
        BudgetsCommand::Set {
            daily_usd,
            monthly_usd,
            user_daily_usd,
        } => {
            let caps = BudgetCapsUsd {
                daily_usd,
                monthly_usd,
                user_daily_usd,
            };
            app.set_budget_caps(actor, caps).await?
        }
        BudgetsCommand::Reset => app.reset_budget_caps(actor).await?,
    };
    show(json, &view, text)
}
