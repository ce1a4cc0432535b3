//! One race: winner, podium / top N / Nth place / full result, a driver's
//! result, pole sitter and fastest lap.

use serde_json::{json, Value};

use super::ctx::{cell, join_and, DRIVER_NAME};
use super::Ctx;
use crate::index::RaceInfo;
use crate::{EngineError, Outcome};

const RACE_SUB: &str = "(SELECT raceId FROM races WHERE year = ? AND round = ?)";

fn race_params(race: &RaceInfo) -> Vec<Value> {
    vec![json!(race.year), json!(race.round)]
}

fn title(race: &RaceInfo) -> String {
    format!("the {} {}", race.year, race.name)
}

/// Claims questions about one race (season + place, or season + round
/// without standings words).
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let p = &ctx.r.parsed;
    // "The 354th World Championship race" names one race without a season.
    if let Some(_nth) = p.race_nth {
        if !p.years.is_empty() || !ctx.r.locs.is_empty() || !p.rounds.is_empty() {
            return Ok(None);
        }
    } else {
        let has_place = !ctx.r.locs.is_empty()
            || (!p.rounds.is_empty() && ctx.any(&["race", "round"]))
            || ctx.peek_any(super::ctx::FINAL_RACE)
            || ctx.peek_any(super::ctx::FIRST_RACE);
        if p.years.len() != 1
            || !has_place
            || ctx.any(&["championship", "standings", "title", "champion"])
        {
            return Ok(None);
        }
    }
    if !ctx.r.constructors.is_empty() && ctx.r.drivers.is_empty() {
        return Ok(None);
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    let conf = ctx.confidence(ctx.r.drivers.len().min(1), 0, 1);
    if ctx.any(&[
        "pole",
        "pole position",
        "polesitter",
        "pole sitter",
        "qualified first",
        "started first",
        "first on the grid",
        "front of the grid",
        "top qualifier",
        "fastest in qualifying",
    ]) {
        return pole(ctx, race, conf);
    }
    if ctx.any(&["fastest lap", "quickest lap", "fastest race lap"]) {
        // The race's fastest lap, not a named driver's own best lap: a
        // driver in the question is left unused, which lowers confidence.
        let conf = ctx.confidence(0, 0, 1);
        return fastest_lap(ctx, race, conf);
    }
    if let Some(d) = ctx.r.drivers.first() {
        return driver_result(ctx, race, d.entity.id, conf);
    }
    if let Some(n) = ctx.ordinal() {
        return top(ctx, race, n, true, conf);
    }
    if let Some(n) = ctx.top_n() {
        return top(ctx, race, n, false, conf);
    }
    if ctx.any(&[
        "result",
        "results",
        "classification",
        "finishing order",
        "full order",
        "order",
    ]) {
        return top(ctx, race, 30, false, conf);
    }
    if ctx.any(&[
        "win",
        "won",
        "winner",
        "victory",
        "victor",
        "victorious",
        "triumphed",
        "chequered flag",
        "checkered flag",
        "first",
    ]) {
        return top(ctx, race, 1, true, conf);
    }
    Ok(None)
}

fn top(
    ctx: &Ctx,
    race: &RaceInfo,
    n: i64,
    exact: bool,
    conf: f32,
) -> Result<Option<Outcome>, EngineError> {
    let op = if exact { "=" } else { "<=" };
    let sql = format!(
        "SELECT r.position, {DRIVER_NAME} AS driver, c.name AS constructor, r.points FROM results r \
         JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId \
         WHERE r.raceId = {RACE_SUB} AND r.position {op} ? ORDER BY r.position"
    );
    let mut params = race_params(race);
    params.push(json!(n));
    let intent = if exact && n == 1 {
        "race_winner"
    } else {
        "race_result"
    };
    ctx.answer(intent, &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let who = |i: usize| format!("{} ({})", cell(t, i, 1), cell(t, i, 2));
        Some(if exact && n == 1 {
            format!("{} won {}.", who(0), title(race))
        } else if exact {
            format!("{} finished P{n} in {}.", who(0), title(race))
        } else if n == 3 {
            let names: Vec<String> = (0..t.rows.len()).map(who).collect();
            format!("The podium of {} was {}.", title(race), join_and(&names))
        } else {
            let names: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{}. {}", cell(t, i, 0), who(i)))
                .collect();
            format!(
                "Top {} of {}: {}.",
                t.rows.len(),
                title(race),
                names.join(", ")
            )
        })
    })
}

