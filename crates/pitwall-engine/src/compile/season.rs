//! A [`SeasonQuery`] to parameterised SQL.

use serde_json::json;

use super::Compiled;
use crate::query::{SeasonAsk, SeasonQuery};

/// The statement answering `q`. Columns: `races`; the calendar's `round,
/// race, date`; a distinct count's `different_winners`.
pub(crate) fn season(q: &SeasonQuery) -> Compiled {
    let distinct = |key: &str, cond: &str| {
        format!(
            "SELECT COUNT(DISTINCT r.{key}) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId \
             WHERE ra.year = ? AND {cond}"
        )
    };
    let sql = match q.ask {
        SeasonAsk::Races => "SELECT COUNT(*) AS races FROM races WHERE year = ?".to_string(),
        SeasonAsk::Calendar => {
            "SELECT ra.round, ra.name AS race, ra.date FROM races ra WHERE ra.year = ? ORDER BY ra.round"
                .to_string()
        }
        SeasonAsk::DifferentWinners => distinct("driverId", "r.position = 1"),
        SeasonAsk::DifferentWinningTeams => distinct("constructorId", "r.position = 1"),
        SeasonAsk::DifferentPoleSitters => distinct("driverId", "r.grid = 1"),
    };
    Compiled {
        sql,
        params: vec![json!(q.season)],
    }
}
