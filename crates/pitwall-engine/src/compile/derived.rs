//! Typed queries answered from the import's derived aggregate tables
//! (`pitwall-f1data/src/derived.sql`: `agg_driver_career`,
//! `agg_constructor_season`, `agg_driver_circuit`, ...) instead of
//! aggregating `results`: "who has the most poles", "Ferrari's wins in the
//! 2000s", "most wins at Monza" become index reads of a few hundred rows at
//! most, whatever the wording. Only queries whose every qualifier the tables
//! hold are taken (seasons, or a circuit or country, and a nationality of
//! the counted side); anything else compiles to the scan as before, with the
//! same columns, so `phrase` reads both alike.

use serde_json::{json, Value};

use super::Compiled;
use crate::intents::{Stat, DRIVER_NAME};
use crate::pick::Loc;
use crate::query::{Filters, Measure, Query, Shape, Sprints, Subject};

/// Which derived table a query reads: its grain.
#[derive(Clone, Copy, PartialEq)]
enum Grain {
    Career,
    Season,
    Circuit,
}

/// The query compiled against the derived tables, or `None` when a
/// qualifier, measure, subject or shape needs the per-result scan.
pub(crate) fn compile(q: &Query, circuit_ref: &impl Fn(i64) -> String) -> Option<Compiled> {
    let f = &q.filters;
    // Any qualifier other than these (including one added later) falls
    // back to the scan: the tables hold seasons, circuits and entities only.
    let others = Filters {
        seasons: None,
        place: None,
        place_name: None,
        team_nationality: None,
        driver_nationality: None,
        never: None,
        sprints: Sprints::Convention,
        ..f.clone()
    };
    if others != Filters::default() {
        return None;
    }
    let (seasons, place) = (&f.seasons, &f.place);
    let Measure::Stat(stat) = q.measure else {
        return None;
    };
    let teams = q.subject.is_team();
    let column = match (stat, f.sprints) {
        (Stat::Titles, _) | (_, Sprints::Only) => return None,
        (Stat::Points, Sprints::Excluded) => "gp_points",
        (Stat::Points, _) => "points",
        (_, Sprints::Included) => return None,
        (s, _) => s.label(),
    };
    let needs_rows = (teams && (f.driver_nationality.is_some() || f.never.is_some()))
        || (!teams && f.team_nationality.is_some())
        || matches!(place, Some(Loc::RaceName(_)))
        || (seasons.is_some() && place.is_some());
    if needs_rows {
        return None;
    }
    let pair = matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..));
    // Constructors count races for wins, poles and fastest laps; a race can
    // count for two constructors (two grid-1 rows in the data), so one figure
    // over several constructors is not the sum of theirs.
    let races_over_teams = q.subject == Subject::Constructors
        && matches!(stat, Stat::Wins | Stat::Poles | Stat::FastestLaps)
        && !matches!(q.shape, Shape::Leaders(_));
    if races_over_teams {
        return None;
    }
    let shape_ok = match q.shape {
        Shape::Count | Shape::Leaders(_) => true,
        Shape::Years | Shape::BestSeason => place.is_none() && !pair,
        Shape::EachSeason => place.is_none(),
        _ => false,
    };
    if !shape_ok {
        return None;
    }
    let grain = match (seasons, place, q.shape) {
        (_, Some(_), _) => Grain::Circuit,
        (Some(_), _, _) | (_, _, Shape::Years | Shape::BestSeason | Shape::EachSeason) => {
            Grain::Season
        }
        _ => Grain::Career,
    };
    let (prefix, key, name) = if teams {
        ("agg_constructor", "constructorId", "c.name".to_string())
    } else {
        ("agg_driver", "driverId", DRIVER_NAME.to_string())
    };
    let table = match grain {
        Grain::Career => format!("{prefix}_career"),
        Grain::Season => format!("{prefix}_season"),
        Grain::Circuit => format!("{prefix}_circuit"),
    };
    let mut joins = String::new();
    if teams {
        joins.push_str(" JOIN constructors c ON c.constructorId = x.constructorId");
    } else {
        joins.push_str(" JOIN drivers d ON d.driverId = x.driverId");
    }
    if grain == Grain::Circuit {
        joins.push_str(" JOIN circuits ci ON ci.circuitId = x.circuitId");
    }
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    match q.subject {
        Subject::Driver(id) | Subject::Constructor(id) => {
            conds.push(format!("x.{key} = ?"));
            params.push(json!(id));
        }
        Subject::Pair(a, b) | Subject::TeamPair(a, b) => {
            conds.push(format!("x.{key} IN (?, ?)"));
            params.extend([json!(a), json!(b)]);
        }
        Subject::Drivers | Subject::Constructors => {}
    }
    if let Some(s) = seasons {
        conds.push("x.year BETWEEN ? AND ?".into());
        params.extend([json!(s.from), json!(s.to)]);
    }
    match place {
        Some(Loc::Circuit(id)) => {
            conds.push("ci.circuitRef = ?".into());
            params.push(json!(circuit_ref(*id)));
        }
        Some(Loc::Country(c)) => {
            let names = crate::index::same_country(c);
            let marks = vec!["?"; names.len()].join(", ");
            conds.push(format!("ci.country IN ({marks})"));
            params.extend(names.into_iter().map(Value::from));
        }
        Some(Loc::RaceName(_)) | None => {}
    }
    if let Some(n) = &f.team_nationality {
        conds.push("c.nationality = ?".into());
        params.push(json!(n));
    }
    if let Some(n) = &f.driver_nationality {
        conds.push("d.nationality = ?".into());
        params.push(json!(n));
    }
    if let Some(stat) = f.never {
        // "Without ever winning": a career total of zero, whatever the
        // grain counted (titles of complete seasons only, as elsewhere).
        joins.push_str(" JOIN agg_driver_career nv ON nv.driverId = x.driverId");
        conds.push(match stat {
            Stat::Titles => "nv.titles = 0".into(),
            Stat::Podiums => "nv.podiums = 0".into(),
            Stat::Poles => "nv.poles = 0".into(),
            Stat::Points => "COALESCE(nv.points, 0) = 0".into(),
            _ => "nv.wins = 0".into(),
        });
    }
    let label = q.measure.words().replace([' ', '(', ')', '-'], "_");
    let points = stat == Stat::Points;
    // Entities or seasons with at least one counted result (the scan's
    // row filter); points count any entity or season with a result.
    // (Conditions name the expression, not the alias: in HAVING a table
    // column of the same name would win.)
    let counted = if points {
        String::new()
    } else {
        format!(" HAVING SUM(x.{column}) > 0")
    };
    let sql = match q.shape {
        Shape::Count if pair => format!(
            "SELECT {name} AS name, SUM(x.{column}) AS {label} FROM {table} x{joins}{} \
             GROUP BY x.{key}{counted} ORDER BY SUM(x.{column}) DESC, name",
            where_sql(&conds)
        ),
        Shape::Count => {
            // COUNT over no rows is 0, SUM of points over no rows NULL.
            let value = if points {
                format!("SUM(x.{column})")
            } else {
                format!("COALESCE(SUM(x.{column}), 0)")
            };
            format!(
                "SELECT {value} AS {label} FROM {table} x{joins}{}",
                where_sql(&conds)
            )
        }
        Shape::Leaders(n) if grain == Grain::Career => {
            // One row per entity: read the column's index in order.
            conds.insert(0, format!("+x.{column} > 0"));
            format!(
                "SELECT {name} AS name, x.{column} AS {label} FROM {table} x{joins}{} \
                 ORDER BY x.{column} DESC, name LIMIT {}",
                where_sql(&conds),
                n + 10
            )
        }
        Shape::Leaders(n) => format!(
            "SELECT {name} AS name, SUM(x.{column}) AS {label} FROM {table} x{joins}{} \
             GROUP BY x.{key} HAVING SUM(x.{column}) > 0 ORDER BY SUM(x.{column}) DESC, name LIMIT {}",
            where_sql(&conds),
            n + 10
        ),
        Shape::Years | Shape::BestSeason => {
            let order = if q.shape == Shape::Years {
                "ORDER BY x.year".to_string()
            } else {
                format!("ORDER BY SUM(x.{column}) DESC, x.year LIMIT 10")
            };
            format!(
                "SELECT x.year AS year, SUM(x.{column}) AS {label} FROM {table} x{joins}{} \
                 GROUP BY x.year{counted} {order}",
                where_sql(&conds)
            )
        }
        // Every season with a start, zero included, in season order; a
        // pair as one row per season and driver (a long series).
        Shape::EachSeason => {
            conds.push("x.starts > 0".into());
            let value = format!("COALESCE(SUM(x.{column}), 0)");
            if pair {
                format!(
                    "SELECT x.year AS year, {name} AS name, {value} AS {label} FROM {table} x{joins}{} \
                     GROUP BY x.year, x.{key} ORDER BY x.year, name",
                    where_sql(&conds)
                )
            } else {
                format!(
                    "SELECT x.year AS year, {value} AS {label} FROM {table} x{joins}{} \
                     GROUP BY x.year ORDER BY x.year",
                    where_sql(&conds)
                )
            }
        }
        _ => return None,
    };
    Some(Compiled { sql, params })
}

fn where_sql(conds: &[String]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conds.join(" AND "))
    }
}

#[cfg(test)]
#[path = "derived_tests.rs"]
mod tests;
