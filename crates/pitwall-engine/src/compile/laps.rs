//! A [`LapQuery`] to parameterised SQL over `results`' fastest-lap
//! columns. Columns: a speed `driver, year, race, speed_kph,
//! fastestLapTime, lap`; a driver's own lap `fastestLapTime, lap, rank,
//! speed_kph`; recorded `COUNT(*)`.

use serde_json::json;

use super::race_sql::{race_params, race_scope, RACE};
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{LapQuery, RaceScope};

/// The statement answering `q`.
pub(crate) fn laps(q: &LapQuery) -> Compiled {
    let (scope, driver, lowest) = match q {
        LapQuery::Speed {
            scope,
            driver,
            lowest,
        } => (scope, *driver, *lowest),
        LapQuery::OwnLap { race, driver } => {
            let mut params = race_params(race);
            params.push(json!(driver));
            return Compiled {
                sql: format!(
                    "SELECT r.fastestLapTime, r.fastestLap AS lap, r.rank, r.fastestLapSpeed AS speed_kph FROM results r \
                     WHERE r.raceId = {RACE} AND r.driverId = ?"
                ),
                params,
            };
        }
        LapQuery::Recorded(race) => {
            return Compiled {
                sql: format!("SELECT COUNT(*) FROM results WHERE raceId = {RACE} AND rank = 1"),
                params: race_params(race),
            }
        }
    };
    let mut params = Vec::new();
    let mut conds = vec!["r.fastestLapSpeed IS NOT NULL".to_string()];
    race_scope(scope, &mut conds, &mut params);
    // A race's fastest lap, unless a driver's own is asked.
    if matches!(scope, RaceScope::Race(_)) && driver.is_none() {
        conds.push("r.rank = 1".into());
    }
    if let Some(id) = driver {
        conds.push("r.driverId = ?".into());
        params.push(json!(id));
    }
    let order = if lowest { "ASC" } else { "DESC" };
    Compiled {
        sql: format!(
            "SELECT {DRIVER_NAME} AS driver, ra.year, ra.name AS race, r.fastestLapSpeed AS speed_kph, r.fastestLapTime, r.fastestLap AS lap \
             FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId \
             JOIN drivers d ON d.driverId = r.driverId WHERE {} ORDER BY CAST(r.fastestLapSpeed AS REAL) {order} LIMIT 1",
            conds.join(" AND ")
        ),
        params,
    }
}
