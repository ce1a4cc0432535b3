//! A place with no season: where it is, first/last/number of Grands Prix
//! there, most successful driver or team, and a driver's or team's wins
//! (or podiums, poles) there.

use serde_json::{json, Value};

use super::ctx::{cell, DRIVER_NAME};
use super::{Ctx, Stat};
use crate::pick::Loc;
use crate::{EngineError, Outcome};

/// SQL condition selecting the place, and its parameter.
fn place(ctx: &Ctx, loc: &Loc) -> (&'static str, Value, String) {
    match loc {
        Loc::Circuit(id) => {
            let c = ctx.idx.circuits.get(id);
            (
                "ci.circuitRef = ?",
                json!(c.map_or("", |c| c.circuit_ref.as_str())),
                c.map_or_else(String::new, |c| c.name.clone()),
            )
        }
        Loc::RaceName(n) => ("ra.name = ?", json!(n), format!("the {n}")),
        Loc::Country(c) => ("ci.country = ?", json!(c), c.clone()),
    }
}

const FROM: &str = "FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId";

/// Claims questions about a place without a season.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if r.locs.len() != 1 || !r.parsed.years.is_empty() || r.drivers.len() + r.constructors.len() > 1
    {
        return Ok(None);
    }
    let loc = &r.locs[0].loc;
    let (cond, arg, label) = place(ctx, loc);
    if let Some(c) = r.constructors.first() {
        return entity_at(ctx, true, c.entity.id, cond, arg, &label);
    }
    if let Some(d) = r.drivers.first() {
        return entity_at(ctx, false, d.entity.id, cond, arg, &label);
    }
    let conf = ctx.confidence(0, 0, 1);
    if ctx.any(&[
        "where",
        "located",
        "which country",
        "what country",
        "which city",
        "what city",
        "which town",
        "what town",
        "location",
    ]) {
        let sql = "SELECT DISTINCT ci.name, ci.location, ci.country FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId \
                   WHERE ".to_string() + cond + " ORDER BY ci.name";
        let sql = if matches!(loc, Loc::Circuit(_)) {
            "SELECT ci.name, ci.location, ci.country FROM circuits ci WHERE ci.circuitRef = ?"
                .to_string()
        } else {
            sql
        };
        return ctx.answer("circuit_facts", &sql, vec![arg], conf, |t| {
            if t.rows.is_empty() {
                return None;
            }
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| {
                    format!(
                        "{} is in {}, {}",
                        cell(t, i, 0),
                        cell(t, i, 1),
                        cell(t, i, 2)
                    )
                })
                .collect();
            Some(format!("{}.", items.join("; ")))
        });
    }
    if ctx.any(&["first", "last", "latest", "most recent", "inaugural"]) {
        let last = ctx.any(&["last", "latest", "most recent"]);
        let order = if last { " DESC" } else { "" };
        let sql = format!(
            "SELECT ra.year, ra.name AS race, ra.date, (SELECT d.forename || ' ' || d.surname FROM results r \
             JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = ra.raceId AND r.position = 1) AS winner \
             FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId \
             WHERE {cond} AND EXISTS (SELECT 1 FROM results r WHERE r.raceId = ra.raceId) ORDER BY ra.date{order} LIMIT 1"
        );
        let which = if last { "last" } else { "first" };
        return ctx.answer("circuit_facts", &sql, vec![arg], conf, |t| {
            if t.rows.is_empty() {
                return None;
            }
            Some(format!(
                "The {which} Grand Prix at {label} was the {} {} on {}, won by {}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3)
            ))
        });
    }
    if ctx.has("most")
        && !ctx.peek_any(&["most recent"])
        && (ctx.stat().is_some() || ctx.any(&["successful", "often", "times"]))
    {
        let stat = match ctx.stat() {
            Some(s @ (Stat::Poles | Stat::Podiums)) => s,
            _ => Stat::Wins,
        };
        let teams = ctx.about_teams();
        let (name, key) = if teams {
            ("c.name AS constructor", "constructorId")
        } else {
            ("", "driverId")
        };
        let name = if teams {
            name.to_string()
        } else {
            format!("{DRIVER_NAME} AS driver")
        };
        let join = if teams {
            "JOIN constructors c ON c.constructorId = r.constructorId"
        } else {
            "JOIN drivers d ON d.driverId = r.driverId"
        };
        let count = if teams {
            "COUNT(DISTINCT r.raceId)"
        } else {
            "COUNT(*)"
        };
        let col = stat.label();
        let sql = format!(
            "SELECT {name}, {count} AS {col} {FROM} {join} WHERE {} AND {cond} GROUP BY r.{key} ORDER BY {col} DESC LIMIT 5",
            stat.cond().unwrap_or("1 = 1")
        );
        return ctx.answer("circuit_facts", &sql, vec![arg], conf, |t| {
            if t.rows.is_empty() {
                return None;
            }
            let tie = t.rows.len() > 1 && cell(t, 1, 1) == cell(t, 0, 1);
            let note = if tie {
                format!(" (tied with {})", cell(t, 1, 0))
            } else {
                String::new()
            };
            Some(format!(
                "{} has the most {} at {label}: {}{note}.",
                cell(t, 0, 0),
                stat.words(),
                cell(t, 0, 1)
            ))
        });
    }
    if ctx.any(&["how many", "number of", "how often"]) {
        let sql = format!(
            "SELECT COUNT(*) AS races, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year FROM races ra \
             JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE {cond} AND EXISTS (SELECT 1 FROM results r WHERE r.raceId = ra.raceId)"
        );
        return ctx.answer("circuit_facts", &sql, vec![arg], conf, |t| {
            if cell(t, 0, 0) == "0" {
                return None;
            }
            Some(format!(
                "{label} has held {} World Championship Grands Prix ({}-{}).",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2)
            ))
        });
    }
    Ok(None)
}

fn entity_at(
    ctx: &Ctx,
    teams: bool,
    id: i64,
    cond: &str,
    arg: Value,
    label: &str,
) -> Result<Option<Outcome>, EngineError> {
    let stat = match ctx.stat() {
        Some(s @ (Stat::Poles | Stat::Podiums | Stat::Starts | Stat::FastestLaps | Stat::Dnfs)) => {
            s
        }
        Some(Stat::Wins) | None
            if ctx.any(&["win", "won", "wins", "victories", "victory", "successful"]) =>
        {
            Stat::Wins
        }
        _ => return Ok(None),
    };
    let Some(stat_cond) = stat.cond() else {
        return Ok(None);
    };
    let key = if teams { "constructorId" } else { "driverId" };
    let count = if teams && stat != Stat::Podiums {
        "COUNT(DISTINCT r.raceId)"
    } else {
        "COUNT(*)"
    };
    let label_col = stat.label();
    let sql = format!(
        "SELECT {count} AS {label_col} {FROM} WHERE {stat_cond} AND r.{key} = ? AND {cond}"
    );
    let name = if teams {
        ctx.idx.constructor_name(id)
    } else {
        ctx.idx.driver_name(id)
    };
    let conf = if teams {
        ctx.confidence(0, 1, 1)
    } else {
        ctx.confidence(1, 0, 1)
    };
    let intent = if teams {
        "constructor_wins_at_circuit"
    } else {
        "driver_wins_at_circuit"
    };
    ctx.answer(intent, &sql, vec![json!(id), arg], conf, |t| {
        Some(format!(
            "{name} has {} {} at {label}.",
            cell(t, 0, 0),
            stat.words()
        ))
    })
}
