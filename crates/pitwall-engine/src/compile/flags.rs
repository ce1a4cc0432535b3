//! A [`FlagQuery`] to parameterised SQL. The races in scope are a
//! subquery of their `Race` keys ('<year> <race name>'), which is how the
//! safety-car and red-flag tables name them.

use serde_json::{json, Value};

use super::race_sql::race_params;
use super::Compiled;
use crate::query::{FlagAsk, FlagQuery, FlagScope, PlaceFilter, Stoppage};

/// The Race keys of the races in scope, and their parameters.
fn races(scope: &FlagScope) -> (String, Vec<Value>) {
    let (place, season) = match scope {
        FlagScope::Race(race) => {
            return (
                "SELECT ra.year || ' ' || ra.name FROM races ra WHERE ra.year = ? AND ra.round = ?"
                    .to_string(),
                race_params(race),
            );
        }
        FlagScope::Races { place, season, .. } => (place, season),
    };
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    place_and_season(place.as_ref(), *season, &mut conds, &mut params);
    if conds.is_empty() {
        conds.push("1 = 1".into());
    }
    (
        format!(
            "SELECT ra.year || ' ' || ra.name FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE {}",
            conds.join(" AND ")
        ),
        params,
    )
}

/// The statement answering `q`. Columns: laps behind `full_laps,
/// deployments`; the most `race, n, laps`; the races `race, n`; a count
/// `n, races, details` (details: laps and causes, one race only).
pub(crate) fn flags(q: &FlagQuery) -> Compiled {
    let (scope, params) = races(&q.scope);
    let (name, lap) = match q.kind {
        Stoppage::SafetyCar => ("safety_cars", "Deployed"),
        Stoppage::RedFlag => ("red_flags", "Lap"),
    };
    let sql = match q.ask {
        FlagAsk::LapsBehind => format!(
            "SELECT SUM(t.FullLaps) AS full_laps, COUNT(*) AS deployments FROM {name} t WHERE t.Race IN ({scope})"
        ),
        FlagAsk::MostInARace => format!(
            "SELECT t.Race AS race, COUNT(*) AS n, GROUP_CONCAT(t.{lap}, ', ') AS laps FROM {name} t WHERE t.Race IN ({scope}) \
             GROUP BY t.Race ORDER BY n DESC LIMIT 3"
        ),
        FlagAsk::Races => format!(
            "SELECT t.Race AS race, COUNT(*) AS n FROM {name} t JOIN races ra ON ra.year || ' ' || ra.name = t.Race \
             WHERE t.Race IN ({scope}) GROUP BY t.Race ORDER BY MIN(ra.date)"
        ),
        FlagAsk::Count => {
            let detail = match (&q.scope, q.kind) {
                (FlagScope::Races { .. }, _) => "NULL",
                (FlagScope::Race(_), Stoppage::SafetyCar) => {
                    "GROUP_CONCAT('lap ' || t.Deployed || ' (' || COALESCE(t.Cause, '?') || ')', ', ')"
                }
                (FlagScope::Race(_), Stoppage::RedFlag) => "GROUP_CONCAT('lap ' || t.Lap, ', ')",
            };
            format!(
                "SELECT COUNT(*) AS n, COUNT(DISTINCT t.Race) AS races, {detail} AS details FROM {name} t WHERE t.Race IN ({scope})"
            )
        }
    };
    Compiled { sql, params }
}

/// The condition selecting races at a place (`races ra`, `circuits ci`)
/// and its parameters.
pub(super) fn place_filter(place: &PlaceFilter) -> (String, Vec<Value>) {
    match place {
        PlaceFilter::Circuit(id) => ("ra.circuitId = ?".into(), vec![json!(id)]),
        PlaceFilter::RaceName(n) => ("ra.name = ?".into(), vec![json!(n)]),
        PlaceFilter::Countries(names) => {
            let marks = vec!["?"; names.len()].join(", ");
            (
                format!("ci.country IN ({marks})"),
                names.iter().map(|n| json!(n)).collect(),
            )
        }
    }
}

/// Adds the place's and the season's conditions (either may be absent).
pub(super) fn place_and_season(
    place: Option<&PlaceFilter>,
    season: Option<i64>,
    conds: &mut Vec<String>,
    params: &mut Vec<Value>,
) {
    if let Some(place) = place {
        let (cond, args) = place_filter(place);
        conds.push(cond);
        params.extend(args);
    }
    if let Some(y) = season {
        conds.push("ra.year = ?".into());
        params.push(json!(y));
    }
}
