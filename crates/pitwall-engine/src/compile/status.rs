//! A [`StatusQuery`] to parameterised SQL. Columns: listed `driver,
//! constructor, year, race, positionText, status`; counted for one race
//! `n, cars`; counted over races `n`.

use serde_json::{json, Value};

use super::race_sql::race_scope;
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{Finish, StatusQuery, StatusWho};

/// The cars `q` is about, one row each, in race and finishing order.
fn cars(q: &StatusQuery) -> Compiled {
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    race_scope(&q.scope, &mut conds, &mut params);
    match q.who {
        StatusWho::Driver(id) => {
            conds.push("r.driverId = ?".into());
            params.push(json!(id));
        }
        StatusWho::Team(id) => {
            conds.push("r.constructorId = ?".into());
            params.push(json!(id));
        }
        StatusWho::All => {}
    }
    if let Finish::Cause(status) = &q.finish {
        params.push(json!(status));
    }
    conds.push(q.finish.cond().to_string());
    Compiled {
        sql: format!(
            "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, ra.year, ra.name AS race, r.positionText, s.status FROM results r \
             JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId \
             JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId \
             LEFT JOIN status s ON s.statusId = r.statusId WHERE {} ORDER BY ra.date, r.positionOrder",
            conds.join(" AND ")
        ),
        params,
    }
}

/// The statement answering `q`.
pub(crate) fn status(q: &StatusQuery) -> Compiled {
    let Compiled { sql, params } = cars(q);
    let sql = match (q.counted, q.one_race()) {
        (true, true) => {
            format!("SELECT COUNT(*) AS n, GROUP_CONCAT(driver, '; ') AS cars FROM ({sql})")
        }
        (true, false) => format!("SELECT COUNT(*) AS n FROM ({sql})"),
        (false, _) => sql,
    };
    Compiled { sql, params }
}

/// How many cars a list of `q` would name (to keep lists short).
pub(crate) fn status_list_size(q: &StatusQuery) -> Compiled {
    let Compiled { sql, params } = cars(q);
    Compiled {
        sql: format!("SELECT COUNT(*) FROM ({sql})"),
        params,
    }
}
