//! Queries over races rather than result rows: one-two finishes of a
//! constructor and races held (by season, place, month or sprint weekend).

use serde_json::json;

use super::{qualifiers, Compiled, Where, LIST_ROWS};
use crate::query::{Query, Shape, Sprints, Subject};

/// Races where the constructor's cars finished first and second.
pub(super) fn one_two(q: &Query, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let mut w = Where::default();
    w.add("x.position IN (1, 2)", []);
    if let Subject::Constructor(id) = q.subject {
        w.add("x.constructorId = ?", [json!(id)]);
    }
    qualifiers(&q.filters, &mut w, circuit_ref);
    let races = format!(
        "SELECT ra.raceId, ra.name AS race, ra.year, ra.date, c.name AS constructor \
         FROM results x JOIN races ra ON ra.raceId = x.raceId \
         JOIN circuits ci ON ci.circuitId = ra.circuitId \
         JOIN constructors c ON c.constructorId = x.constructorId \
         JOIN drivers d ON d.driverId = x.driverId{} \
         GROUP BY ra.raceId, x.constructorId HAVING COUNT(DISTINCT x.position) = 2",
        w.sql()
    );
    let sql = match q.shape {
        Shape::First => {
            format!("SELECT race, year, date, constructor FROM ({races}) ORDER BY date ASC LIMIT 1")
        }
        Shape::Last => {
            format!(
                "SELECT race, year, date, constructor FROM ({races}) ORDER BY date DESC LIMIT 1"
            )
        }
        Shape::Races => format!(
            "SELECT year, race, date, COUNT(*) OVER () AS total FROM ({races}) ORDER BY date LIMIT {LIST_ROWS}"
        ),
        Shape::Years => format!(
            "SELECT year, COUNT(*) AS one_two_finishes FROM ({races}) GROUP BY year ORDER BY year"
        ),
        Shape::Leaders(n) => format!(
            "SELECT constructor AS name, COUNT(*) AS one_two_finishes FROM ({races}) \
             GROUP BY constructor ORDER BY one_two_finishes DESC LIMIT {}",
            n + 10
        ),
        _ => format!("SELECT COUNT(*) AS one_two_finishes FROM ({races})"),
    };
    Compiled {
        sql,
        params: w.params,
    }
}

/// Races held: rows of `races` (with results or not), filtered by season,
/// place and month. Columns as for per-result queries.
pub(super) fn held(q: &Query, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let mut w = Where::default();
    w.add("ra.date <= (SELECT MAX(ra2.date) FROM races ra2 JOIN results r2 ON r2.raceId = ra2.raceId)", []);
    // "How many sprint races were held": weekends with sprint results.
    if q.filters.sprints == Sprints::Only {
        w.add("ra.raceId IN (SELECT raceId FROM sprint_results)", []);
    }
    qualifiers(&q.filters, &mut w, circuit_ref);
    let from = "FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId";
    let wh = w.sql();
    let sql = match q.shape {
        Shape::Years => format!(
            "SELECT ra.year, COUNT(*) AS races_held {from}{wh} GROUP BY ra.year ORDER BY ra.year"
        ),
        Shape::Races => {
            format!(
                "SELECT ra.year, ra.name AS race, ra.date, COUNT(*) OVER () AS total {from}{wh} \
                 ORDER BY ra.date LIMIT {LIST_ROWS}"
            )
        }
        Shape::First | Shape::Last => {
            let dir = if q.shape == Shape::First {
                "ASC"
            } else {
                "DESC"
            };
            format!(
                "SELECT ra.name AS race, ra.year, ra.date, ci.name AS circuit {from}{wh} \
                 ORDER BY ra.date {dir} LIMIT 1"
            )
        }
        Shape::Distinct(_) => format!("SELECT COUNT(DISTINCT ra.circuitId) AS count {from}{wh}"),
        _ => format!("SELECT COUNT(*) AS races_held {from}{wh}"),
    };
    Compiled {
        sql,
        params: w.params,
    }
}
