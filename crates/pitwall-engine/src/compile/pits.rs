//! A [`PitQuery`] to parameterised SQL over `pit_stops`.

use serde_json::json;

use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{PitAsk, PitQuery, PitScope};

/// The race's id from its season and round.
const RACE: &str = "(SELECT raceId FROM races WHERE year = ? AND round = ?)";

/// The statement answering `q`. Columns per ask: a season's fastest
/// `driver, race, lap, duration`; a race's fastest or slowest `driver,
/// lap, duration, team`; a driver's `stops, laps, first_lap`; the most
/// `driver, stops`; the total `stops`.
pub(crate) fn pits(q: &PitQuery) -> Compiled {
    let race = match q.scope {
        PitScope::Season(year) => {
            return Compiled {
                sql: format!(
                    "SELECT {DRIVER_NAME} AS driver, ra.name AS race, p.lap, p.duration FROM pit_stops p JOIN races ra ON ra.raceId = p.raceId \
                     JOIN drivers d ON d.driverId = p.driverId WHERE ra.year = ? AND p.milliseconds IS NOT NULL ORDER BY p.milliseconds LIMIT 1"
                ),
                params: vec![json!(year)],
            };
        }
        PitScope::Race(race) => race,
    };
    let mut params = vec![json!(race.year), json!(race.round)];
    let sql = match q.ask {
        PitAsk::Fastest | PitAsk::Slowest => {
            let order = if q.ask == PitAsk::Slowest { " DESC" } else { "" };
            // The car's team that race: "which team made the fastest stop".
            format!(
                "SELECT {DRIVER_NAME} AS driver, p.lap, p.duration, \
                 (SELECT c.name FROM results r JOIN constructors c ON c.constructorId = r.constructorId \
                  WHERE r.raceId = p.raceId AND r.driverId = p.driverId LIMIT 1) AS team \
                 FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId \
                 WHERE p.raceId = {RACE} ORDER BY p.milliseconds{order} LIMIT 1"
            )
        }
        PitAsk::Stops(driver) | PitAsk::FirstStop(driver) => {
            params.push(json!(driver));
            format!(
                "SELECT COUNT(*) AS stops, GROUP_CONCAT(lap, ', ') AS laps, MIN(lap) AS first_lap FROM \
                 (SELECT lap FROM pit_stops WHERE raceId = {RACE} AND driverId = ? ORDER BY lap)"
            )
        }
        PitAsk::Most => format!(
            "SELECT {DRIVER_NAME} AS driver, COUNT(*) AS stops FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId \
             WHERE p.raceId = {RACE} GROUP BY p.driverId ORDER BY stops DESC LIMIT 3"
        ),
        PitAsk::Total => format!("SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = {RACE}"),
    };
    Compiled { sql, params }
}
