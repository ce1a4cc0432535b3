//! Two drivers or two constructors: head-to-head (race finishing order or
//! qualifying, a season or all shared races) and comparisons on a stat.

use serde_json::{json, Value};

use super::ctx::{cell, DRIVER_NAME};
use super::stats::{stat_sql, StatQuery};
use super::{Ctx, Stat};
use crate::{EngineError, Outcome};

/// Claims questions naming two drivers or two constructors.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !r.locs.is_empty() || r.parsed.years.len() > 1 {
        return Ok(None);
    }
    if r.drivers.len() == 2 && r.constructors.is_empty() {
        let ids = [r.drivers[0].entity.id, r.drivers[1].entity.id];
        let conf = ctx.confidence(2, 0, 0);
        if ctx.any(&[
            "qualifying",
            "qualified",
            "outqualified",
            "outqualify",
            "outqualifies",
            "out qualified",
            "out qualify",
            "qualify",
            "quali",
            "qualy",
            "qualifier",
            "saturday",
        ]) {
            return head_to_head(ctx, ids, true, conf);
        }
        if ctx.any(&[
            "ahead",
            "beat",
            "beaten",
            "head to head",
            "h2h",
            "outfinished",
            "in front",
            "finished higher",
            "finish higher",
        ]) {
            return head_to_head(ctx, ids, false, conf);
        }
        let stat = ctx.stat();
        if ctx.year().is_some() && stat == Some(Stat::Points) && !ctx.peek_any(&["sprint"]) {
            return season_points(ctx, ids, conf);
        }
        return match stat {
            Some(s) => compare(ctx, s, &ids, false, conf),
            None => head_to_head(ctx, ids, false, conf * 0.9),
        };
    }
    if r.constructors.len() == 2 && r.drivers.is_empty() {
        let ids = [r.constructors[0].entity.id, r.constructors[1].entity.id];
        let conf = ctx.confidence(0, 2, 0);
        return match ctx.stat() {
            Some(s) => compare(ctx, s, &ids, true, conf),
            None => Ok(None),
        };
    }
    Ok(None)
}

fn head_to_head(
    ctx: &Ctx,
    ids: [i64; 2],
    qualifying: bool,
    conf: f32,
) -> Result<Option<Outcome>, EngineError> {
    let (table, col) = if qualifying {
        ("qualifying", "position")
    } else {
        ("results", "positionOrder")
    };
    let year = ctx.year();
    let year_cond = if year.is_some() {
        " AND ra.year = ?"
    } else {
        ""
    };
    let sql = format!(
        "SELECT SUM(a.{col} < b.{col}) AS first_ahead, SUM(b.{col} < a.{col}) AS second_ahead, COUNT(*) AS races \
         FROM {table} a JOIN {table} b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId \
         WHERE a.driverId = ? AND b.driverId = ?{year_cond}"
    );
    let mut params: Vec<Value> = vec![json!(ids[0]), json!(ids[1])];
    if let Some(y) = year {
        params.push(json!(y));
    }
    let (a, b) = (ctx.idx.driver_name(ids[0]), ctx.idx.driver_name(ids[1]));
    let what = if qualifying {
        "qualifying"
    } else {
        "race finishing"
    };
    let when = year.map_or_else(
        || "in the races they both entered".to_string(),
        |y| format!("in {y}"),
    );
    let shared = if qualifying {
        "Shared sessions"
    } else {
        "Shared races"
    };
    let labels = [
        ("first_ahead", format!("{a} ahead")),
        ("second_ahead", format!("{b} ahead")),
        ("races", shared.to_string()),
    ];
    let outcome = ctx.answer("head_to_head", &sql, params, conf, |t| {
        if cell(t, 0, 2) == "0" || cell(t, 0, 0) == "-" {
            return None;
        }
        Some(format!(
            "{what} head-to-head {when}: {a} ahead {} times, {b} ahead {} times ({} shared sessions).",
            cell(t, 0, 0),
            cell(t, 0, 1),
            cell(t, 0, 2)
        )
        .replacen(what, &capitalise(what), 1))
    })?;
    Ok(outcome.map(|o| crate::present::relabel(o, &labels)))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn season_points(ctx: &Ctx, ids: [i64; 2], conf: f32) -> Result<Option<Outcome>, EngineError> {
    let Some(year) = ctx.year() else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, ds.points, ds.position FROM driver_standings ds JOIN drivers d ON d.driverId = ds.driverId \
         WHERE ds.raceId = (SELECT ra.raceId FROM races ra WHERE ra.year = ? AND ra.raceId IN (SELECT raceId FROM driver_standings) \
         ORDER BY ra.round DESC LIMIT 1) AND ds.driverId IN (?, ?) ORDER BY ds.points DESC"
    );
    let params = vec![json!(year), json!(ids[0]), json!(ids[1])];
    ctx.answer("head_to_head", &sql, params, conf, |t| {
        if t.rows.len() != 2 {
            return None;
        }
        let verdict = if cell(t, 0, 1) == cell(t, 1, 1) { "They finished level".to_string() } else { format!("{} scored more", cell(t, 0, 0)) };
        Some(format!(
            "In the {year} championship {} scored {} points (P{}) and {} scored {} (P{}). {verdict}.",
            cell(t, 0, 0), cell(t, 0, 1), cell(t, 0, 2), cell(t, 1, 0), cell(t, 1, 1), cell(t, 1, 2)
        ))
    })
}

/// Compares a stat (career, or one season) for two drivers or teams.
pub(crate) fn compare(
    ctx: &Ctx,
    stat: Stat,
    ids: &[i64],
    teams: bool,
    conf: f32,
) -> Result<Option<Outcome>, EngineError> {
    let year = ctx.year().filter(|_| stat != Stat::Titles);
    let sql = stat_sql(
        stat,
        &StatQuery {
            teams,
            ids: ids.len(),
            year: year.is_some(),
            per_season: false,
        },
    );
    let mut params: Vec<Value> = Vec::new();
    if stat == Stat::Titles {
        params.push(json!(ctx.idx.last_complete_season));
    }
    params.extend(ids.iter().map(|i| json!(i)));
    if let Some(y) = year {
        params.push(json!(y));
    }
    let names: Vec<String> = ids
        .iter()
        .map(|i| {
            if teams {
                ctx.idx.constructor_name(*i)
            } else {
                ctx.idx.driver_name(*i)
            }
        })
        .collect();
    let scope = year.map_or_else(String::new, |y| format!(" in {y}"));
    ctx.answer("compare", &sql, params, conf, |t| {
        let value_of = |n: &str| {
            (0..t.rows.len())
                .find(|i| cell(t, *i, 0) == n)
                .map_or_else(|| "0".to_string(), |i| cell(t, i, 1))
        };
        let parts: Vec<String> = names
            .iter()
            .map(|n| format!("{n} {}", value_of(n)))
            .collect();
        let (va, vb) = (value_of(&names[0]), value_of(&names[1]));
        let (fa, fb) = (
            va.parse::<f64>().unwrap_or(0.0),
            vb.parse::<f64>().unwrap_or(0.0),
        );
        let verdict = if fa == fb {
            "They are level".to_string()
        } else if fa > fb {
            format!("{} has more", names[0])
        } else {
            format!("{} has more", names[1])
        };
        Some(format!(
            "{}{scope}: {}. {verdict}.",
            capitalise(stat.words()),
            parts.join(" vs ")
        ))
    })
}
