//! SQL builders for counting a statistic per driver or per constructor,
//! shared by career counts, comparisons and all-time leaders.

use super::ctx::DRIVER_NAME;
use super::Stat;

/// Final-round standings of every completed season up to `?` (the
/// champion is position 1 there).
pub(crate) fn finals_cte(standings: &str) -> String {
    format!(
        "WITH finals AS (SELECT ra.raceId FROM races ra JOIN (SELECT year, MAX(round) AS round FROM races \
         WHERE raceId IN (SELECT raceId FROM {standings}) AND year <= ? GROUP BY year) f \
         ON f.year = ra.year AND f.round = ra.round) "
    )
}

/// Who is counted and how the result is filtered.
pub(crate) struct StatQuery {
    /// Count constructors instead of drivers.
    pub teams: bool,
    /// Restrict to these ids (`?` placeholders, in order), or all.
    pub ids: usize,
    /// Restrict to one season (`?` placeholder after the ids).
    pub year: bool,
    /// Restrict to drivers of one nationality (`?` placeholder first).
    pub nationality: bool,
    /// One row per entity and season (adds a `year` column).
    pub per_season: bool,
}

/// SQL selecting `(name, <stat label>)` per driver/constructor, best first.
/// Placeholders in order: [last complete season (titles only)], [nationality],
/// ids..., [year].
pub(crate) fn stat_sql(stat: Stat, q: &StatQuery) -> String {
    let label = stat.label();
    let (name, key, join) = if q.teams {
        (
            "c.name AS constructor",
            "constructorId",
            "JOIN constructors c ON c.constructorId = x.constructorId",
        )
    } else {
        ("", "driverId", "JOIN drivers d ON d.driverId = x.driverId")
    };
    let name = if q.teams {
        name.to_string()
    } else {
        format!("{DRIVER_NAME} AS driver")
    };
    let mut filters: Vec<String> = Vec::new();
    if q.nationality {
        filters.push("d.nationality = ?".into());
    }
    if q.ids > 0 {
        let marks = vec!["?"; q.ids].join(", ");
        filters.push(format!("x.{key} IN ({marks})"));
    }
    if q.year {
        filters.push("ra.year = ?".into());
    }
    let source = match stat {
        Stat::Titles => {
            let standings = if q.teams {
                "constructor_standings"
            } else {
                "driver_standings"
            };
            filters.insert(0, "x.position = 1".into());
            filters.insert(0, "x.raceId IN (SELECT raceId FROM finals)".into());
            return format!(
                "{}SELECT {name}, COUNT(*) AS {label} FROM {standings} x {join} JOIN races ra ON ra.raceId = x.raceId \
                 WHERE {} GROUP BY x.{key} ORDER BY {label} DESC",
                finals_cte(standings),
                filters.join(" AND ")
            );
        }
        Stat::Points => "(SELECT raceId, driverId, constructorId, points FROM results UNION ALL \
             SELECT raceId, driverId, constructorId, points FROM sprint_results)"
            .to_string(),
        _ => "results".to_string(),
    };
    // Counting over every row: filter first and group without the
    // entity index (`+x.key`), a table scan plus a sort is several times
    // faster than index-ordered row lookups.
    let all_rows = q.ids == 0;
    let value = match (stat, q.teams) {
        (Stat::Points, _) => "SUM(x.points)".to_string(),
        (_, true) if all_rows && stat != Stat::Podiums => "COUNT(DISTINCT x.raceId)".to_string(),
        (_, false) | (Stat::Podiums, true) if all_rows => "COUNT(*)".to_string(),
        (Stat::Wins | Stat::Poles | Stat::FastestLaps, true) => {
            format!("COUNT(DISTINCT CASE WHEN {} THEN x.raceId END)", cond(stat))
        }
        _ => format!("SUM(CASE WHEN {} THEN 1 ELSE 0 END)", cond(stat)),
    };
    if all_rows && stat != Stat::Points {
        filters.insert(0, cond(stat));
    }
    let races = if q.year || q.per_season {
        " JOIN races ra ON ra.raceId = x.raceId"
    } else {
        ""
    };
    let (season_col, group) = match (q.per_season, all_rows) {
        (true, _) => (" ra.year,", format!("+x.{key}, ra.year")),
        (false, true) => ("", format!("+x.{key}")),
        (false, false) => ("", format!("x.{key}")),
    };
    let where_clause = if filters.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", filters.join(" AND "))
    };
    format!(
        "SELECT {name},{season_col} {value} AS {label} FROM {source} x {join}{races} \
         {where_clause} GROUP BY {group} ORDER BY {label} DESC"
    )
}

fn cond(stat: Stat) -> String {
    stat.cond().unwrap_or("1 = 1").replace("r.", "x.")
}
