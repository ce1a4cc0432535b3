//! A season's points from the standings: "points in 1986" is what the
//! championship counted (dropped scores left out, sprint points in), read
//! at the season's last round in the data, not a sum of result rows.

use serde_json::json;

use super::{Compiled, Where};
use crate::intents::{Stat, DRIVER_NAME};
use crate::query::{Measure, Query, Shape, Sprints, Subject};

/// Whether the query is a plain season points total this module answers:
/// one season, no other qualifier, a count for named drivers or teams.
pub(crate) fn applies(q: &Query) -> bool {
    let f = &q.filters;
    q.measure == Measure::Stat(Stat::Points)
        && q.shape == Shape::Count
        && f.seasons.is_some_and(|s| s.from == s.to)
        && f.sprints == Sprints::Convention
        && f.place.is_none()
        && f.team.is_none()
        && f.month.is_none()
        && !f.from_pole
        && f.teammate.is_none()
        && !f.rookie
        && f.team_nationality.is_none()
        && f.driver_nationality.is_none()
        && f.never.is_none()
        && !matches!(q.subject, Subject::Drivers | Subject::Constructors)
}

/// Columns: `(points)` for one subject, `(name, points)` for a pair.
pub(crate) fn season_points(q: &Query) -> Compiled {
    let year = q.filters.seasons.map_or(0, |s| s.from);
    let team = q.subject.is_team();
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
            "s.raceId = (SELECT ra2.raceId FROM races ra2 WHERE ra2.year = ? \
             AND ra2.raceId IN (SELECT raceId FROM {standings}) ORDER BY ra2.round DESC LIMIT 1)"
        ),
        [json!(year)],
    );
    let pair = match q.subject {
        Subject::Driver(id) | Subject::Constructor(id) => {
            w.add(format!("{key} = ?"), [json!(id)]);
            false
        }
        Subject::Pair(a, b) | Subject::TeamPair(a, b) => {
            w.add(format!("{key} IN (?, ?)"), [json!(a), json!(b)]);
            true
        }
        Subject::Drivers | Subject::Constructors => false,
    };
    let from = format!("FROM {standings} s {join}");
    let sql = if pair {
        format!(
            "SELECT {name} AS name, s.points AS points {from}{} ORDER BY s.points DESC, name",
            w.sql()
        )
    } else {
        format!("SELECT s.points AS points {from}{}", w.sql())
    };
    Compiled {
        sql,
        params: w.params,
    }
}
