//! `pitwall admin …`: the admin API's operations on the same database, for
//! an operator on the machine (no server or token needed). Every change is
//! audited with the actor `admin:cli`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Subcommand};
use pitwall_app::keys::KeyId;
use pitwall_app::{Actor, App, PlanName, Principal, UserChange};
use pitwall_config::{ExposeSecret, PlanLimits};
use serde::Serialize;
use uuid::Uuid;

/// `pitwall admin` and its options.
#[derive(Debug, Args)]
pub struct AdminArgs {
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: AdminCommand,
}

/// Admin subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Users: create, list, show, block, unblock, set-plan.
    #[command(subcommand)]
    Users(UsersCommand),
    /// API keys: create (shown once), list, revoke, rotate.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Plans: list, set (create or replace, stored).
    #[command(subcommand)]
    Plans(PlansCommand),
    /// LLM budgets: show spend against the caps, set or reset the global caps.
    #[command(subcommand)]
    Budgets(crate::admin_budgets::BudgetsCommand),
    /// Usage: `usage top --by cost|requests|llm --since 24h`, `usage daily --principal P`.
    #[command(subcommand)]
    Usage(crate::admin_usage::UsageCommand),
    /// Failed authentications, blocked keys and limit refusals per kind,
    /// principal, IP group and key.
    Security {
        /// Look-back: `7d`, `24h`, `30m`.
        #[arg(long, default_value = "7d")]
        since: String,
    },
    /// The audit log, newest first.
    Audit {
        /// Entries to show (1–100).
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Switch the LLM on or off (stored; survives restarts).
    Llm {
        /// `on` or `off`.
        state: String,
    },
}

/// `pitwall admin users …`.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create a user.
    Create {
        /// Display name.
        name: String,
        /// Plan (default free).
        #[arg(long, default_value = "free")]
        plan: String,
    },
    /// List users.
    List,
    /// Show one user.
    Show {
        /// User id.
        id: Uuid,
    },
    /// Block a user: their keys get 403 `blocked`.
    Block {
        /// User id.
        id: Uuid,
    },
    /// Unblock a user.
    Unblock {
        /// User id.
        id: Uuid,
    },
    /// Put a user on another plan (applies on their next request).
    SetPlan {
        /// User id.
        id: Uuid,
        /// Plan name.
        plan: String,
    },
}

/// `pitwall admin keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key for a user; the key is printed once.
    Create {
        /// User id.
        user_id: Uuid,
        /// Label.
        #[arg(long, default_value = "cli")]
        label: String,
        /// Give the key the admin role.
        #[arg(long)]
        admin: bool,
        /// Expiry (RFC 3339).
        #[arg(long)]
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// List a user's keys (never their secrets).
    List {
        /// User id.
        user_id: Uuid,
    },
    /// Revoke a key at once.
    Revoke {
        /// Public id.
        public_id: String,
    },
    /// Rotate a key: a new key now, the old one valid for the overlap.
    Rotate {
        /// Public id.
        public_id: String,
        /// Seconds the old key keeps working.
        #[arg(long, default_value_t = 3600)]
        overlap_secs: u32,
    },
}

/// `pitwall admin plans …`.
#[derive(Debug, Subcommand)]
pub enum PlansCommand {
    /// List plans and their limits.
    List,
    /// Create or replace a plan (all limits required).
    Set {
        /// Plan name.
        name: String,
        /// Requests per minute.
        #[arg(long)]
        requests_per_minute: u32,
        /// Requests per UTC day.
        #[arg(long)]
        requests_per_day: u32,
        /// LLM questions per UTC day.
        #[arg(long)]
        llm_questions_per_day: u32,
        /// LLM dollars per UTC day.
        #[arg(long)]
        llm_usd_per_day: f64,
        /// Requests in progress at once.
        #[arg(long)]
        max_concurrent: u32,
        /// History retention in days (0 = the server's setting).
        #[arg(long)]
        history_retention_days: u32,
    },
}

fn plan(name: &str) -> anyhow::Result<PlanName> {
    PlanName::parse(name).with_context(|| format!("not a plan name: {name:?}"))
}

fn key(id: &str) -> anyhow::Result<KeyId> {
    KeyId::parse(id).with_context(|| format!("not a key id: {id:?}"))
}

/// Prints `value` as JSON, or `text` of it.
pub(crate) fn show<T: Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    let out = if json {
        serde_json::to_string_pretty(value)?
    } else {
        text(value)
    };
    crate::commands::write_stdout(&out)
}

