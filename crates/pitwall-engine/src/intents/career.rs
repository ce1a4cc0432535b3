//! One driver or one constructor: the teams a driver drove for, or the
//! drivers a team ran. Career and season counts and first/last times are
//! typed queries (`typed.rs`: parse → query → compile → phrase); this route
//! once answered them too, in parallel, and was removed from them when no
//! question in any set in the repo reached it any more.

use serde_json::{json, Value};

use super::ctx::{cell, join_and, DRIVER_NAME};
use super::stats::finals_cte;
use super::Ctx;
use crate::{EngineError, Outcome};

const TEAM_WORDS: &[&str] = &[
    "drive for",
    "drove for",
    "driving for",
    "driven for",
    "raced for",
    "race for",
    "racing for",
    "teams",
    "team",
    "constructor",
    "constructors",
    "who did",
    "which team",
    "what team",
    "teammates",
    "drivers",
    "driver line up",
    "lineup",
    "line up",
    "sign",
    "signed",
];

/// Claims questions about one driver's teams or one team's drivers, with
/// no place.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !r.locs.is_empty() || r.parsed.years.len() > 1 || r.drivers.len() + r.constructors.len() != 1
    {
        return Ok(None);
    }
    let (teams, id) = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => (false, d.entity.id),
        (None, Some(c)) => (true, c.entity.id),
        _ => return Ok(None),
    };
    let conf = if teams {
        ctx.confidence(0, 1, 0)
    } else {
        ctx.confidence(1, 0, 0)
    };
    if ctx.any(TEAM_WORDS) && !ctx.peek_any(&["how many", "wins", "points", "podiums", "poles"]) {
        return team_history(ctx, teams, id, conf);
    }
    Ok(None)
}

fn team_history(
    ctx: &Ctx,
    teams: bool,
    id: i64,
    conf: f32,
) -> Result<Option<Outcome>, EngineError> {
    let year = ctx.year();
    let mut params: Vec<Value> = Vec::new();
    if teams {
        let year_cond = if year.is_some() {
            " AND ra.year = ?"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {DRIVER_NAME} AS driver, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year, COUNT(*) AS races \
             FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId \
             WHERE r.constructorId = ?{year_cond} GROUP BY r.driverId ORDER BY MIN(ra.date), races DESC"
        );
        params.push(json!(id));
        if let Some(y) = year {
            params.push(json!(y));
        }
        let name = ctx.idx.constructor_name(id);
        let scope = year.map_or_else(
            || " (first 50 by debut)".to_string(),
            |y| format!(" in {y}"),
        );
        return ctx.answer("constructor_drivers", &sql, params, conf, |t| {
            if t.rows.is_empty() {
                return None;
            }
            let names: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 0)).collect();
            Some(format!("Drivers for {name}{scope}: {}.", join_and(&names)))
        });
    }
    let title_years = year.is_none()
        && ctx.any(&[
            "title",
            "titles",
            "championship",
            "championships",
            "champion",
        ]);
    let (prefix, cond) = if let Some(y) = year {
        params.push(json!(id));
        params.push(json!(y));
        (String::new(), " AND ra.year = ?".to_string())
    } else if title_years {
        params.push(json!(ctx.idx.last_complete_season));
        params.push(json!(id));
        params.push(json!(id));
        (
            finals_cte("driver_standings"),
            " AND ra.year IN (SELECT ra2.year FROM driver_standings s JOIN races ra2 ON ra2.raceId = s.raceId \
             WHERE s.raceId IN (SELECT raceId FROM finals) AND s.position = 1 AND s.driverId = ?)"
                .to_string(),
        )
    } else {
        params.push(json!(id));
        (String::new(), String::new())
    };
    let sql = format!(
        "{prefix}SELECT c.name AS constructor, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year FROM results r \
         JOIN races ra ON ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId \
         WHERE r.driverId = ?{cond} GROUP BY r.constructorId ORDER BY MIN(ra.date)"
    );
    let name = ctx.idx.driver_name(id);
    ctx.answer("driver_team_history", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let items: Vec<String> = (0..t.rows.len())
            .map(|i| {
                let (a, b) = (cell(t, i, 1), cell(t, i, 2));
                if year.is_some() {
                    cell(t, i, 0)
                } else if a == b {
                    format!("{} ({a})", cell(t, i, 0))
                } else {
                    format!("{} ({a}-{b})", cell(t, i, 0))
                }
            })
            .collect();
        Some(match (year, title_years) {
            (Some(y), _) => format!("In {y} {name} drove for {}.", join_and(&items)),
            (None, true) => format!("{name} won his title(s) with {}.", join_and(&items)),
            _ => format!("{name} drove for {}.", join_and(&items)),
        })
    })
}
