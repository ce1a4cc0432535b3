//! All-time leaders, season leaders, single-season records and
//! youngest/oldest winner, pole sitter, podium finisher, starter, champion.

use serde_json::{json, Value};

use super::ctx::{cell, join_and, DRIVER_NAME};
use super::stats::{finals_cte, stat_sql, StatQuery};
use super::{Ctx, Stat};
use crate::{EngineError, Outcome};

const MOST: &[&str] = &[
    "most",
    "record",
    "all time",
    "alltime",
    "leader",
    "leaders",
    "leads",
    "top",
    "highest",
    "greatest number",
    "more than anyone",
    "ranking",
];
const IN_A_SEASON: &[&str] = &[
    "in a season",
    "in one season",
    "single season",
    "in a single season",
    "one season",
    "in a year",
    "same season",
    "in a single year",
    "in one year",
    "season record",
];

/// Names every row tied with the first on column 1.
fn leaders_sentence(t: &pitwall_f1data::Table, n: usize) -> Vec<String> {
    let top = cell(t, 0, 1);
    let tied: Vec<String> = (0..t.rows.len())
        .filter(|i| cell(t, *i, 1) == top)
        .map(|i| cell(t, i, 0))
        .collect();
    if n <= 1 || n <= tied.len() {
        tied
    } else {
        (0..t.rows.len().min(n))
            .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
            .collect()
    }
}

/// All-time leaders (no driver, team, place or season named).
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !r.drivers.is_empty()
        || !r.constructors.is_empty()
        || !r.locs.is_empty()
        || !r.parsed.years.is_empty()
    {
        return Ok(None);
    }
    if !ctx.any(MOST) {
        return Ok(None);
    }
    let Some(stat) = ctx.stat() else {
        return Ok(None);
    };
    if stat == Stat::Dnfs && !ctx.peek_any(&["most"]) {
        return Ok(None);
    }
    let teams = ctx.about_teams();
    let n = ctx
        .top_n()
        .filter(|n| *n > 1 && !ctx.peek_any(&["podium"]) && !ctx.peek_any(&["podiums"]))
        .unwrap_or(1);
    let mut sql = stat_sql(
        stat,
        &StatQuery {
            teams,
            ids: 0,
            year: false,
            per_season: false,
        },
    );
    sql.push_str(" LIMIT ?");
    let mut params: Vec<Value> = Vec::new();
    if stat == Stat::Titles {
        params.push(json!(ctx.idx.last_complete_season));
    }
    params.push(json!(n.max(5)));
    let scope = if stat == Stat::Titles {
        format!("seasons up to {}", ctx.idx.last_complete_season)
    } else {
        format!("data to {} round {}", ctx.idx.last_year, ctx.idx.last_round)
    };
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("all_time_leaders", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let names = leaders_sentence(t, n as usize);
        Some(if n > 1 {
            format!(
                "All-time top {n} in {}: {} ({scope}).",
                stat.words(),
                join_and(&names)
            )
        } else {
            format!(
                "{} {} the most {} in F1 history: {} ({scope}).",
                join_and(&names),
                if names.len() > 1 { "share" } else { "has" },
                stat.words(),
                cell(t, 0, 1)
            )
        })
    })
}

/// Single-season records, a season's leader, youngest/oldest.
pub(crate) fn route_records(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !r.drivers.is_empty() || !r.constructors.is_empty() || !r.locs.is_empty() {
        return Ok(None);
    }
    if ctx.any(&["youngest", "oldest"]) {
        return age_record(ctx);
    }
    let season_leader = r.parsed.years.len() == 1 && ctx.any(&["most", "more than anyone"]);
    if !(ctx.any(IN_A_SEASON) || season_leader) || !ctx.any(MOST) {
        return Ok(None);
    }
    let Some(stat) = ctx.stat() else {
        return Ok(None);
    };
    if stat == Stat::Titles {
        return Ok(None);
    }
    let teams = ctx.about_teams();
    let year = ctx.year();
    let sql = stat_sql(
        stat,
        &StatQuery {
            teams,
            ids: 0,
            year: year.is_some(),
            per_season: year.is_none(),
        },
    ) + " LIMIT 5";
    let params: Vec<Value> = year.map(|y| vec![json!(y)]).unwrap_or_default();
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("season_records", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        Some(match year {
            Some(y) => {
                let names = leaders_sentence(t, 1);
                format!(
                    "{} had the most {} in {y}: {}.",
                    join_and(&names),
                    stat.words(),
                    cell(t, 0, 1)
                )
            }
            None => {
                let top = cell(t, 0, 2);
                let tied: Vec<String> = (0..t.rows.len())
                    .filter(|i| cell(t, *i, 2) == top)
                    .map(|i| format!("{} in {}", cell(t, i, 0), cell(t, i, 1)))
                    .collect();
                format!(
                    "The record for most {} in a season is {top}, by {}.",
                    stat.words(),
                    join_and(&tied)
                )
            }
        })
    })
}

fn age_record(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let oldest = ctx.has("oldest");
    let order = if oldest { " DESC" } else { "" };
    let age = "julianday(ra.date) - julianday(d.dob)";
    let cols = format!(
        "{DRIVER_NAME} AS driver, ra.year, ra.name AS race, CAST(({age}) / 365.25 AS INTEGER) AS age_years, CAST({age} AS INTEGER) AS age_days"
    );
    let (sql, params, what) = if ctx.any(&["champion", "champions", "title", "championship"]) {
        let sql = format!(
            "{}SELECT {cols} FROM driver_standings r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId \
             WHERE r.raceId IN (SELECT raceId FROM finals) AND r.position = 1 ORDER BY {age}{order} LIMIT 1",
            finals_cte("driver_standings")
        );
        (
            sql,
            vec![json!(ctx.idx.last_complete_season)],
            "world champion (age at the season's last race)",
        )
    } else {
        let (cond, what) = match ctx.stat() {
            Some(Stat::Poles) => ("r.grid = 1", "pole sitter"),
            Some(Stat::Podiums) => ("r.position <= 3", "podium finisher"),
            Some(Stat::Points) => ("r.points > 0", "points scorer"),
            Some(Stat::FastestLaps) => ("r.rank = 1", "fastest-lap setter"),
            Some(Stat::Wins) => ("r.position = 1", "race winner"),
            _ => ("r.positionText NOT IN ('F', 'W')", "race starter"),
        };
        // Only each driver's first (or last) such race can hold the record,
        // so rank ~900 candidates instead of every result row.
        let pick = if oldest { "MAX" } else { "MIN" };
        let sql = format!(
            "WITH candidates AS (SELECT r.driverId, {pick}(ra.date) AS date FROM results r JOIN races ra ON ra.raceId = r.raceId \
             WHERE {cond} GROUP BY +r.driverId) SELECT {cols} FROM candidates f JOIN drivers d ON d.driverId = f.driverId \
             JOIN races ra ON ra.date = f.date WHERE d.dob IS NOT NULL ORDER BY {age}{order} LIMIT 1"
        );
        (sql, Vec::new(), what)
    };
    let which = if oldest { "oldest" } else { "youngest" };
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("records", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let days: f64 = cell(t, 0, 4).parse().unwrap_or(0.0);
        let years = (days / 365.25).floor();
        let rem = (days - (years * 365.25).floor()).max(0.0);
        Some(format!(
            "The {which} {what} is {}, aged {} years and {} days at the {} {}.",
            cell(t, 0, 0),
            cell(t, 0, 3),
            rem as i64,
            cell(t, 0, 1),
            cell(t, 0, 2)
        ))
    })
}
