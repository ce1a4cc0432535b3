//! A [`TableQuery`] to parameterised SQL over `driver_standings` or
//! `constructor_standings`. A season's final table is the one after its
//! last round with standings in the data.

use serde_json::{json, Value};

use super::race_sql::race_params;
use super::Compiled;
use crate::intents::DRIVER_NAME;
use crate::query::{Championship, TableAsk, TableQuery, TableWhen};

impl Championship {
    /// The standings table.
    pub(crate) fn standings(self) -> &'static str {
        match self {
            Championship::Drivers => "driver_standings",
            Championship::Constructors => "constructor_standings",
        }
    }

    /// The column naming whose row it is.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Championship::Drivers => "driverId",
            Championship::Constructors => "constructorId",
        }
    }

    /// The join that names a standings row `s`.
    pub(crate) fn join(self) -> &'static str {
        match self {
            Championship::Drivers => "JOIN drivers d ON d.driverId = s.driverId",
            Championship::Constructors => {
                "JOIN constructors c ON c.constructorId = s.constructorId"
            }
        }
    }

    /// The selected name column.
    pub(crate) fn entity(self) -> String {
        match self {
            Championship::Drivers => format!("{DRIVER_NAME} AS driver"),
            Championship::Constructors => "c.name AS constructor".to_string(),
        }
    }
}

/// The statement answering `q`. Columns: `position, driver|constructor,
/// points, wins`, ordered by position.
pub(crate) fn table(q: &TableQuery) -> Compiled {
    let ch = q.championship;
    let (standings, key) = (ch.standings(), ch.key());
    let (race, mut params): (String, Vec<Value>) = match q.when {
        TableWhen::After(race) => (
            "(SELECT raceId FROM races WHERE year = ? AND round = ?)".to_string(),
            race_params(race),
        ),
        TableWhen::Final { season, .. } => (
            format!(
                "(SELECT ra.raceId FROM races ra WHERE ra.year = ? AND ra.raceId IN (SELECT raceId FROM {standings}) \
                 ORDER BY ra.round DESC LIMIT 1)"
            ),
            vec![json!(season)],
        ),
    };
    let cond = match q.ask {
        TableAsk::Of(id) => {
            params.push(json!(id));
            format!("s.{key} = ?")
        }
        TableAsk::Top(n) => {
            params.push(json!(n));
            "s.position <= ?".to_string()
        }
        TableAsk::Place(n) => {
            params.push(json!(n));
            "s.position = ?".to_string()
        }
        TableAsk::Gap(a, b) => {
            params.extend([json!(a), json!(b)]);
            format!("s.{key} IN (?, ?)")
        }
        // The leader and P2, and the one named wherever they were.
        TableAsk::Margin(Some(id)) => {
            params.push(json!(id));
            format!("(s.{key} = ? OR s.position <= 2)")
        }
        TableAsk::Margin(None) => "s.position <= 2".to_string(),
    };
    let sql = format!(
        "SELECT s.position, {}, s.points, s.wins FROM {standings} s {} WHERE s.raceId = {race} AND {cond} ORDER BY s.position",
        ch.entity(),
        ch.join()
    );
    Compiled { sql, params }
}
