//! A [`CalendarQuery`] to parameterised SQL. Columns: `year, round,
//! name, date, time, circuit, location, country`.

use serde_json::{json, Value};

use super::Compiled;
use crate::query::CalendarQuery;

/// The race's columns the answers read.
const SELECT: &str = "SELECT ra.year, ra.round, ra.name, ra.date, ra.time, ci.name AS circuit, \
     ci.location, ci.country FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId";

/// The statement answering `q`.
pub(crate) fn calendar(q: &CalendarQuery) -> Compiled {
    match q {
        CalendarQuery::Next { today } => Compiled {
            sql: format!(
                "{SELECT} WHERE ra.date >= COALESCE(?, date('now')) ORDER BY ra.date, ra.round LIMIT 1"
            ),
            params: vec![today.clone().map_or(Value::Null, Value::from)],
        },
        CalendarQuery::SeasonEnd { race, .. } | CalendarQuery::Scheduled(race) => Compiled {
            sql: format!("{SELECT} WHERE ra.raceId = ?"),
            params: vec![json!(race.id)],
        },
    }
}
