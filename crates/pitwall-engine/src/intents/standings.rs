//! Championship standings: champion and final table of a season, and the
//! table after a given round or Grand Prix (leader, top N, gaps).

use serde_json::{json, Value};

use super::ctx::{cell, join_and, DRIVER_NAME};
use super::Ctx;
use crate::{EngineError, Outcome};

/// Which championship: drivers' or constructors'.
pub(super) struct Table {
    pub(super) standings: &'static str,
    pub(super) join: String,
    pub(super) entity: String,
    pub(super) key: &'static str,
    pub(super) kind: &'static str,
}

pub(super) fn table(teams: bool) -> Table {
    if teams {
        Table {
            standings: "constructor_standings",
            join: "JOIN constructors c ON c.constructorId = s.constructorId".into(),
            entity: "c.name AS constructor".into(),
            key: "constructorId",
            kind: "constructors'",
        }
    } else {
        Table {
            standings: "driver_standings",
            join: "JOIN drivers d ON d.driverId = s.driverId".into(),
            entity: format!("{DRIVER_NAME} AS driver"),
            key: "driverId",
            kind: "drivers'",
        }
    }
}

const STANDINGS_WORDS: &[&str] = &[
    "after",
    "standings",
    "championship",
    "led",
    "lead",
    "leader",
    "leading",
    "gap",
    "title race",
    "table",
    "points",
    "behind",
    "ahead",
];

