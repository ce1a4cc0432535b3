//! A [`QualiQuery`] to parameterised SQL. Times are compared in
//! milliseconds, never as text. Columns per ask, for `phrase::quali`:
//! order `position, driver, best_time`; knock-outs `position, driver, q1,
//! q2, q3`; gap `gap_s, first_driver, first_time, second_driver,
//! second_time`; a driver's times `position, q1, q2, q3`; fastest
//! `driver, time, position`.

use serde_json::json;

use super::race_sql::{ms, race_params, RACE};
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{GapPair, Knockout, QualiAsk, QualiQuery, QUALI_ORDER_FROM};

/// Reached Q3: a Q3 time, or a top-ten qualifying place (Q3 has had ten
/// cars since 2006; a car that reached it without setting a time, like
/// Alonso's P10 at Monza in 2022, has no Q3 time but was not knocked out
/// in Q2).
const REACHED_Q3: &str = "(q.q3 IS NOT NULL OR q.position <= 10)";

/// Reached Q2: a Q2 time, or Q3 reached. (A car that reached Q2 and set
/// no time there, outside the top ten, is not told apart by the data.)
const REACHED_Q2: &str = "(q.q2 IS NOT NULL OR q.q3 IS NOT NULL OR q.position <= 10)";

/// The `qualifying` column of a session.
fn col(session: usize) -> &'static str {
    match session {
        1 => "q.q1",
        2 => "q.q2",
        _ => "q.q3",
    }
}

/// The statement answering `q`.
pub(crate) fn quali(q: &QualiQuery) -> Compiled {
    let mut params = race_params(q.race);
    let sql = match q.ask {
        QualiAsk::Order(n) => {
            params.push(json!(n));
            format!(
                "SELECT q.position, {DRIVER_NAME} AS driver, COALESCE(q.q3, q.q2, q.q1) AS best_time FROM qualifying q \
                 JOIN drivers d ON d.driverId = q.driverId WHERE q.raceId = {RACE} AND q.position <= ? ORDER BY q.position"
            )
        }
        QualiAsk::Knockouts { which, .. } => {
            let cond = match which {
                Knockout::OutInQ1 | Knockout::MissedQ2 => format!("NOT {REACHED_Q2}"),
                Knockout::OutInQ2 => format!("{REACHED_Q2} AND NOT {REACHED_Q3}"),
                Knockout::OutOfQ1 | Knockout::ReachedQ2 => REACHED_Q2.to_string(),
                Knockout::OutOfQ2 | Knockout::ReachedQ3 => REACHED_Q3.to_string(),
                Knockout::MissedQ3 => format!("NOT {REACHED_Q3}"),
            };
            format!(
                "SELECT q.position, {DRIVER_NAME} AS driver, q.q1, q.q2, q.q3 FROM qualifying q JOIN drivers d ON d.driverId = q.driverId \
                 WHERE q.raceId = {RACE} AND {cond} ORDER BY q.position"
            )
        }
        QualiAsk::Gap { session, pair } => {
            let (who_a, who_b) = match pair {
                GapPair::Drivers(a, b) => {
                    params.extend([json!(a), json!(b)]);
                    ("a.driverId = ?", "b.driverId = ?")
                }
                GapPair::PoleAnd(n) => {
                    params.push(json!(n));
                    ("a.position = 1", "b.position = ?")
                }
            };
            let c = col(session);
            let (ca, cb) = (c.replace("q.", "a."), c.replace("q.", "b."));
            format!(
                "SELECT ROUND(ABS({} - {}) / 1000.0, 3) AS gap_s, da.forename || ' ' || da.surname AS first_driver, {ca} AS first_time, \
                 db.forename || ' ' || db.surname AS second_driver, {cb} AS second_time FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId \
                 JOIN drivers da ON da.driverId = a.driverId JOIN drivers db ON db.driverId = b.driverId \
                 WHERE a.raceId = {RACE} AND {who_a} AND {who_b} AND {ca} IS NOT NULL AND {cb} IS NOT NULL",
                ms(&cb),
                ms(&ca),
            )
        }
        QualiAsk::DriverTimes { driver, .. } => {
            params.push(json!(driver));
            format!("SELECT q.position, q.q1, q.q2, q.q3 FROM qualifying q WHERE q.raceId = {RACE} AND q.driverId = ?")
        }
        QualiAsk::Fastest {
            session: Some(s),
            slowest,
        } => {
            let c = col(s);
            let order = if slowest { "DESC" } else { "ASC" };
            format!(
                "SELECT {DRIVER_NAME} AS driver, {c} AS time, q.position FROM qualifying q JOIN drivers d ON d.driverId = q.driverId \
                 WHERE q.raceId = {RACE} AND {c} IS NOT NULL ORDER BY {} {order} LIMIT 1",
                ms(c)
            )
        }
        QualiAsk::Fastest { session: None, .. } => {
            // Pole: qualifying position 1 from 2003, the grid-1 car before.
            let pole = if q.race.year >= QUALI_ORDER_FROM {
                "q.position = 1"
            } else {
                "q.driverId = (SELECT r.driverId FROM results r WHERE r.raceId = q.raceId AND r.grid = 1 LIMIT 1)"
            };
            format!(
                "SELECT {DRIVER_NAME} AS driver, COALESCE(q.q3, q.q2, q.q1) AS time, q.position FROM qualifying q \
                 JOIN drivers d ON d.driverId = q.driverId WHERE q.raceId = {RACE} AND {pole}"
            )
        }
    };
    Compiled { sql, params }
}
