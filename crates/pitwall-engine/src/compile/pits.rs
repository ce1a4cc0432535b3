//! A [`PitQuery`] to parameterised SQL over `pit_stops`.

use serde_json::json;

use super::race_sql::{race_params, RACE};
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{PitAsk, PitQuery, PitScope, PitWho};

/// The statement answering `q`. Columns per ask: a season's fastest
/// `driver, race, lap, duration`; a race's fastest or slowest `driver,
/// lap, duration, team`; a driver's `stops, laps, first_lap`; the most
/// `driver, stops`; the total `stops`.
pub(crate) fn pits(q: &PitQuery) -> Compiled {
    if let PitAsk::Laps(_) | PitAsk::Time { .. } | PitAsk::TeamStops(_) = q.ask {
        return facts(q);
    }
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
    let mut params = race_params(race);
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
             WHERE p.raceId = {RACE} GROUP BY p.driverId ORDER BY stops DESC, driver"
        ),
        PitAsk::Total => format!("SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = {RACE}"),
        // Compiled by `facts` above, for a race or a season.
        PitAsk::Laps(_) | PitAsk::Time { .. } | PitAsk::TeamStops(_) => return facts(q),
    };
    Compiled { sql, params }
}

/// The fact family's asks, over stops joined to their result rows (for a
/// team). Columns: laps `stop, lap, duration`; times `avg_s, total_s,
/// stops`; a team's stops `stops, drivers`.
fn facts(q: &PitQuery) -> Compiled {
    let (scope, mut params) = match q.scope {
        PitScope::Race(race) => (format!("p.raceId = {RACE}"), race_params(race)),
        PitScope::Season(year) => (
            "p.raceId IN (SELECT raceId FROM races WHERE year = ?)".to_string(),
            vec![json!(year)],
        ),
    };
    let who = match q.ask {
        PitAsk::Laps(id)
        | PitAsk::Time {
            who: PitWho::Driver(id),
            ..
        } => Some(("p.driverId = ?", id)),
        PitAsk::TeamStops(id)
        | PitAsk::Time {
            who: PitWho::Team(id),
            ..
        } => Some(("r.constructorId = ?", id)),
        _ => None,
    };
    let who_sql = match who {
        Some((cond, id)) => {
            params.push(json!(id));
            cond
        }
        None => "1 = 1",
    };
    let from = "FROM pit_stops p JOIN results r ON r.raceId = p.raceId AND r.driverId = p.driverId";
    let sql = match q.ask {
        PitAsk::Laps(_) => format!(
            "SELECT p.stop, p.lap, p.duration {from} WHERE {scope} AND {who_sql} ORDER BY p.stop"
        ),
        PitAsk::Time { .. } => format!(
            "SELECT ROUND(AVG(p.milliseconds) / 1000.0, 3) AS avg_s, ROUND(SUM(p.milliseconds) / 1000.0, 3) AS total_s, COUNT(*) AS stops \
             {from} WHERE {scope} AND {who_sql} AND p.milliseconds IS NOT NULL"
        ),
        _ => format!(
            "SELECT COUNT(*) AS stops, COUNT(DISTINCT p.driverId) AS drivers {from} WHERE {scope} AND {who_sql}"
        ),
    };
    Compiled { sql, params }
}
