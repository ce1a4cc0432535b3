//! A [`SeriesQuery`] to parameterised SQL. Rows run in round order so
//! `present::infer_chart` draws them as lines.

use serde_json::{json, Value};

use super::Compiled;
use crate::query::{Follow, SeriesQuery};

/// The statement answering `q`. Columns: a standings series' `round,
/// driver|constructor, points`; race by race as `race_by_race_sql` says.
pub(crate) fn series(q: &SeriesQuery) -> Compiled {
    let (championship, season, follow) = match q {
        SeriesQuery::RaceByRace {
            season,
            drivers,
            points,
        } => {
            let ids: Vec<Value> = drivers.iter().map(|d| json!(d)).collect();
            let (sql, params) = race_by_race_sql(*season, &ids, *points);
            return Compiled { sql, params };
        }
        SeriesQuery::Standings {
            championship,
            season,
            follow,
        } => (*championship, *season, follow),
    };
    let (standings, key) = (championship.standings(), championship.key());
    // Whom to follow: the named drivers or teams, else the top N of the
    // season's last recorded round.
    let last = format!(
        "(SELECT ra.raceId FROM races ra WHERE ra.year = ? AND ra.raceId IN \
         (SELECT raceId FROM {standings}) ORDER BY ra.round DESC LIMIT 1)"
    );
    // Parameters in the order the SQL reads them: the season, then `who`'s.
    let mut params: Vec<Value> = vec![json!(season)];
    let who = match follow {
        Follow::Top(n) => {
            params.extend([json!(season), json!(n)]);
            format!(
                "s.{key} IN (SELECT f.{key} FROM {standings} f WHERE f.raceId = {last} AND f.position <= ?)"
            )
        }
        Follow::Named(ids) => {
            let marks = vec!["?"; ids.len()].join(", ");
            params.extend(ids.iter().map(|i| json!(i)));
            format!("s.{key} IN ({marks})")
        }
    };
    let sql = format!(
        "SELECT ra.round, {}, s.points FROM {standings} s \
         JOIN races ra ON ra.raceId = s.raceId {} WHERE ra.year = ? AND {who} \
         ORDER BY ra.round, s.position",
        championship.entity(),
        championship.join()
    );
    Compiled { sql, params }
}

/// Every race of the season with the drivers' results: one driver's
/// `(round, race, grid, position, status)` or `(round, race, points)`;
/// two drivers side by side, `(round, race, first_*, second_*)`. A race a
/// driver did not start leaves that cell empty; a retirement has no
/// position and names its status.
fn race_by_race_sql(year: i64, ids: &[Value], points: bool) -> (String, Vec<Value>) {
    let races = "FROM races ra";
    let joined = |alias: &str| {
        format!(" LEFT JOIN results {alias} ON {alias}.raceId = ra.raceId AND {alias}.driverId = ?")
    };
    // One driver: the races he entered; two: every race either entered.
    let mut params: Vec<Value> = Vec::new();
    let sql = match ids {
        [one] => {
            params.push(one.clone());
            let cols = if points {
                "x.points".to_string()
            } else {
                "x.grid, x.position, \
                 (SELECT st.status FROM status st WHERE st.statusId = x.statusId) AS status"
                    .to_string()
            };
            format!(
                "SELECT ra.round, ra.name AS race, {cols} {races} \
                 JOIN results x ON x.raceId = ra.raceId AND x.driverId = ? \
                 WHERE ra.year = ? ORDER BY ra.round"
            )
        }
        _ => {
            params.extend(ids.iter().cloned());
            let (a, b) = if points {
                ("x.points AS first_points", "y.points AS second_points")
            } else {
                (
                    "x.position AS first_position",
                    "y.position AS second_position",
                )
            };
            format!(
                "SELECT ra.round, ra.name AS race, {a}, {b} {races}{}{} \
                 WHERE ra.year = ? AND ra.raceId IN (SELECT raceId FROM results) \
                 AND (x.driverId IS NOT NULL OR y.driverId IS NOT NULL) ORDER BY ra.round",
                joined("x"),
                joined("y")
            )
        }
    };
    params.push(json!(year));
    (sql, params)
}
