//! Queries over the order of results: streaks (gaps and islands over a
//! driver's own entries in date order) and ages at the race.

use serde_json::json;

use super::{qualifiers, Compiled, Where, FROM_RESULTS};
use crate::intents::DRIVER_NAME;
use crate::query::{Filters, Query, Shape, Subject};

/// Completed years between `d.dob` and `ra.date`.
pub(crate) const AGE_YEARS: &str =
    "(CAST(strftime('%Y', ra.date) AS INTEGER) - CAST(strftime('%Y', d.dob) AS INTEGER) \
     - (strftime('%m-%d', ra.date) < strftime('%m-%d', d.dob)))";

/// The longest unbroken runs of `cond` over each driver's entries.
/// Columns: `(name, streak, from, to)`, longest first. Over every driver
/// with no qualifier they are read from the import's `agg_driver_runs`
/// (measure `runs`); a scan with window functions took 20–40 ms.
pub(crate) fn streak(
    q: &Query,
    cond: &str,
    runs: &str,
    circuit_ref: impl Fn(i64) -> String,
) -> Compiled {
    if q.subject == Subject::Drivers && q.filters == Filters::default() {
        streak_from_runs(runs)
    } else {
        streak_scan(q, cond, circuit_ref)
    }
}

/// [`streak`] over every driver with no qualifier, from `agg_driver_runs`.
pub(crate) fn streak_from_runs(runs: &str) -> Compiled {
    Compiled {
        sql: format!(
            "SELECT {DRIVER_NAME} AS name, x.streak, x.from_date, x.to_date \
             FROM agg_driver_runs x JOIN drivers d ON d.driverId = x.driverId \
             WHERE x.measure = ? ORDER BY x.streak DESC, x.from_date, name LIMIT 10"
        ),
        params: vec![json!(runs)],
    }
}

/// [`streak`] with window functions over the matching result rows.
pub(crate) fn streak_scan(q: &Query, cond: &str, circuit_ref: impl Fn(i64) -> String) -> Compiled {
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
         ORDER BY streak DESC, from_date, name LIMIT 10",
        w.sql()
    );
    Compiled {
        sql,
        params: w.params,
    }
}

/// The youngest or oldest driver at a race with `cond`. Columns:
/// `(name, age, race, year, date)`. `dates` names the counted result in
/// the import's `agg_driver_dates` table: an all-time record over every
/// driver then reads each driver's first or last such date from there
/// instead of grouping every result row (a first call took 15–42 ms).
pub(crate) fn age(
    q: &Query,
    cond: &str,
    dates: &str,
    circuit_ref: impl Fn(i64) -> String,
) -> Compiled {
    if q.subject == Subject::Drivers && q.filters == Filters::default() {
        age_from_dates(q, cond, dates)
    } else {
        age_scan(q, cond, circuit_ref)
    }
}

/// [`age`] over every driver with no qualifier, from `agg_driver_dates`.
pub(crate) fn age_from_dates(q: &Query, cond: &str, dates: &str) -> Compiled {
    let (column, order) = if q.shape == Shape::Oldest {
        ("last_race", "DESC")
    } else {
        ("first_race", "ASC")
    };
    let sql = format!(
        "WITH c AS (SELECT driverId, {column} AS raceId FROM agg_driver_dates WHERE measure = ?) \
         SELECT {DRIVER_NAME} AS name, {AGE_YEARS} AS age, ra.name AS race, ra.year, ra.date \
         FROM c JOIN drivers d ON d.driverId = c.driverId \
         JOIN races ra ON ra.raceId = c.raceId \
         JOIN results x ON x.raceId = ra.raceId AND x.driverId = c.driverId AND {cond} \
         WHERE d.dob IS NOT NULL \
         ORDER BY julianday(ra.date) - julianday(d.dob) {order} LIMIT 1"
    );
    Compiled {
        sql,
        params: vec![json!(dates)],
    }
}

/// [`age`] by grouping the matching result rows per driver.
pub(crate) fn age_scan(q: &Query, cond: &str, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let (pick, order) = if q.shape == Shape::Oldest {
        ("MAX", "DESC")
    } else {
        ("MIN", "ASC")
    };
    let mut w = Where::default();
    w.add(cond, []);
    w.add("d.dob IS NOT NULL", []);
    if let Subject::Driver(id) = q.subject {
        w.add("x.driverId = ?", [json!(id)]);
    }
    qualifiers(&q.filters, &mut w, circuit_ref);
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
