//! SQL builders for counting a statistic per driver or per constructor,
//! shared by all-time leaders and season records.

use crate::intents::{Stat, DRIVER_NAME};

/// Who is counted and how the result is filtered.
pub(crate) struct StatQuery {
    /// Count constructors instead of drivers.
    pub teams: bool,
    /// Restrict to these ids (`?` placeholders, in order), or all.
    pub ids: usize,
    /// Restrict to one season (`?` placeholder after the ids).
    pub year: bool,
    /// One row per entity and season (adds a `year` column).
    pub per_season: bool,
}

/// SQL selecting `(name, <stat label>)` per driver/constructor, best first
/// (ties by id), read from the import's derived aggregate tables
/// (`agg_driver_career`, `agg_constructor_season`, ...; see
/// `pitwall-f1data/src/derived.sql`) instead of aggregating `results`.
/// Placeholders in order: [last complete season (titles only)], ids...,
/// [year].
pub(crate) fn stat_sql(stat: Stat, q: &StatQuery) -> String {
    let label = stat.label();
    let (name, key, join, prefix) = if q.teams {
        (
            "c.name AS constructor".to_string(),
            "constructorId",
            "JOIN constructors c ON c.constructorId = x.constructorId",
            "agg_constructor",
        )
    } else {
        (
            format!("{DRIVER_NAME} AS driver"),
            "driverId",
            "JOIN drivers d ON d.driverId = x.driverId",
            "agg_driver",
        )
    };
    let mut filters: Vec<String> = Vec::new();
    if q.ids > 0 {
        let marks = vec!["?"; q.ids].join(", ");
        filters.push(format!("x.{key} IN ({marks})"));
    }
    if q.year {
        filters.push("x.year = ?".into());
    }
    if stat == Stat::Titles {
        filters.insert(0, "x.year <= ?".into());
        return format!(
            "SELECT {name}, COUNT(*) AS {label} FROM {prefix}_titles x {join} \
             WHERE {} GROUP BY x.{key} ORDER BY {label} DESC, x.{key} DESC",
            filters.join(" AND ")
        );
    }
    // Over every entity, only those with at least one count (as a filtered
    // aggregate would give); constructors then count races, not cars, for
    // starts and DNFs too. For named ids, a row per entity with any result.
    let all_rows = q.ids == 0;
    let column = match stat {
        Stat::Starts if q.teams && all_rows => "start_races",
        Stat::Dnfs if q.teams && all_rows => "dnf_races",
        _ => label,
    };
    if all_rows && stat != Stat::Points {
        // `+` keeps the planner reading the column's index in order.
        filters.insert(0, format!("+x.{column} > 0"));
    }
    // Ties in the order the per-result scans gave them (the sorter
    // returned equal counts newest id first, per-season rows oldest first).
    let (table, season_col, order) = if q.per_season {
        ("season", " x.year,", format!("x.{key}, x.year"))
    } else if q.year {
        ("season", "", format!("x.{key} DESC"))
    } else {
        ("career", "", format!("x.{key} DESC"))
    };
    let where_clause = if filters.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", filters.join(" AND "))
    };
    format!(
        "SELECT {name},{season_col} x.{column} AS {label} FROM {prefix}_{table} x {join}{where_clause} \
         ORDER BY x.{column} DESC, {order}"
    )
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
