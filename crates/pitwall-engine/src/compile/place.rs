//! A [`PlaceQuery`] to parameterised SQL. The place is one condition on
//! the race's circuit (`ci`) or name (`ra`), with its value bound.

use serde_json::{json, Value};

use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::pick::Loc;
use crate::query::{PlaceAsk, PlaceQuery};

/// The condition selecting the place and its value; a circuit is bound by
/// its reference (`circuit_ref` of its id).
fn place(loc: &Loc, circuit_ref: impl Fn(i64) -> String) -> (String, Vec<Value>) {
    match loc {
        Loc::Circuit(id) => ("ci.circuitRef = ?".into(), vec![json!(circuit_ref(*id))]),
        Loc::RaceName(n) => ("ra.name = ?".into(), vec![json!(n)]),
        Loc::Country(c) => {
            let names = crate::index::same_country(c);
            let marks = vec!["?"; names.len()].join(", ");
            (
                format!("ci.country IN ({marks})"),
                names.into_iter().map(Value::from).collect(),
            )
        }
    }
}

/// Only races with results (a race on the calendar not yet run is not
/// one "held").
const RUN: &str = "EXISTS (SELECT 1 FROM results r WHERE r.raceId = ra.raceId)";

/// The statement answering `q`. Columns: a location's `name, location,
/// country`; the first or last race's `year, race, date, winner`; the most
/// `driver|constructor, <stat>`; races held `races, first_year, last_year`.
pub(crate) fn place_query(q: &PlaceQuery, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let (cond, args) = place(&q.place, circuit_ref);
    let sql = match q.ask {
        PlaceAsk::Location if matches!(q.place, Loc::Circuit(_)) => {
            "SELECT ci.name, ci.location, ci.country FROM circuits ci WHERE ci.circuitRef = ?".to_string()
        }
        PlaceAsk::Location => format!(
            "SELECT DISTINCT ci.name, ci.location, ci.country FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId \
             WHERE {cond} ORDER BY ci.name"
        ),
        PlaceAsk::FirstOrLast(last) => {
            let order = if last { " DESC" } else { "" };
            format!(
                "SELECT ra.year, ra.name AS race, ra.date, (SELECT {DRIVER_NAME} FROM results r \
                 JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = ra.raceId AND r.position = 1) AS winner \
                 FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId \
                 WHERE {cond} AND {RUN} ORDER BY ra.date{order} LIMIT 1"
            )
        }
        PlaceAsk::Most { stat, teams } => {
            let (name, key, join, count) = if teams {
                (
                    "c.name AS constructor".to_string(),
                    "constructorId",
                    "JOIN constructors c ON c.constructorId = r.constructorId",
                    // A team's one-two is one win, not two.
                    "COUNT(DISTINCT r.raceId)",
                )
            } else {
                (
                    format!("{DRIVER_NAME} AS driver"),
                    "driverId",
                    "JOIN drivers d ON d.driverId = r.driverId",
                    "COUNT(*)",
                )
            };
            let col = stat.label();
            format!(
                "SELECT {name}, {count} AS {col} FROM results r JOIN races ra ON ra.raceId = r.raceId \
                 JOIN circuits ci ON ci.circuitId = ra.circuitId {join} WHERE {} AND {cond} \
                 GROUP BY r.{key} ORDER BY {col} DESC LIMIT 5",
                stat.cond().unwrap_or("1 = 1")
            )
        }
        PlaceAsk::Held => format!(
            "SELECT COUNT(*) AS races, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year FROM races ra \
             JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE {cond} AND {RUN}"
        ),
    };
    Compiled { sql, params: args }
}
