//! A [`HeadToHead`] to parameterised SQL: one row of `first_ahead,
//! second_ahead, races` over the sessions both drivers have a row in.

use serde_json::json;

use super::Compiled;
use crate::query::{Duel, HeadToHead};

/// The statement answering `q`.
pub(crate) fn head_to_head(q: &HeadToHead) -> Compiled {
    let (table, col) = match q.duel {
        Duel::Qualifying => ("qualifying", "position"),
        Duel::Race => ("results", "positionOrder"),
    };
    let season = if q.season.is_some() {
        " AND ra.year = ?"
    } else {
        ""
    };
    let sql = format!(
        "SELECT SUM(a.{col} < b.{col}) AS first_ahead, SUM(b.{col} < a.{col}) AS second_ahead, COUNT(*) AS races \
         FROM {table} a JOIN {table} b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId \
         WHERE a.driverId = ? AND b.driverId = ?{season}"
    );
    let mut params = vec![json!(q.first), json!(q.second)];
    params.extend(q.season.map(|y| json!(y)));
    Compiled { sql, params }
}
