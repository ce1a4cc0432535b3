//! A [`RaceDetail`] to parameterised SQL. Columns: a race column `url,
//! date, time, round, circuit, location, country` (see
//! `RaceColumn::column`); a session `date, time_utc`; a race time `time,
//! driver, laps, positionText, milliseconds`.

use serde_json::json;

use super::race_sql::{race_params, RACE};
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{RaceDetail, RaceDetailAsk};

/// The statement answering `q`.
pub(crate) fn race_detail(q: &RaceDetail) -> Compiled {
    let mut params = race_params(q.race);
    let sql = match q.ask {
        RaceDetailAsk::Column(_) => "SELECT ra.url, ra.date, ra.time, ra.round, ci.name AS circuit, ci.location, ci.country FROM races ra \
               JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE ra.year = ? AND ra.round = ?".to_string(),
        RaceDetailAsk::Session(s) => {
            // Session columns are constants of the query type, never user text.
            let (date, time) = s.columns();
            format!("SELECT {date} AS date, {time} AS time_utc FROM races WHERE year = ? AND round = ?")
        }
        RaceDetailAsk::RaceTime(driver) => {
            let who = if driver.is_some() {
                "r.driverId = ?"
            } else {
                "r.position = 1"
            };
            params.extend(driver.map(|d| json!(d)));
            format!(
                "SELECT r.time, {DRIVER_NAME} AS driver, r.laps, r.positionText, r.milliseconds FROM results r \
                 JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = {RACE} AND {who}"
            )
        }
    };
    Compiled { sql, params }
}
