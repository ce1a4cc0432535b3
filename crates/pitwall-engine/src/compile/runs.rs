//! Queries over the order of results: streaks (gaps and islands over a
//! driver's own entries in date order) and ages at the race.

use serde_json::json;

use super::{qualifiers, Compiled, Where, FROM_RESULTS};
use crate::intents::DRIVER_NAME;
use crate::query::{Query, Shape, Subject};

/// Completed years between `d.dob` and `ra.date`.
pub(crate) const AGE_YEARS: &str =
    "(CAST(strftime('%Y', ra.date) AS INTEGER) - CAST(strftime('%Y', d.dob) AS INTEGER) \
     - (strftime('%m-%d', ra.date) < strftime('%m-%d', d.dob)))";

/// The longest unbroken runs of `cond` over each driver's entries.
/// Columns: `(name, streak, from, to)`, longest first.
pub(crate) fn streak(q: &Query, cond: &str, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let mut w = Where::default();
    if let Subject::Driver(id) = q.subject {
        w.add("x.driverId = ?", [json!(id)]);
    } else {
        // Only drivers with at least one such result can have a run: the
        // window functions then number a fraction of all result rows.
        let had = cond.replace("x.", "x2.");
        w.add(
            format!("x.driverId IN (SELECT x2.driverId FROM results x2 WHERE {had})"),
            [],
        );
    }
    qualifiers(&q.filters, &mut w, circuit_ref);
    let sql = format!(
        "WITH e AS (SELECT x.driverId, ra.date, CASE WHEN {cond} THEN 1 ELSE 0 END AS hit, \
         ROW_NUMBER() OVER (PARTITION BY x.driverId ORDER BY ra.date, ra.raceId) AS n {FROM_RESULTS}{}), \
         g AS (SELECT driverId, date, n - ROW_NUMBER() OVER (PARTITION BY driverId ORDER BY n) AS grp FROM e WHERE hit = 1) \
         SELECT {DRIVER_NAME} AS name, COUNT(*) AS streak, MIN(g.date) AS from_date, MAX(g.date) AS to_date \
         FROM g JOIN drivers d ON d.driverId = g.driverId GROUP BY g.driverId, g.grp \
         ORDER BY streak DESC, from_date LIMIT 10",
        w.sql()
    );
    Compiled {
        sql,
        params: w.params,
    }
}

/// The youngest or oldest driver at a race with `cond`. Columns:
/// `(name, age, race, year, date)`.
pub(crate) fn age(q: &Query, cond: &str, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let mut w = Where::default();
    w.add(cond, []);
    w.add("d.dob IS NOT NULL", []);
    if let Subject::Driver(id) = q.subject {
        w.add("x.driverId = ?", [json!(id)]);
    }
    qualifiers(&q.filters, &mut w, circuit_ref);
    let (pick, order) = if q.shape == Shape::Oldest {
        ("MAX", "DESC")
    } else {
        ("MIN", "ASC")
    };
    // Only each driver's first (youngest) or last (oldest) such race can
    // hold the record: rank one candidate per driver, not every row.
    let sql = format!(
        "WITH c AS (SELECT x.driverId, {pick}(ra.date) AS date {FROM_RESULTS}{} GROUP BY x.driverId) \
         SELECT {DRIVER_NAME} AS name, {AGE_YEARS} AS age, ra.name AS race, ra.year, ra.date \
         FROM c JOIN drivers d ON d.driverId = c.driverId \
         JOIN races ra ON ra.date = c.date \
         JOIN results x ON x.raceId = ra.raceId AND x.driverId = c.driverId \
         ORDER BY julianday(ra.date) - julianday(d.dob) {order} LIMIT 1",
        w.sql()
    );
    Compiled {
        sql,
        params: w.params,
    }
}
