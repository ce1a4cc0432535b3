//! The daily check's sections: errors, usage, costs, performance, alerts
//! and backups.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use pitwall_store::{AlertRow, RollupRow, RollupSeries};
use serde::Serialize;

use super::figures::{counts_by, latency_by, of, Latency};
use pitwall_budget::BudgetScope;

use crate::rollup::OTHER;
use crate::BudgetsView;

/// A label and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// What was counted.
    pub label: String,
    /// How many.
    pub count: u64,
}

fn counts(v: Vec<(String, u64)>) -> Vec<Count> {
    v.into_iter()
        .map(|(label, count)| Count { label, count })
        .collect()
}

/// Errors by class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Errors {
    /// HTTP requests answered.
    pub requests: u64,
    /// Of them, 4xx.
    pub client_errors: u64,
    /// Of them, 5xx.
    pub server_errors: u64,
    /// `server_errors / requests` (0 without requests).
    pub server_error_rate: f64,
    /// 4xx and 5xx by status class and route (`5xx POST /v1/ask`).
    pub by_class_and_route: Vec<Count>,
    /// Fallback answers by reason (the LLM down, over budget, off, ...).
    pub fallbacks: Vec<Count>,
}

/// Errors by class from the http and answer rows.
pub fn errors(rows: &[RollupRow]) -> Errors {
    let requests: u64 = of(rows, RollupSeries::Http).map(|r| r.count).sum();
    let class = |c: &str| -> u64 {
        of(rows, RollupSeries::Http)
            .filter(|r| r.b == c)
            .map(|r| r.count)
            .sum()
    };
    let server_errors = class("5xx");
    let failed: Vec<RollupRow> = of(rows, RollupSeries::Http)
        .filter(|r| r.b == "4xx" || r.b == "5xx")
        .cloned()
        .collect();
    Errors {
        requests,
        client_errors: class("4xx"),
        server_errors,
        server_error_rate: if requests == 0 {
            0.0
        } else {
            server_errors as f64 / requests as f64
        },
        by_class_and_route: counts(counts_by(&failed, RollupSeries::Http, |r| {
            format!("{} {}", r.b, r.a)
        })),
        fallbacks: counts(counts_by(
            &of(rows, RollupSeries::Answer)
                .filter(|r| r.a == "fallback")
                .cloned()
                .collect::<Vec<_>>(),
            RollupSeries::Answer,
            |r| r.c.clone(),
        )),
    }
}

/// API usage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Usage {
    /// HTTP requests.
    pub requests: u64,
    /// Questions answered.
    pub answers: u64,
    /// Answers by source: local, cache, llm, fallback.
    pub by_source: Vec<Count>,
    /// Answers by plan.
    pub by_plan: Vec<Count>,
    /// Answers by plan and source (`free/llm`).
    pub by_plan_and_source: Vec<Count>,
    /// Distinct principals (users, IP groups, admin keys) who asked, not
    /// counting those folded away (see `folded_questions`).
    pub unique_principals: usize,
    /// Questions of principals beyond the roll-ups' per-minute cap of
    /// distinct principals (a flood of IP groups), summed as `(other)`.
    pub folded_questions: u64,
    /// Requests by route (method and template).
    pub by_route: Vec<Count>,
    /// Answers per UTC hour by source, oldest first (hours with answers).
    pub answers_per_hour: Vec<HourSources>,
}

/// One hour's answers by source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HourSources {
    /// The start of the hour.
    pub hour: DateTime<Utc>,
    /// Answers by source.
    pub by_source: BTreeMap<String, u64>,
}

fn per_hour(rows: &[RollupRow]) -> Vec<HourSources> {
    let mut by: BTreeMap<i64, BTreeMap<String, u64>> = BTreeMap::new();
    for r in of(rows, RollupSeries::Answer) {
        let hour = r.minute.timestamp().div_euclid(3600) * 3600;
        *by.entry(hour).or_default().entry(r.a.clone()).or_default() += r.count;
    }
    by.into_iter()
        .filter_map(|(h, by_source)| {
            Some(HourSources {
                hour: DateTime::from_timestamp(h, 0)?,
                by_source,
            })
        })
        .collect()
}

