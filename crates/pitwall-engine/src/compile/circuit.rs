//! A [`CircuitQuery`] to parameterised SQL over `circuits`. Columns: a
//! circuit's fields `name, location, country, lat, lng, alt, url,
//! circuitRef` (see `CircuitField::column`); an extreme `name, location,
//! country, lat, lng, alt`; circuits that held a race `name, location,
//! races, first_year, last_year, circuits`.

use serde_json::{json, Value};

use super::Compiled;
use crate::query::CircuitQuery;

/// The statement answering `q`.
pub(crate) fn circuit(q: &CircuitQuery) -> Compiled {
    match q {
        CircuitQuery::Fields { circuit, .. } => Compiled {
            sql: "SELECT name, location, country, lat, lng, alt, url, circuitRef FROM circuits WHERE circuitId = ?".into(),
            params: vec![json!(circuit)],
        },
        CircuitQuery::Extreme(e) => Compiled {
            sql: format!(
                "SELECT name, location, country, lat, lng, alt FROM circuits WHERE circuitId IN (SELECT circuitId FROM races) \
                 AND alt IS NOT NULL ORDER BY {} LIMIT 1",
                e.order()
            ),
            params: Vec::new(),
        },
        CircuitQuery::HeldARace { countries, .. } => {
            let (cond, params) = match countries {
                Some(names) => (
                    format!("ci.country IN ({})", vec!["?"; names.len()].join(", ")),
                    names.iter().map(|n| Value::from(n.as_str())).collect(),
                ),
                None => ("1 = 1".to_string(), Vec::new()),
            };
            Compiled {
                sql: format!(
                    "SELECT ci.name, ci.location, COUNT(*) AS races, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year, \
                     COUNT(*) OVER () AS circuits FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId \
                     WHERE {cond} GROUP BY ci.circuitId ORDER BY first_year, ci.name"
                ),
                params,
            }
        }
    }
}
