//! A [`RaceQuery`] to parameterised SQL. The race is selected by season
//! and round (both bound), so the statement reads the same for every race.
//! Column layout per ask is fixed for `phrase::race`.

use serde_json::json;

use super::race_sql::RACE;
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{RaceAsk, RaceQuery, Session, QUALIFYING_FROM};

/// Result rows with their driver and constructor.
const RESULTS: &str = "FROM results r JOIN drivers d ON d.driverId = r.driverId \
     JOIN constructors c ON c.constructorId = r.constructorId";

/// The statement answering `q`.
pub(crate) fn race(q: &RaceQuery) -> Compiled {
    if q.session == Session::Sprint {
        return sprint(q);
    }
    let mut params = vec![json!(q.race.year), json!(q.race.round)];
    let sql = match q.ask {
        // Columns: position, driver, constructor, points.
        RaceAsk::Finish { n, exact } => {
            params.push(json!(n));
            let op = if exact { "=" } else { "<=" };
            format!(
                "SELECT r.position, {DRIVER_NAME} AS driver, c.name AS constructor, r.points {RESULTS} \
                 WHERE r.raceId = {RACE} AND r.position {op} ? ORDER BY r.position"
            )
        }
        // Columns: driver, constructor, grid, positionText, points, status.
        RaceAsk::Driver(driver) => {
            params.push(json!(driver));
            format!(
                "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, r.grid, r.positionText, r.points, s.status {RESULTS} \
                 LEFT JOIN status s ON s.statusId = r.statusId WHERE r.raceId = {RACE} AND r.driverId = ?"
            )
        }
        // Columns: driver, constructor[, best qualifying time].
        RaceAsk::Grid(n) => {
            params.push(json!(n));
            if q.race.year >= QUALIFYING_FROM {
                format!(
                    "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, COALESCE(q.q3, q.q2, q.q1) AS time FROM qualifying q \
                     JOIN drivers d ON d.driverId = q.driverId JOIN constructors c ON c.constructorId = q.constructorId \
                     WHERE q.raceId = {RACE} AND q.position = ?"
                )
            } else {
                format!(
                    "SELECT {DRIVER_NAME} AS driver, c.name AS constructor {RESULTS} \
                     WHERE r.raceId = {RACE} AND r.grid = ?"
                )
            }
        }
        // Columns: driver, position, time, status, laps (the winner and P2).
        RaceAsk::Margin(_) => format!(
            "SELECT {DRIVER_NAME} AS driver, r.position, r.time, s.status, r.laps FROM results r \
             JOIN drivers d ON d.driverId = r.driverId LEFT JOIN status s ON s.statusId = r.statusId \
             WHERE r.raceId = {RACE} AND r.position IN (1, 2) ORDER BY r.position"
        ),
        // Columns: driver, constructor, fastestLapTime, lap.
        RaceAsk::FastestLap => format!(
            "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, r.fastestLapTime, r.fastestLap AS lap {RESULTS} \
             WHERE r.raceId = {RACE} AND r.rank = 1"
        ),
    };
    Compiled { sql, params }
}

/// The sprint's statement. Columns: position, driver, constructor, points,
/// positionText.
fn sprint(q: &RaceQuery) -> Compiled {
    let mut params = vec![json!(q.race.year), json!(q.race.round)];
    let cond = match q.ask {
        RaceAsk::Driver(driver) => {
            params.push(json!(driver));
            "s.driverId = ?"
        }
        RaceAsk::Finish { n, exact } => {
            params.push(json!(n));
            if exact {
                "s.position = ? ORDER BY s.position"
            } else {
                "s.position <= ? ORDER BY s.position"
            }
        }
        // The sprint parse asks only for finishes and drivers; anything
        // else selects no row rather than the wrong one.
        RaceAsk::Grid(_) | RaceAsk::FastestLap | RaceAsk::Margin(_) => "0",
    };
    let sql = format!(
        "SELECT s.position, {DRIVER_NAME} AS driver, c.name AS constructor, s.points, s.positionText FROM sprint_results s \
         JOIN drivers d ON d.driverId = s.driverId JOIN constructors c ON c.constructorId = s.constructorId \
         WHERE s.raceId = {RACE} AND {cond}"
    );
    Compiled { sql, params }
}