/// Usage from the http, answer and principal rows.
pub fn usage(rows: &[RollupRow]) -> Usage {
    let principals: BTreeSet<&str> = of(rows, RollupSeries::Principal)
        .filter(|r| r.count > 0 && r.a != OTHER)
        .map(|r| r.a.as_str())
        .collect();
    Usage {
        requests: of(rows, RollupSeries::Http).map(|r| r.count).sum(),
        answers: of(rows, RollupSeries::Answer).map(|r| r.count).sum(),
        by_source: counts(counts_by(rows, RollupSeries::Answer, |r| r.a.clone())),
        by_plan: counts(counts_by(rows, RollupSeries::Answer, |r| r.b.clone())),
        by_plan_and_source: counts(counts_by(rows, RollupSeries::Answer, |r| {
            format!("{}/{}", r.b, r.a)
        })),
        unique_principals: principals.len(),
        folded_questions: of(rows, RollupSeries::Principal)
            .filter(|r| r.a == OTHER)
            .map(|r| r.count)
            .sum(),
        by_route: counts(counts_by(rows, RollupSeries::Http, |r| r.a.clone())),
        answers_per_hour: per_hour(rows),
    }
}

/// One budget against its spend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetLine {
    /// `global_daily`, `global_monthly`, `user_daily` (any one principal
    /// per day) or `plan:<name>` (one principal on that plan per day).
    pub scope: String,
    /// The cap (micro-dollars), `None` when uncapped.
    pub cap_micros: Option<i64>,
    /// Spent against it: the current day or month for the global caps (as
    /// enforced now); for `user_daily` and a plan, the most one principal
    /// spent on one UTC day of the period.
    pub spent_micros: i64,
    /// `spent / cap` in percent, when capped.
    pub percent: Option<f64>,
}

/// One principal's spend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spender {
    /// The principal id.
    pub principal: String,
    /// Its plan.
    pub plan: String,
    /// LLM cost in the period (micro-dollars).
    pub cost_micros: i64,
    /// Questions asked in the period.
    pub questions: u64,
}

/// Costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Costs {
    /// LLM cost billed in the period (micro-dollars).
    pub spent_micros: i64,
    /// Every budget against its spend.
    pub budgets: Vec<BudgetLine>,
    /// The ten principals who cost the most (then asked the most).
    pub top_spenders: Vec<Spender>,
    /// Cost of principals folded into `(other)` (in `spent_micros`, never
    /// ranked: it sums many principals).
    pub folded_cost_micros: i64,
}

/// Costs from the principal rows and the budgets in force.
pub fn costs(rows: &[RollupRow], budgets: &BudgetsView) -> Costs {
    // By principal; rows come oldest first, so the plan is the latest one.
    let mut by: BTreeMap<&str, Spender> = BTreeMap::new();
    let mut folded_cost_micros = 0i64;
    for r in of(rows, RollupSeries::Principal) {
        if r.a == OTHER {
            folded_cost_micros = folded_cost_micros.saturating_add(r.cost_micros);
            continue;
        }
        let e = by.entry(r.a.as_str()).or_insert_with(|| Spender {
            principal: r.a.clone(),
            plan: String::new(),
            cost_micros: 0,
            questions: 0,
        });
        e.plan.clone_from(&r.b);
        e.cost_micros = e.cost_micros.saturating_add(r.cost_micros);
        e.questions += r.count;
    }
    let mut spenders: Vec<Spender> = by.into_values().collect();
    spenders.sort_by(|x, y| {
        (y.cost_micros, y.questions, &x.principal).cmp(&(x.cost_micros, x.questions, &y.principal))
    });
    let line = |scope: String, cap: Option<i64>, spent: i64| BudgetLine {
        scope,
        cap_micros: cap,
        spent_micros: spent,
        percent: cap
            .filter(|c| *c > 0)
            .map(|c| spent as f64 * 100.0 / c as f64),
    };
    let mut lines: Vec<BudgetLine> = budgets
        .global
        .iter()
        .map(|b| {
            let scope = match &b.scope {
                BudgetScope::GlobalDaily => "global_daily".to_string(),
                BudgetScope::GlobalMonthly => "global_monthly".to_string(),
                BudgetScope::UserDaily(who) => format!("user_daily:{who}"),
            };
            line(scope, b.cap.map(|c| c.0), b.spent.0)
        })
        .collect();
    // Per-principal caps are daily: compare each principal's spend on one
    // UTC day (a weekly report's week would overstate it).
    let mut per_day: BTreeMap<(&str, &str, i64), i64> = BTreeMap::new();
    for r in of(rows, RollupSeries::Principal).filter(|r| r.a != OTHER) {
        let day = r.minute.timestamp().div_euclid(86_400);
        let e = per_day
            .entry((r.a.as_str(), r.b.as_str(), day))
            .or_default();
        *e = e.saturating_add(r.cost_micros);
    }
    let biggest = |plan: Option<&str>| {
        per_day
            .iter()
            .filter(|((_, p, _), _)| plan.is_none_or(|want| *p == want))
            .map(|(_, cost)| *cost)
            .max()
            .unwrap_or(0)
    };
    let per_principal = pitwall_budget::Micros::from_dollars(budgets.caps.user_daily_usd).0;
    lines.push(line(
        "user_daily".into(),
        Some(per_principal),
        biggest(None),
    ));
    for plan in &budgets.plans {
        let biggest = biggest(Some(&plan.plan));
        let cap = pitwall_budget::Micros::from_dollars(plan.llm_usd_per_day).0;
        lines.push(line(format!("plan:{}", plan.plan), Some(cap), biggest));
    }
    Costs {
        spent_micros: spenders
            .iter()
            .map(|s| s.cost_micros)
            .sum::<i64>()
            .saturating_add(folded_cost_micros),
        folded_cost_micros,
        budgets: lines,
        top_spenders: spenders.into_iter().take(10).collect(),
    }
}

