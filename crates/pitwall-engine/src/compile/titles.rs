//! Championship titles: position 1 in the standings after each completed
//! season's final round (the README's convention; the season in progress
//! is not decided).

use serde_json::json;

use super::runs::AGE_YEARS;
use super::{Compiled, Where};
use crate::intents::DRIVER_NAME;
use crate::query::{Counted, Query, Shape, Subject};

/// Titles as rows `(id, year)` filtered by the query. Columns by shape as
/// for per-result queries; First/Last give `(year, year, year, name)`.
pub(crate) fn titles(q: &Query, last_complete: i64) -> Compiled {
    let team = q.team_title || q.subject.is_team();
    let (standings, key, name, join) = if team {
        (
            "constructor_standings",
            "s.constructorId",
            "c.name",
            "JOIN constructors c ON c.constructorId = s.constructorId",
        )
    } else {
        (
            "driver_standings",
            "s.driverId",
            DRIVER_NAME,
            "JOIN drivers d ON d.driverId = s.driverId",
        )
    };
    let mut w = Where::default();
    w.add(
        format!(
            "s.raceId IN (SELECT ra2.raceId FROM races ra2 JOIN (SELECT year, MAX(round) AS round FROM races \
             WHERE raceId IN (SELECT raceId FROM {standings}) AND year <= ? GROUP BY year) f \
             ON f.year = ra2.year AND f.round = ra2.round)"
        ),
        [json!(last_complete)],
    );
    w.add("s.position = 1", []);
    match q.subject {
        Subject::Driver(id) | Subject::Constructor(id) => w.add(format!("{key} = ?"), [json!(id)]),
        Subject::Pair(a, b) | Subject::TeamPair(a, b) => {
            w.add(format!("{key} IN (?, ?)"), [json!(a), json!(b)]);
        }
        _ => {}
    }
    let f = &q.filters;
    if let Some(s) = f.seasons {
        w.add("ra.year BETWEEN ? AND ?", [json!(s.from), json!(s.to)]);
    }
    if let (Some((id, _)), false) = (&f.team, team) {
        w.add(
            "EXISTS (SELECT 1 FROM results r2 JOIN races ra2 ON ra2.raceId = r2.raceId \
             WHERE r2.driverId = s.driverId AND ra2.year = ra.year AND r2.constructorId = ?)",
            [json!(id)],
        );
    }
    if let (Some(n), false) = (&f.driver_nationality, team) {
        w.add("d.nationality = ?", [json!(n)]);
    }
    if let (Some(n), true) = (&f.team_nationality, team) {
        w.add("c.nationality = ?", [json!(n)]);
    }
    let from = format!("FROM {standings} s JOIN races ra ON ra.raceId = s.raceId {join}");
    let wh = w.sql();
    let sql = match q.shape {
        Shape::Count if matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..)) => format!(
            "SELECT {name} AS name, COUNT(*) AS titles {from}{wh} GROUP BY {key} ORDER BY titles DESC, name"
        ),
        Shape::Years => format!("SELECT ra.year, {name} AS champion {from}{wh} ORDER BY ra.year"),
        Shape::Leaders(n) => format!(
            "SELECT {name} AS name, COUNT(*) AS titles {from}{wh} GROUP BY {key} \
             ORDER BY titles DESC, name LIMIT {}",
            n + 10
        ),
        Shape::First | Shape::Last => {
            let dir = if q.shape == Shape::First {
                "ASC"
            } else {
                "DESC"
            };
            // "How old was he when he won his first title": his age at the
            // season's final race.
            let age = if q.age && !team {
                format!(", {AGE_YEARS} AS age")
            } else {
                String::new()
            };
            format!(
                "SELECT ra.year AS race, ra.year, ra.year AS date, {name} AS champion{age} {from}{wh} \
                 ORDER BY ra.year {dir} LIMIT 1"
            )
        }
        Shape::Streak => format!(
            "SELECT name, COUNT(*) AS streak, MIN(year) AS from_year, MAX(year) AS to_year FROM \
             (SELECT {key} AS id, {name} AS name, ra.year, ra.year - ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY ra.year) AS grp \
             {from}{wh}) GROUP BY id, grp ORDER BY streak DESC, from_year LIMIT 10"
        ),
        Shape::Distinct(Counted::Drivers | Counted::Constructors) => {
            format!("SELECT COUNT(DISTINCT {key}) AS count {from}{wh}")
        }
        _ => format!("SELECT COUNT(*) AS titles {from}{wh}"),
    };
    Compiled {
        sql,
        params: w.params,
    }
}

/// Final-round standings of every completed season up to `?` (the
/// champion is position 1 there): the final rounds recorded in the
/// import's champions table (`derived.sql`), not a scan of the standings.
pub(crate) fn finals_cte(standings: &str) -> String {
    let titles = if standings == "constructor_standings" {
        "agg_constructor_titles"
    } else {
        "agg_driver_titles"
    };
    format!("WITH finals AS (SELECT DISTINCT raceId FROM {titles} WHERE year <= ?) ")
}