fn driver_result(
    ctx: &Ctx,
    race: &RaceInfo,
    driver: i64,
    conf: f32,
) -> Result<Option<Outcome>, EngineError> {
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, r.grid, r.positionText, r.points, s.status FROM results r \
         JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId \
         LEFT JOIN status s ON s.statusId = r.statusId WHERE r.raceId = {RACE_SUB} AND r.driverId = ?"
    );
    let mut params = race_params(race);
    params.push(json!(driver));
    let name = ctx.idx.driver_name(driver);
    ctx.answer("race_driver_result", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return Some(format!("{name} did not take part in {}.", title(race)));
        }
        let pos = cell(t, 0, 3);
        Some(if pos.chars().all(|c| c.is_ascii_digit()) {
            format!(
                "{name} ({}) finished P{pos} in {} from grid {}, scoring {} points.",
                cell(t, 0, 1),
                title(race),
                cell(t, 0, 2),
                cell(t, 0, 4)
            )
        } else {
            format!(
                "{name} ({}) did not finish {} ({}).",
                cell(t, 0, 1),
                title(race),
                cell(t, 0, 5)
            )
        })
    })
}

fn pole(ctx: &Ctx, race: &RaceInfo, conf: f32) -> Result<Option<Outcome>, EngineError> {
    // Qualifying data is complete from 2003; before that pole is grid 1.
    let n = ctx.ordinal().unwrap_or(1);
    let (sql, intent) = if race.year >= 2003 {
        (
            format!(
                "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, COALESCE(q.q3, q.q2, q.q1) AS time FROM qualifying q \
                 JOIN drivers d ON d.driverId = q.driverId JOIN constructors c ON c.constructorId = q.constructorId \
                 WHERE q.raceId = {RACE_SUB} AND q.position = ?"
            ),
            "pole_sitter",
        )
    } else {
        (
            format!(
                "SELECT {DRIVER_NAME} AS driver, c.name AS constructor FROM results r \
                 JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId \
                 WHERE r.raceId = {RACE_SUB} AND r.grid = ?"
            ),
            "pole_sitter",
        )
    };
    let mut params = race_params(race);
    params.push(json!(n));
    ctx.answer(intent, &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let time = if t.columns.len() > 2 && cell(t, 0, 2) != "-" {
            format!(" ({})", cell(t, 0, 2))
        } else {
            String::new()
        };
        Some(if n == 1 {
            format!(
                "{} ({}) took pole position for {}{time}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                title(race)
            )
        } else {
            format!(
                "{} ({}) qualified P{n} for {}{time}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                title(race)
            )
        })
    })
}

fn fastest_lap(ctx: &Ctx, race: &RaceInfo, conf: f32) -> Result<Option<Outcome>, EngineError> {
    if race.year < 2004 {
        return Ok(Some(
            ctx.refuse("Fastest-lap data in this database starts in 2004."),
        ));
    }
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, r.fastestLapTime, r.fastestLap AS lap FROM results r \
         JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId \
         WHERE r.raceId = {RACE_SUB} AND r.rank = 1"
    );
    ctx.answer("fastest_lap", &sql, race_params(race), conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        Some(format!(
            "{} ({}) set the fastest lap of {}: {} on lap {}.",
            cell(t, 0, 0),
            cell(t, 0, 1),
            title(race),
            cell(t, 0, 2),
            cell(t, 0, 3)
        ))
    })
}