/// Latency percentiles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Performance {
    /// By route (method and template), from the http rows.
    pub by_route: Vec<Labelled>,
    /// By answer source, from the answer rows (time in the pipeline).
    pub by_source: Vec<Labelled>,
}

/// A label's latency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Labelled {
    /// Route or source.
    pub label: String,
    /// Its percentiles.
    #[serde(flatten)]
    pub latency: Latency,
}

/// Performance from the stored buckets (not the process's memory).
pub fn performance(rows: &[RollupRow]) -> Performance {
    let labelled = |v: Vec<(String, Latency)>| {
        v.into_iter()
            .map(|(label, latency)| Labelled { label, latency })
            .collect()
    };
    Performance {
        by_route: labelled(latency_by(rows, RollupSeries::Http, |r| r.a.clone())),
        by_source: labelled(latency_by(rows, RollupSeries::Answer, |r| r.a.clone())),
    }
}

/// Alerts of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alerts {
    /// Raised in the period, newest first.
    pub fired: Vec<AlertRow>,
    /// Cleared in the period, newest first.
    pub resolved: Vec<AlertRow>,
    /// Still firing when the report was built (counted up to 500).
    pub firing_now: usize,
}

/// Alerts fired or resolved in `[from, to)`, out of `all` (the period's);
/// `firing_now` as counted by the store.
pub fn alerts(
    all: &[AlertRow],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    firing_now: usize,
) -> Alerts {
    let within = |t: DateTime<Utc>| t >= from && t < to;
    Alerts {
        fired: all.iter().filter(|a| within(a.at)).cloned().collect(),
        resolved: all
            .iter()
            .filter(|a| a.resolved_at.is_some_and(within))
            .cloned()
            .collect(),
        firing_now,
    }
}

/// Backup status (see `crate::backup::report_section`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backups {
    /// `not_configured`, `none` (configured, none taken yet), `ok`,
    /// `failed` (the last attempt failed) or `stale` (the newest is older
    /// than two intervals).
    pub status: String,
    /// What that means, in a sentence.
    pub detail: String,
    /// When the newest backup was taken.
    pub last_backup_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Its age in seconds at the end of the report's period.
    pub age_secs: Option<i64>,
    /// The last attempt's outcome: `ok` or `failed`.
    pub last_result: Option<String>,
    /// Backups kept in the directory.
    pub files: usize,
}

impl Backups {
    /// Scheduled backups are off (`PITWALL_BACKUP_DIR` unset).
    pub fn not_configured() -> Self {
        Self {
            status: "not_configured".into(),
            detail: "PITWALL_BACKUP_DIR is not set: serve takes no backups (docs/backups.md)"
                .into(),
            last_backup_at: None,
            age_secs: None,
            last_result: None,
            files: 0,
        }
    }
}
