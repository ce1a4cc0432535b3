//! A [`DriverFacts`] or [`BirthQuery`] to parameterised SQL over
//! `drivers`. Columns: a driver's facts `driver, code, number, driverRef,
//! dob, nationality, url` (see `DriverField::column`); a season's numbers
//! `numbers`; an extreme starter `driver, dob`; drivers born in a span
//! `driver, dob, nationality, total`.

use serde_json::{json, Value};

use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{BirthQuery, DriverFacts};

/// Who started a Grand Prix (the starts convention).
const STARTERS: &str = "positionText NOT IN ('F', 'W')";

/// The statement answering `q`.
pub(crate) fn driver_facts(q: &DriverFacts) -> Compiled {
    match q {
        DriverFacts::Fields { driver, .. } => Compiled {
            sql: "SELECT forename || ' ' || surname AS driver, code, number, driverRef, dob, nationality, url FROM drivers WHERE driverId = ?".into(),
            params: vec![json!(driver)],
        },
        DriverFacts::SeasonNumbers { driver, season } => Compiled {
            sql: "SELECT GROUP_CONCAT(DISTINCT r.number) AS numbers FROM results r JOIN races ra ON ra.raceId = r.raceId \
                  WHERE r.driverId = ? AND ra.year = ?"
                .into(),
            params: vec![json!(driver), json!(season)],
        },
    }
}

/// The statement answering `q`.
pub(crate) fn birth(q: &BirthQuery) -> Compiled {
    match q {
        BirthQuery::ExtremeStarter { season, youngest } => {
            let order = if *youngest { "DESC" } else { "ASC" };
            Compiled {
                sql: format!(
                    "SELECT {DRIVER_NAME} AS driver, d.dob FROM drivers d WHERE d.driverId IN (SELECT r.driverId FROM results r \
                     JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = ? AND r.{STARTERS}) \
                     AND d.dob IS NOT NULL ORDER BY d.dob {order} LIMIT 1"
                ),
                params: vec![json!(season)],
            }
        }
        BirthQuery::Born {
            range,
            nationality,
            raced,
            ..
        } => {
            let mut conds = Vec::new();
            let mut params: Vec<Value> = Vec::new();
            let (from, until) = range.years();
            if let Some(y) = from {
                conds.push("d.dob >= ?");
                params.push(json!(format!("{y}-01-01")));
            }
            if let Some(y) = until {
                conds.push("d.dob < ?");
                params.push(json!(format!("{y}-01-01")));
            }
            if let Some(n) = nationality {
                conds.push("d.nationality = ?");
                params.push(json!(n));
            }
            let raced_cond =
                format!("d.driverId IN (SELECT driverId FROM results WHERE {STARTERS})");
            if *raced {
                conds.push(&raced_cond);
            }
            Compiled {
                sql: format!(
                    "SELECT {DRIVER_NAME} AS driver, d.dob, d.nationality, COUNT(*) OVER () AS total FROM drivers d WHERE {} ORDER BY d.dob",
                    conds.join(" AND ")
                ),
                params,
            }
        }
    }
}
