//! Drivers of one nationality: their wins (or poles, podiums, titles), the
//! most successful of them, and which of them won.

use serde_json::{json, Value};

use super::ctx::{cell, join_and, DRIVER_NAME};
use super::stats::{stat_sql, StatQuery};
use super::{Ctx, Stat};
use crate::{EngineError, Outcome};

/// Claims questions with a nationality ("French drivers", "Brazilians").
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(nat) = ctx.nationality() else {
        return Ok(None);
    };
    if !ctx.r.drivers.is_empty() || !ctx.r.locs.is_empty() || ctx.r.parsed.years.len() > 1 {
        return Ok(None);
    }
    let year = ctx.year();
    let conf = ctx.confidence(0, 0, 0);
    let stat = ctx.stat().unwrap_or(Stat::Wins);
    let stat = if stat == Stat::Starts && ctx.any(&["won", "win", "winners"]) {
        Stat::Wins
    } else {
        stat
    };
    let scope = year.map_or_else(String::new, |y| format!(" in {y}"));
    let how_many = ctx.any(&["how many", "number of", "total"]);
    let drivers_plural = ctx.any(&[
        "drivers",
        "champions",
        "winners",
        "racers",
        "men",
        "brits",
        "finns",
    ]) || ctx.r.parsed.words.iter().enumerate().any(|(i, w)| {
        let plural =
            w.ends_with('s') && ctx.idx.nationality_words.get(w).is_some_and(|n| n == &nat);
        if plural {
            ctx.consume(i, 1);
        }
        plural
    });
    let list = ctx.any(&["name", "list", "which", "who"])
        && drivers_plural
        && !ctx.peek_any(&["most", "best", "top", "more"]);
    let count_people = how_many
        && drivers_plural
        && !ctx.peek_any(&[
            "titles",
            "wins",
            "victories",
            "points",
            "poles",
            "podiums",
            "races",
            "grands prix",
        ]);
    if count_people {
        let cond = if stat == Stat::Starts {
            Stat::Starts.cond()
        } else {
            stat.cond()
        };
        let Some(cond) = cond.or(Some("r.position = 1")) else {
            return Ok(None);
        };
        let cond = if stat == Stat::Titles {
            "r.position = 1"
        } else {
            cond
        };
        if stat == Stat::Titles {
            let sql = format!(
                "{}SELECT COUNT(DISTINCT s.driverId) AS champions FROM driver_standings s JOIN drivers d ON d.driverId = s.driverId \
                 WHERE s.raceId IN (SELECT raceId FROM finals) AND s.position = 1 AND d.nationality = ?",
                super::stats::finals_cte("driver_standings")
            );
            let params = vec![json!(ctx.idx.last_complete_season), json!(nat)];
            return ctx.answer("nationality", &sql, params, conf, |t| {
                Some(format!(
                    "{} {nat} drivers have been world champion (seasons up to {}).",
                    cell(t, 0, 0),
                    ctx.idx.last_complete_season
                ))
            });
        }
        let year_cond = if year.is_some() {
            " AND ra.year = ?"
        } else {
            ""
        };
        let sql = format!(
            "SELECT COUNT(DISTINCT r.driverId) AS drivers FROM results r JOIN drivers d ON d.driverId = r.driverId \
             JOIN races ra ON ra.raceId = r.raceId WHERE d.nationality = ? AND {cond}{year_cond}"
        );
        let mut params = vec![json!(nat)];
        params.extend(year.map(|y| json!(y)));
        let what = match stat {
            Stat::Starts => "started a race",
            Stat::Podiums => "finished on the podium",
            Stat::Poles => "started from pole",
            _ => "won a Grand Prix",
        };
        return ctx.answer("nationality", &sql, params, conf, |t| {
            Some(format!(
                "{} {nat} drivers have {what}{scope}.",
                cell(t, 0, 0)
            ))
        });
    }
    let mut sql = stat_sql(
        stat,
        &StatQuery {
            teams: false,
            ids: 0,
            year: year.is_some() && stat != Stat::Titles,
            nationality: true,
            per_season: false,
        },
    );
    let mut params: Vec<Value> = Vec::new();
    if stat == Stat::Titles {
        params.push(json!(ctx.idx.last_complete_season));
    }
    params.push(json!(nat));
    if stat != Stat::Titles {
        params.extend(year.map(|y| json!(y)));
    }
    if how_many {
        let total_sql = format!(
            "SELECT SUM({}) AS {} FROM ({sql})",
            stat.label(),
            stat.label()
        );
        return ctx.answer("nationality", &total_sql, params, conf, |t| {
            let v = if cell(t, 0, 0) == "-" {
                "0".to_string()
            } else {
                cell(t, 0, 0)
            };
            Some(format!(
                "{nat} drivers have {v} {}{scope} in total.",
                stat.words()
            ))
        });
    }
    if list {
        sql = format!("SELECT * FROM ({sql}) WHERE {} > 0", stat.label());
        return ctx.answer("nationality", &sql, params, conf, |t| {
            if t.rows.is_empty() {
                return Some(format!("No {nat} driver has any {}{scope}.", stat.words()));
            }
            let names: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            Some(format!(
                "{nat} drivers with {}{scope}: {}.",
                stat.words(),
                join_and(&names)
            ))
        });
    }
    sql.push_str(" LIMIT 5");
    let _ = DRIVER_NAME;
    ctx.answer("nationality", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        Some(format!(
            "The {nat} driver with the most {}{scope} is {}, with {}.",
            stat.words(),
            cell(t, 0, 0),
            cell(t, 0, 1)
        ))
    })
}
