//! A [`Roster`] to parameterised SQL over race results. Columns: a
//! constructor's `driver, first_year, last_year, races` (by debut); a
//! driver's `constructor, first_year, last_year` (by first race).

use serde_json::{json, Value};

use super::{finals_cte, Compiled};
use crate::intents::DRIVER_NAME;
use crate::query::{Roster, RosterOf};

/// The statement answering `q`.
pub(crate) fn roster(q: &Roster) -> Compiled {
    let mut params: Vec<Value> = Vec::new();
    let season = if q.season.is_some() {
        " AND ra.year = ?"
    } else {
        ""
    };
    let sql = match q.of {
        RosterOf::Constructor(id) => {
            params.push(json!(id));
            format!(
                "SELECT {DRIVER_NAME} AS driver, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year, COUNT(*) AS races \
                 FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId \
                 WHERE r.constructorId = ?{season} GROUP BY r.driverId ORDER BY MIN(ra.date), races DESC"
            )
        }
        RosterOf::Driver(id) => {
            let (prefix, cond) = match q.title_years {
                Some(last_complete) => {
                    params.extend([json!(last_complete), json!(id)]);
                    (
                        finals_cte("driver_standings"),
                        " AND ra.year IN (SELECT ra2.year FROM driver_standings s JOIN races ra2 ON ra2.raceId = s.raceId \
                         WHERE s.raceId IN (SELECT raceId FROM finals) AND s.position = 1 AND s.driverId = ?)",
                    )
                }
                None => (String::new(), season),
            };
            params.push(json!(id));
            format!(
                "{prefix}SELECT c.name AS constructor, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year FROM results r \
                 JOIN races ra ON ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId \
                 WHERE r.driverId = ?{cond} GROUP BY r.constructorId ORDER BY MIN(ra.date)"
            )
        }
    };
    params.extend(q.season.map(|y| json!(y)));
    Compiled { sql, params }
}

/// Every constructor a driver has a result with. Columns:
/// `constructorId, name`.
pub(crate) fn teams_of(driver: i64) -> Compiled {
    Compiled {
        sql: "SELECT c.constructorId, c.name FROM constructors c WHERE c.constructorId IN \
              (SELECT constructorId FROM results WHERE driverId = ?) ORDER BY c.name"
            .into(),
        params: vec![json!(driver)],
    }
}
