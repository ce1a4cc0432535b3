//! A [`RecordQuery`] to parameterised SQL. Counts are read from the
//! import's derived aggregate tables (`stats::stat_sql`); ages are
//! completed days between `dob` and the race date.

use serde_json::{json, Value};

use super::runs::AGE_YEARS;
use super::stats::{stat_sql, StatQuery};
use super::{finals_cte, Compiled};
use crate::intents::{Stat, DRIVER_NAME};
use crate::query::{AgeOf, RecordQuery};

/// The statement answering `q`; `last_complete` is the last season whose
/// title is decided. Columns: a ranking's `name, <stat>`; a season record's
/// `name, year, <stat>`; an age record's `driver, year, race, age_years,
/// days_past_birthday`.
pub(crate) fn record(q: &RecordQuery, last_complete: i64) -> Compiled {
    match *q {
        RecordQuery::AllTime { stat, teams, n } => {
            let mut sql = stat_sql(
                stat,
                &StatQuery {
                    teams,
                    ids: 0,
                    year: false,
                    per_season: false,
                },
            );
            sql.push_str(" LIMIT ?");
            let mut params: Vec<Value> = Vec::new();
            if stat == Stat::Titles {
                params.push(json!(last_complete));
            }
            // A few more rows than asked, so ties with the last are seen.
            params.push(json!(n.max(5)));
            Compiled { sql, params }
        }
        RecordQuery::Season {
            stat,
            teams,
            season,
        } => Compiled {
            sql: stat_sql(
                stat,
                &StatQuery {
                    teams,
                    ids: 0,
                    year: season.is_some(),
                    per_season: season.is_none(),
                },
            ) + " LIMIT 5",
            params: season.map(|y| json!(y)).into_iter().collect(),
        },
        RecordQuery::SprintWinners { teams, season, .. } => sprint_winners(teams, season),
        RecordQuery::Age { oldest, of } => age(oldest, of, last_complete),
    }
}

/// The youngest or oldest of `of`.
fn age(oldest: bool, of: AgeOf, last_complete: i64) -> Compiled {
    let order = if oldest { " DESC" } else { "" };
    let age = "julianday(ra.date) - julianday(d.dob)";
    // Completed years, then the days since that birthday (not the days
    // beyond years × 365.25, which is a day out in most cases).
    let cols = format!(
        "{DRIVER_NAME} AS driver, ra.year, ra.name AS race, {AGE_YEARS} AS age_years, \
         CAST(julianday(ra.date) - julianday(date(d.dob, '+' || {AGE_YEARS} || ' years')) AS INTEGER) AS days_past_birthday"
    );
    let stat = match of {
        AgeOf::Champion => {
            return Compiled {
                sql: format!(
                    "{}SELECT {cols} FROM driver_standings r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId \
                     WHERE r.raceId IN (SELECT raceId FROM finals) AND r.position = 1 ORDER BY {age}{order} LIMIT 1",
                    finals_cte("driver_standings")
                ),
                params: vec![json!(last_complete)],
            };
        }
        AgeOf::Result(stat) => stat,
    };
    let cond = match stat {
        Some(Stat::Poles) => "r.grid = 1",
        Some(Stat::Podiums) => "r.position <= 3",
        Some(Stat::Points) => "r.points > 0",
        Some(Stat::FastestLaps) => "r.rank = 1",
        Some(Stat::Wins) => "r.position = 1",
        _ => "r.positionText NOT IN ('F', 'W')",
    };
    // Only each driver's first (or last) such race can hold the record, so
    // rank ~900 candidates instead of every result row.
    let pick = if oldest { "MAX" } else { "MIN" };
    Compiled {
        sql: format!(
            "WITH candidates AS (SELECT r.driverId, {pick}(ra.date) AS date FROM results r JOIN races ra ON ra.raceId = r.raceId \
             WHERE {cond} GROUP BY +r.driverId) SELECT {cols} FROM candidates f JOIN drivers d ON d.driverId = f.driverId \
             JOIN races ra ON ra.date = f.date WHERE d.dob IS NOT NULL ORDER BY {age}{order} LIMIT 1"
        ),
        params: Vec::new(),
    }
}

/// Every sprint winner with their number of sprint wins, most first.
/// Columns: `winner, sprint_wins`.
fn sprint_winners(teams: bool, season: Option<i64>) -> Compiled {
    let (name, key, join) = if teams {
        (
            "c.name",
            "s.constructorId",
            "JOIN constructors c ON c.constructorId = s.constructorId",
        )
    } else {
        (
            DRIVER_NAME,
            "s.driverId",
            "JOIN drivers d ON d.driverId = s.driverId",
        )
    };
    let in_season = if season.is_some() {
        " AND ra.year = ?"
    } else {
        ""
    };
    Compiled {
        sql: format!(
            "SELECT {name} AS winner, COUNT(*) AS sprint_wins FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId {join} \
             WHERE s.position = 1{in_season} GROUP BY {key} ORDER BY sprint_wins DESC, winner"
        ),
        params: season.map(|y| json!(y)).into_iter().collect(),
    }
}
