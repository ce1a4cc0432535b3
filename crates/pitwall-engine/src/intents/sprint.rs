//! Sprint races (2021 on): winner, top N, Nth, a driver's result; a
//! driver's sprint wins, podiums or points; sprint leaders; sprints in a season.

use serde_json::{json, Value};

use super::ctx::{cell, join_and, DRIVER_NAME};
use super::{Ctx, Stat};
use crate::{EngineError, Outcome};

/// Claims questions about sprints.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if !ctx.any(&["sprint", "sprints"]) {
        return Ok(None);
    }
    let r = ctx.r;
    let year = ctx.year();
    if r.locs.is_empty() && r.parsed.rounds.is_empty() {
        return totals(ctx, year);
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    if !race.has_sprint {
        return Ok(Some(ctx.refuse(&format!(
            "There was no sprint at the {} {}.",
            race.year, race.name
        ))));
    }
    let title = format!("the {} {} sprint", race.year, race.name);
    let mut params: Vec<Value> = vec![json!(race.year), json!(race.round)];
    let conf = ctx.confidence(r.drivers.len().min(1), 0, 1);
    let base = format!(
        "SELECT s.position, {DRIVER_NAME} AS driver, c.name AS constructor, s.points, s.positionText FROM sprint_results s \
         JOIN drivers d ON d.driverId = s.driverId JOIN constructors c ON c.constructorId = s.constructorId \
         WHERE s.raceId = (SELECT raceId FROM races WHERE year = ? AND round = ?)"
    );
    if let Some(d) = r.drivers.first() {
        params.push(json!(d.entity.id));
        let name = d.entity.name.clone();
        return ctx.answer(
            "sprint_results",
            &format!("{base} AND s.driverId = ?"),
            params,
            conf,
            |t| {
                Some(if t.rows.is_empty() {
                    format!("{name} did not take part in {title}.")
                } else {
                    format!(
                        "{name} finished {} in {title}, scoring {} points.",
                        cell(t, 0, 4),
                        cell(t, 0, 3)
                    )
                })
            },
        );
    }
    let (op, n) = match (ctx.ordinal(), ctx.top_n()) {
        (Some(n), _) => ("=", n),
        (None, Some(n)) => ("<=", n),
        _ => ("=", 1),
    };
    params.push(json!(n));
    let sql = format!("{base} AND s.position {op} ? ORDER BY s.position");
    ctx.answer("sprint_results", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let who = |i: usize| format!("{} ({})", cell(t, i, 1), cell(t, i, 2));
        Some(if op == "=" && n == 1 {
            format!("{} won {title}.", who(0))
        } else if op == "=" {
            format!("{} finished P{n} in {title}.", who(0))
        } else {
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{}. {}", cell(t, i, 0), who(i)))
                .collect();
            format!("Top {} of {title}: {}.", t.rows.len(), join_and(&items))
        })
    })
}

fn totals(ctx: &Ctx, year: Option<i64>) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    let stat = match ctx.stat() {
        Some(s @ (Stat::Podiums | Stat::Points | Stat::Poles)) => s,
        _ => Stat::Wins,
    };
    if stat == Stat::Poles {
        return Ok(Some(ctx.refuse(
            "Sprint shootout / sprint pole data is not in the database.",
        )));
    }
    let (value, label) = match stat {
        Stat::Podiums => (
            "SUM(CASE WHEN s.position <= 3 THEN 1 ELSE 0 END)",
            "sprint_podiums",
        ),
        Stat::Points => ("SUM(s.points)", "sprint_points"),
        _ => (
            "SUM(CASE WHEN s.position = 1 THEN 1 ELSE 0 END)",
            "sprint_wins",
        ),
    };
    let year_cond = if year.is_some() {
        " AND ra.year = ?"
    } else {
        ""
    };
    let from = "FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId JOIN drivers d ON d.driverId = s.driverId";
    let words = label.replace('_', " ");
    let scope = year.map_or_else(
        || {
            format!(
                "(data to {} round {})",
                ctx.idx.last_year, ctx.idx.last_round
            )
        },
        |y| format!("in {y}"),
    );
    if r.drivers.len() == 1 && r.constructors.is_empty() {
        let d = &r.drivers[0].entity;
        let sql = format!("SELECT {DRIVER_NAME} AS driver, {value} AS {label} {from} WHERE s.driverId = ?{year_cond}");
        let mut params = vec![json!(d.id)];
        params.extend(year.map(|y| json!(y)));
        let name = d.name.clone();
        return ctx.answer(
            "sprint_results",
            &sql,
            params,
            ctx.confidence(1, 0, 0),
            |t| {
                let v = if cell(t, 0, 1) == "-" {
                    "0".to_string()
                } else {
                    cell(t, 0, 1)
                };
                Some(format!("{name}: {v} {words} {scope}."))
            },
        );
    }
    if !r.drivers.is_empty() || !r.constructors.is_empty() {
        return Ok(None);
    }
    if ctx.any(&["most", "leader", "leaders", "record"]) {
        let where_clause = year.map_or("", |_| " WHERE ra.year = ?");
        let sql = format!("SELECT {DRIVER_NAME} AS driver, {value} AS {label} {from}{where_clause} GROUP BY s.driverId ORDER BY {label} DESC LIMIT 5");
        let params: Vec<Value> = year.map(|y| json!(y)).into_iter().collect();
        return ctx.answer(
            "sprint_results",
            &sql,
            params,
            ctx.confidence(0, 0, 0),
            |t| {
                (!t.rows.is_empty()).then(|| {
                    format!(
                        "{} has the most {words} {scope}: {}.",
                        cell(t, 0, 0),
                        cell(t, 0, 1)
                    )
                })
            },
        );
    }
    if let (Some(y), true) = (year, ctx.any(&["how many"])) {
        let sql = "SELECT COUNT(DISTINCT s.raceId) AS sprints FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId WHERE ra.year = ?";
        return ctx.answer(
            "sprint_results",
            sql,
            vec![json!(y)],
            ctx.confidence(0, 0, 0),
            |t| Some(format!("There were {} sprint races in {y}.", cell(t, 0, 0))),
        );
    }
    Ok(None)
}
