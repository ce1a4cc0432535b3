//! Pit stops (data from 2011): fastest stop of a race or season, a driver's
//! number of stops in a race, total stops in a race.

use serde_json::{json, Value};

use super::ctx::{cell, DRIVER_NAME};
use super::Ctx;
use crate::{EngineError, Outcome};

/// Claims questions about pit stops.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if !ctx.any(&[
        "pit", "pits", "pitstop", "pitstops", "pitted", "pitting", "stops", "stop", "stopped",
    ]) {
        return Ok(None);
    }
    let Some(year) = ctx.year() else {
        return Ok(Some(ctx.refuse("Pit-stop questions need a season and race, e.g. \"fastest pit stop at the 2018 Italian Grand Prix\".")));
    };
    if year < 2011 {
        return Ok(Some(
            ctx.refuse("Pit-stop data in this database starts in 2011."),
        ));
    }
    let fastest = ctx.any(&["fastest", "quickest", "shortest"]);
    let slowest = ctx.any(&["slowest", "longest"]);
    if ctx.r.locs.is_empty() && ctx.r.parsed.rounds.is_empty() {
        if !fastest {
            return Ok(Some(ctx.refuse(
                "Which race? Name the Grand Prix, e.g. \"the 2022 Italian Grand Prix\".",
            )));
        }
        let sql = format!(
            "SELECT {DRIVER_NAME} AS driver, ra.name AS race, p.lap, p.duration FROM pit_stops p JOIN races ra ON ra.raceId = p.raceId \
             JOIN drivers d ON d.driverId = p.driverId WHERE ra.year = ? AND p.milliseconds IS NOT NULL ORDER BY p.milliseconds LIMIT 1"
        );
        let conf = ctx.confidence(0, 0, 0) * 0.9;
        return ctx.answer("pit_stops", &sql, vec![json!(year)], conf, |t| {
            (!t.rows.is_empty()).then(|| format!("The fastest pit stop (pit-lane time) of {year} was {} at the {}: {}s on lap {}.", cell(t, 0, 0), cell(t, 0, 1), cell(t, 0, 3), cell(t, 0, 2)))
        });
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    let sub = "(SELECT raceId FROM races WHERE year = ? AND round = ?)";
    let mut params: Vec<Value> = vec![json!(race.year), json!(race.round)];
    let title = format!("the {} {}", race.year, race.name);
    let conf = ctx.confidence(ctx.r.drivers.len().min(1), 0, 1);
    if fastest || slowest {
        let order = if slowest { " DESC" } else { "" };
        // The car's team that race: "which team made the fastest stop".
        let sql = format!(
            "SELECT {DRIVER_NAME} AS driver, p.lap, p.duration, \
             (SELECT c.name FROM results r JOIN constructors c ON c.constructorId = r.constructorId \
              WHERE r.raceId = p.raceId AND r.driverId = p.driverId LIMIT 1) AS team \
             FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId \
             WHERE p.raceId = {sub} ORDER BY p.milliseconds{order} LIMIT 1"
        );
        ctx.any(&["team", "constructor"]);
        let which = if slowest { "slowest" } else { "fastest" };
        return ctx.answer("pit_stops", &sql, params, conf, |t| {
            (!t.rows.is_empty()).then(|| {
                format!(
                    "The {which} pit stop at {title} was by {} ({}): {}s (pit-lane time) on lap {}.",
                    cell(t, 0, 0),
                    cell(t, 0, 3),
                    cell(t, 0, 2),
                    cell(t, 0, 1)
                )
            })
        });
    }
    if let Some(d) = ctx.r.drivers.first() {
        let sql = "SELECT COUNT(*) AS stops, GROUP_CONCAT(lap, ', ') AS laps, MIN(lap) AS first_lap FROM \
             (SELECT lap FROM pit_stops WHERE raceId = (SELECT raceId FROM races WHERE year = ? AND round = ?) \
             AND driverId = ? ORDER BY lap)";
        params.push(json!(d.entity.id));
        let name = d.entity.name.clone();
        // "On which lap did he make his first stop": the first stop's lap.
        let first = ctx.has("first") && ctx.any(&["which lap", "what lap", "lap", "when"]);
        return ctx.answer("pit_stops", sql, params, conf, |t| {
            if first {
                return (cell(t, 0, 0) != "0").then(|| {
                    let stops = cell(t, 0, 0);
                    let unit = if stops == "1" { "stop" } else { "stops" };
                    format!(
                        "{name} made his first pit stop at {title} on lap {} ({stops} {unit} in all: laps {}).",
                        cell(t, 0, 2),
                        cell(t, 0, 1)
                    )
                });
            }
            Some(format!(
                "{name} made {} pit stops at {title} (laps {}).",
                cell(t, 0, 0),
                cell(t, 0, 1)
            ))
        });
    }
    if ctx.any(&["most"]) {
        let sql = format!(
            "SELECT {DRIVER_NAME} AS driver, COUNT(*) AS stops FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId \
             WHERE p.raceId = {sub} GROUP BY p.driverId ORDER BY stops DESC LIMIT 3"
        );
        return ctx.answer("pit_stops", &sql, params, conf, |t| {
            (!t.rows.is_empty()).then(|| {
                format!(
                    "{} made the most pit stops at {title}: {}.",
                    cell(t, 0, 0),
                    cell(t, 0, 1)
                )
            })
        });
    }
    let sql = "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = (SELECT raceId FROM races WHERE year = ? AND round = ?)";
    ctx.answer("pit_stops", sql, params, conf, |t| {
        (cell(t, 0, 0) != "0")
            .then(|| format!("{} pit stops were made in total at {title}.", cell(t, 0, 0)))
    })
}
