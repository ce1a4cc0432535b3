//! Checks on the next generation before it may replace the served data.
//! Any problem keeps the current data and is reported (and alerted).

use std::collections::BTreeMap;

use rusqlite::Connection;

use crate::error::SyncError;

/// Row counts of the tables a sync writes.
pub const COUNTED: [&str; 11] = [
    "seasons",
    "circuits",
    "drivers",
    "constructors",
    "status",
    "races",
    "results",
    "sprint_results",
    "qualifying",
    "driver_standings",
    "constructor_standings",
];

/// Row counts of [`COUNTED`] (and `constructor_results`).
pub fn counts(conn: &Connection) -> Result<BTreeMap<String, i64>, SyncError> {
    let mut out = BTreeMap::new();
    for table in COUNTED.iter().chain(["constructor_results"].iter()) {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| SyncError::sqlite(format!("counting {table}"), e))?;
        out.insert((*table).to_string(), n);
    }
    Ok(out)
}

fn rows(conn: &Connection, sql: &str, race_ids: &[i64]) -> Result<Vec<String>, SyncError> {
    let list = race_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = sql.replace("{races}", &list);
    let mut stmt = conn
        .prepare(&sql)
        .map_err(|e| SyncError::sqlite("preparing a check", e))?;
    let found = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| SyncError::sqlite("running a check", e))?;
    Ok(found)
}

/// Validates the merged file: counts grew exactly by what was inserted, no
/// duplicate row per (race, driver) or (race, constructor) in the synced
/// races, every row references a known race, driver, constructor and
/// status, and standings moved by exactly the race and sprint points scored
/// in the round wherever the previous round's standings are there (to
/// 0.01: half points exist).
pub fn validate(
    conn: &Connection,
    before: &BTreeMap<String, i64>,
    added: &BTreeMap<&'static str, i64>,
    race_ids: &[i64],
) -> Result<(), SyncError> {
    let mut problems = Vec::new();
    let after = counts(conn)?;
    for (table, n) in &after {
        let expected = before.get(table).copied().unwrap_or(0)
            + added.get(table.as_str()).copied().unwrap_or(0);
        if *n != expected {
            problems.push(format!("{table}: {n} rows, expected {expected}"));
        }
    }
    if race_ids.is_empty() {
        return finish(problems);
    }
    let checks: [(&str, &str); 9] = [
        ("duplicate result", "SELECT raceId || '/' || driverId FROM results WHERE raceId IN ({races}) GROUP BY raceId, driverId HAVING count(*) > 1"),
        ("duplicate sprint result", "SELECT raceId || '/' || driverId FROM sprint_results WHERE raceId IN ({races}) GROUP BY raceId, driverId HAVING count(*) > 1"),
        ("duplicate qualifying", "SELECT raceId || '/' || driverId FROM qualifying WHERE raceId IN ({races}) GROUP BY raceId, driverId HAVING count(*) > 1"),
        ("duplicate driver standing", "SELECT raceId || '/' || driverId FROM driver_standings WHERE raceId IN ({races}) GROUP BY raceId, driverId HAVING count(*) > 1"),
        ("duplicate constructor standing", "SELECT raceId || '/' || constructorId FROM constructor_standings WHERE raceId IN ({races}) GROUP BY raceId, constructorId HAVING count(*) > 1"),
        ("result with an unknown reference", "SELECT 'resultId ' || x.resultId FROM results x LEFT JOIN races ra USING (raceId) LEFT JOIN drivers d USING (driverId) \
          LEFT JOIN constructors c USING (constructorId) LEFT JOIN status s USING (statusId) \
          WHERE x.raceId IN ({races}) AND (ra.raceId IS NULL OR d.driverId IS NULL OR c.constructorId IS NULL OR s.statusId IS NULL)"),
        ("sprint result with an unknown reference", "SELECT 'resultId ' || x.resultId FROM sprint_results x LEFT JOIN races ra USING (raceId) LEFT JOIN drivers d USING (driverId) \
          LEFT JOIN constructors c USING (constructorId) LEFT JOIN status s USING (statusId) \
          WHERE x.raceId IN ({races}) AND (ra.raceId IS NULL OR d.driverId IS NULL OR c.constructorId IS NULL OR s.statusId IS NULL)"),
        ("driver standings off the points scored", "WITH cur AS (SELECT ra.raceId, ra.year, ra.round FROM races ra WHERE ra.raceId IN ({races})), \
          prev AS (SELECT cur.raceId, p.raceId AS prevId FROM cur JOIN races p ON p.year = cur.year AND p.round = cur.round - 1), \
          scored AS (SELECT raceId, driverId, sum(points) AS pts FROM (SELECT raceId, driverId, points FROM results UNION ALL \
            SELECT raceId, driverId, points FROM sprint_results) WHERE raceId IN ({races}) GROUP BY raceId, driverId) \
          SELECT cur.year || '/' || cur.round || ' driver ' || ds.driverId || ': ' || ds.points || ' != ' || (coalesce(pd.points, 0) + coalesce(sc.pts, 0)) \
          FROM cur JOIN driver_standings ds ON ds.raceId = cur.raceId LEFT JOIN prev ON prev.raceId = cur.raceId \
          LEFT JOIN driver_standings pd ON pd.raceId = prev.prevId AND pd.driverId = ds.driverId \
          LEFT JOIN scored sc ON sc.raceId = cur.raceId AND sc.driverId = ds.driverId \
          WHERE (cur.round = 1 OR EXISTS (SELECT 1 FROM driver_standings z WHERE z.raceId = prev.prevId)) \
          AND abs(ds.points - coalesce(pd.points, 0) - coalesce(sc.pts, 0)) > 0.01"),
        ("constructor standings off the points scored", "WITH cur AS (SELECT ra.raceId, ra.year, ra.round FROM races ra WHERE ra.raceId IN ({races})), \
          prev AS (SELECT cur.raceId, p.raceId AS prevId FROM cur JOIN races p ON p.year = cur.year AND p.round = cur.round - 1), \
          scored AS (SELECT raceId, constructorId, sum(points) AS pts FROM (SELECT raceId, constructorId, points FROM results UNION ALL \
            SELECT raceId, constructorId, points FROM sprint_results) WHERE raceId IN ({races}) GROUP BY raceId, constructorId) \
          SELECT cur.year || '/' || cur.round || ' constructor ' || cs.constructorId || ': ' || cs.points || ' != ' || (coalesce(pc.points, 0) + coalesce(sc.pts, 0)) \
          FROM cur JOIN constructor_standings cs ON cs.raceId = cur.raceId LEFT JOIN prev ON prev.raceId = cur.raceId \
          LEFT JOIN constructor_standings pc ON pc.raceId = prev.prevId AND pc.constructorId = cs.constructorId \
          LEFT JOIN scored sc ON sc.raceId = cur.raceId AND sc.constructorId = cs.constructorId \
          WHERE (cur.round = 1 OR EXISTS (SELECT 1 FROM constructor_standings z WHERE z.raceId = prev.prevId)) \
          AND abs(cs.points - coalesce(pc.points, 0) - coalesce(sc.pts, 0)) > 0.01"),
    ];
    for (what, sql) in checks {
        for found in rows(conn, sql, race_ids)?.into_iter().take(5) {
            problems.push(format!("{what}: {found}"));
        }
    }
    finish(problems)
}

fn finish(problems: Vec<String>) -> Result<(), SyncError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SyncError::Validation { problems })
    }
}