/// One line per item, for the text output.
pub(crate) fn lines<T>(items: &[T], line: impl Fn(&T) -> String) -> String {
    items.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// Runs one admin command against `app`.
pub async fn run(app: Arc<App>, args: AdminArgs) -> anyhow::Result<ExitCode> {
    let json = args.json;
    let actor = Actor {
        principal: Principal::cli_operator(),
        request_id: format!("cli-{}", Uuid::now_v7()),
    };
    let user_line = |u: &pitwall_store::UserRow| {
        format!(
            "{}  {}  plan={}  blocked={}",
            u.id, u.name, u.plan, u.blocked
        )
    };
    let key_line = |k: &pitwall_app::KeyInfo| {
        format!(
            "{}  {}  role={}  expires={}  revoked={}  last_used={}",
            k.public_id,
            k.label,
            k.role,
            k.expires_at.map_or("-".into(), |t| t.to_rfc3339()),
            k.revoked_at.map_or("-".into(), |t| t.to_rfc3339()),
            k.last_used_at.map_or("-".into(), |t| t.to_rfc3339())
        )
    };
    let created = |k: pitwall_app::CreatedKey| {
        serde_json::json!({
            "key": k.key.expose_secret(),
            "public_id": k.info.public_id,
            "label": k.info.label,
            "role": k.info.role,
            "expires_at": k.info.expires_at,
        })
    };
    let key_text = |v: &serde_json::Value| {
        format!(
            "{}\n(shown once: store it now)",
            v["key"].as_str().unwrap_or_default()
        )
    };
    match args.command {
        AdminCommand::Users(cmd) => match cmd {
            UsersCommand::Create { name, plan: p } => {
                let user = app.create_user(&actor, &name, &plan(&p)?).await?;
                show(json, &user, |u| user_line(u))?;
            }
            UsersCommand::List => {
                let users = app.users().await?;
                show(json, &users, |us| lines(us, |u| user_line(u)))?;
            }
            UsersCommand::Show { id } => show(json, &app.user(id).await?, |u| user_line(u))?,
            UsersCommand::Block { id } | UsersCommand::Unblock { id } => {
                let blocked = matches!(cmd, UsersCommand::Block { .. });
                let change = UserChange {
                    blocked: Some(blocked),
                    ..UserChange::default()
                };
                show(json, &app.change_user(&actor, id, change).await?, |u| {
                    user_line(u)
                })?;
            }
            UsersCommand::SetPlan { id, plan: p } => {
                let change = UserChange {
                    plan: Some(plan(&p)?),
                    ..UserChange::default()
                };
                show(json, &app.change_user(&actor, id, change).await?, |u| {
                    user_line(u)
                })?;
            }
        },
        AdminCommand::Keys(cmd) => match cmd {
            KeysCommand::Create {
                user_id,
                label,
                admin,
                expires_at,
            } => {
                let k = app
                    .create_key(&actor, user_id, &label, expires_at, admin)
                    .await?;
                show(json, &created(k), key_text)?;
            }
            KeysCommand::List { user_id } => {
                let keys = app.keys(user_id).await?;
                show(json, &keys, |ks| lines(ks, |k| key_line(k)))?;
            }
            KeysCommand::Revoke { public_id } => {
                app.revoke_key(&actor, &key(&public_id)?).await?;
                show(json, &serde_json::json!({"revoked": public_id}), |_| {
                    format!("revoked {public_id}")
                })?;
            }
            KeysCommand::Rotate {
                public_id,
                overlap_secs,
            } => {
                let overlap = chrono::Duration::seconds(i64::from(overlap_secs));
                let k = app.rotate_key(&actor, &key(&public_id)?, overlap).await?;
                show(json, &created(k), key_text)?;
            }
        },
        AdminCommand::Plans(PlansCommand::List) => {
            let plans = app.plans().await?;
            show(json, &plans, |ps| {
                lines(ps, |p| {
                    format!(
                        "{}  {}",
                        p.name,
                        serde_json::to_string(&p.limits).unwrap_or_default()
                    )
                })
            })?;
        }
        AdminCommand::Plans(PlansCommand::Set {
            name,
            requests_per_minute,
            requests_per_day,
            llm_questions_per_day,
            llm_usd_per_day,
            max_concurrent,
            history_retention_days,
        }) => {
            let limits = PlanLimits {
                requests_per_minute,
                requests_per_day,
                llm_questions_per_day,
                llm_usd_per_day,
                max_concurrent,
                history_retention_days,
            };
            let p = app.set_plan(&actor, &plan(&name)?, limits).await?;
            show(json, &p, |p| {
                format!(
                    "{}  {}",
                    p.name,
                    serde_json::to_string(&p.limits).unwrap_or_default()
                )
            })?;
        }
        AdminCommand::Budgets(cmd) => crate::admin_budgets::run(&app, &actor, json, cmd).await?,
        AdminCommand::Usage(cmd) => crate::admin_usage::run(&app, json, cmd).await?,
        AdminCommand::Security { since } => {
            crate::admin_usage::security(&app, json, &since).await?
        }
        AdminCommand::Audit { limit } => {
            let rows = app.audit_log(limit, None).await?;
            show(json, &rows, |rs| {
                lines(rs, |r| {
                    format!(
                        "{}  {}  {}  {}  {}",
                        r.at.to_rfc3339(),
                        r.actor,
                        r.action,
                        r.target,
                        r.request_id
                    )
                })
            })?;
        }
        AdminCommand::Llm { state } => {
            let enabled = match state.as_str() {
                "on" => true,
                "off" => false,
                other => anyhow::bail!("expected on or off, got {other:?}"),
            };
            app.set_llm_enabled(&actor, enabled).await?;
            show(json, &serde_json::json!({"enabled": enabled}), |_| {
                format!("LLM {state}")
            })?;
        }
    }
    app.shutdown().await;
    Ok(ExitCode::SUCCESS)
}