/// Standings after round N / after a named Grand Prix.
pub(crate) fn route_after_round(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let p = &ctx.r.parsed;
    let after_place = ctx.any(&["after", "following"]) && !ctx.r.locs.is_empty();
    if p.years.len() != 1 || (!after_place && p.rounds.is_empty()) || !ctx.any(STANDINGS_WORDS) {
        return Ok(None);
    }
    if ctx.any(&["pit", "sprint"]) {
        return Ok(None);
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    let teams = ctx.r.drivers.is_empty() && (ctx.about_teams() || !ctx.r.constructors.is_empty());
    let t = table(teams);
    let sub = "(SELECT raceId FROM races WHERE year = ? AND round = ?)";
    let when = format!(
        "after round {} of {} (the {})",
        race.round, race.year, race.name
    );
    let base = vec![json!(race.year), json!(race.round)];
    let ids: Vec<i64> = if teams {
        ctx.r.constructors.iter().map(|c| c.entity.id).collect()
    } else {
        ctx.r.drivers.iter().map(|d| d.entity.id).collect()
    };
    let used = ids.len();
    let conf = if teams {
        ctx.confidence(0, used, 1)
    } else {
        ctx.confidence(used, 0, 1)
    };
    if ids.len() == 2 {
        let sql = format!(
            "SELECT a.points AS first_points, b.points AS second_points, a.points - b.points AS gap FROM {0} a \
             JOIN {0} b ON b.raceId = a.raceId WHERE a.raceId = {sub} AND a.{1} = ? AND b.{1} = ?",
            t.standings, t.key
        );
        let mut params = base;
        params.extend([json!(ids[0]), json!(ids[1])]);
        let names: Vec<String> = if teams {
            ids.iter().map(|i| ctx.idx.constructor_name(*i)).collect()
        } else {
            ids.iter().map(|i| ctx.idx.driver_name(*i)).collect()
        };
        return ctx.answer("standings_after_round", &sql, params, conf, |tb| {
            if tb.rows.is_empty() {
                return None;
            }
            Some(format!(
                "{when}, {} had {} points and {} had {}: a gap of {} points.",
                names[0],
                cell(tb, 0, 0),
                names[1],
                cell(tb, 0, 1),
                cell(tb, 0, 2).trim_start_matches('-')
            ))
        });
    }
    let (cond, arg, one_id) = if let Some(id) = ids.first() {
        (format!("s.{} = ?", t.key), json!(id), true)
    } else if let Some(n) = ctx.top_n() {
        ("s.position <= ?".to_string(), json!(n), false)
    } else {
        (
            "s.position = ?".to_string(),
            json!(ctx.ordinal().unwrap_or(1)),
            false,
        )
    };
    let sql = format!(
        "SELECT s.position, {}, s.points, s.wins FROM {} s {} WHERE s.raceId = {sub} AND {cond} ORDER BY s.position",
        t.entity, t.standings, t.join
    );
    let mut params = base;
    params.push(arg);
    let kind = t.kind;
    ctx.answer("standings_after_round", &sql, params, conf, |tb| {
        if tb.rows.is_empty() {
            return None;
        }
        if tb.rows.len() == 1 {
            let pos = cell(tb, 0, 0);
            let verb = if pos == "1" && !one_id {
                "led".to_string()
            } else {
                format!("was P{pos} in")
            };
            return Some(format!(
                "{} {verb} the {kind} championship {when} with {} points.",
                cell(tb, 0, 1),
                cell(tb, 0, 2)
            ));
        }
        let items: Vec<String> = (0..tb.rows.len())
            .map(|i| {
                format!(
                    "{}. {} ({} pts)",
                    cell(tb, i, 0),
                    cell(tb, i, 1),
                    cell(tb, i, 2)
                )
            })
            .collect();
        Some(format!(
            "The {kind} standings {when}: {}.",
            items.join(", ")
        ))
    })
}

const SEASON_WORDS: &[&str] = &[
    "champion",
    "championship",
    "title",
    "standings",
    "table",
    "finish the season",
    "end of the season",
    "final standings",
    "world champion",
    "wdc",
    "wcc",
];

/// Champion and final standings of a season; a driver's season points.
pub(crate) fn route_season(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let p = &ctx.r.parsed;
    let Some(year) = ctx.year() else {
        return Ok(None);
    };
    let driver_points = ctx.r.drivers.len() == 1
        && ctx.has("points")
        && !ctx.peek_any(&["sprint", "race", "grand prix"]);
    // "Which team were constructors' champions": the plural only with the
    // championship named (bare "the champions" of a season means both).
    let named_champions =
        ctx.peek_any(&["drivers", "driver", "constructors", "constructor", "team"])
            && (ctx.has("champions") | ctx.has("crowned"));
    if p.years.len() != 1
        || !ctx.r.locs.is_empty()
        || !(named_champions | ctx.any(SEASON_WORDS) || driver_points)
    {
        return Ok(None);
    }
    if ctx.r.drivers.len() > 1 || ctx.r.constructors.len() > 1 {
        return Ok(None);
    }
    // "Which team was X driving for when he won the title" is team history.
    if !ctx.r.drivers.is_empty()
        && ctx.any(&[
            "team",
            "drive for",
            "driving for",
            "drove for",
            "racing for",
            "raced for",
            "constructor",
        ])
    {
        return Ok(None);
    }
    let teams = ctx.r.drivers.is_empty()
        && (ctx.about_teams() || ctx.any(&["wcc"]) || !ctx.r.constructors.is_empty());
    if teams && year < 1958 {
        return Ok(Some(
            ctx.refuse("The constructors' championship started in 1958."),
        ));
    }
    let t = table(teams);
    let id = if teams {
        ctx.r.constructors.first().map(|c| c.entity.id)
    } else {
        ctx.r.drivers.first().map(|d| d.entity.id)
    };
    let (cond, arg) = if let Some(id) = id {
        (format!("s.{} = ?", t.key), json!(id))
    } else if let Some(n) = ctx.top_n() {
        ("s.position <= ?".to_string(), json!(n))
    } else {
        (
            "s.position = ?".to_string(),
            json!(ctx.ordinal().unwrap_or(1)),
        )
    };
    let champion_q = id.is_none() && arg == json!(1) && cond.contains("= ?");
    let asks_final = named_champions
        || ctx.any(&[
            "champion", "won", "win", "title", "final", "end", "finish", "finished", "wdc", "wcc",
        ]);
    if year > ctx.idx.last_complete_season && asks_final {
        return Ok(Some(ctx.refuse(&format!(
            "The {year} season is not complete in the data (it runs to round {}); ask for the standings after round {} instead.",
            ctx.idx.last_round, ctx.idx.last_round
        ))));
    }
    let sql = format!(
        "SELECT s.position, {}, s.points, s.wins FROM {} s {} WHERE s.raceId = (SELECT ra.raceId FROM races ra \
         WHERE ra.year = ? AND ra.raceId IN (SELECT raceId FROM {}) ORDER BY ra.round DESC LIMIT 1) AND {cond} ORDER BY s.position",
        t.entity, t.standings, t.join, t.standings
    );
    let params: Vec<Value> = vec![json!(year), arg];
    let conf = ctx.confidence(
        usize::from(!teams && id.is_some()),
        usize::from(teams && id.is_some()),
        0,
    );
    let kind = t.kind;
    let intent = if champion_q {
        "world_champion"
    } else {
        "final_standings"
    };
    let in_progress = year > ctx.idx.last_complete_season;
    let last_round = ctx.idx.last_round;
    ctx.answer(intent, &sql, params, conf, |tb| {
        if tb.rows.is_empty() {
            return None;
        }
        if in_progress {
            let items: Vec<String> = (0..tb.rows.len()).map(|i| format!("P{} {} ({} pts)", cell(tb, i, 0), cell(tb, i, 1), cell(tb, i, 2))).collect();
            return Some(format!("The {year} season is in progress; after round {last_round} of the {kind} championship: {}.", join_and(&items)));
        }
        if tb.rows.len() == 1 {
            let pos = cell(tb, 0, 0);
            return Some(if pos == "1" {
                format!("{} won the {year} {kind} championship with {} points ({} wins).", cell(tb, 0, 1), cell(tb, 0, 2), cell(tb, 0, 3))
            } else {
                format!("{} finished P{pos} in the {year} {kind} championship with {} points.", cell(tb, 0, 1), cell(tb, 0, 2))
            });
        }
        let items: Vec<String> = (0..tb.rows.len()).map(|i| format!("{}. {} ({} pts)", cell(tb, i, 0), cell(tb, i, 1), cell(tb, i, 2))).collect();
        Some(format!("Final {year} {kind} standings: {}.", join_and(&items)))
    })
}
