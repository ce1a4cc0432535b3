//! A [`RateQuery`] to parameterised SQL. Columns: `pct, won_from_pole,
//! races` for the share won from pole; `pct, <stat>, starts` for a share
//! of starts.

use serde_json::{json, Value};

use super::flags::place_and_season;
use super::Compiled;
use crate::query::{RateQuery, Starter};

/// The statement answering `q`.
pub(crate) fn rate(q: &RateQuery) -> Compiled {
    let mut params: Vec<Value> = Vec::new();
    match q {
        RateQuery::WonFromPole { place, season } => {
            let mut conds = vec!["r.position = 1".to_string()];
            let place = place.as_ref().map(|(p, _)| p);
            place_and_season(place, *season, &mut conds, &mut params);
            Compiled {
                sql: format!(
                    "SELECT ROUND(100.0 * SUM(r.grid = 1) / COUNT(*), 1) AS pct, SUM(r.grid = 1) AS won_from_pole, COUNT(*) AS races \
                     FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE {}",
                    conds.join(" AND ")
                ),
                params,
            }
        }
        RateQuery::ShareOfStarts { stat, who, season } => {
            let (key, id, team) = match *who {
                Starter::Driver(id) => ("r.driverId", id, false),
                Starter::Team(id) => ("r.constructorId", id, true),
            };
            params.push(json!(id));
            let mut conds = vec![
                format!("{key} = ?"),
                "r.positionText NOT IN ('F', 'W')".to_string(),
            ];
            if let Some(y) = season {
                conds.push("ra.year = ?".into());
                params.push(json!(y));
            }
            let cond = stat.cond().unwrap_or("0");
            // A team's share counts races (two cars in one race are one start).
            let (part, whole) = if team {
                (
                    format!("COUNT(DISTINCT CASE WHEN {cond} THEN r.raceId END)"),
                    "COUNT(DISTINCT r.raceId)",
                )
            } else {
                (format!("SUM({cond})"), "COUNT(*)")
            };
            let label = stat.label();
            Compiled {
                sql: format!(
                    "SELECT ROUND(100.0 * {part} / {whole}, 1) AS pct, {part} AS {label}, {whole} AS starts \
                     FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE {}",
                    conds.join(" AND ")
                ),
                params,
            }
        }
    }
}
