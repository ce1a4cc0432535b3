//! SQL pieces the per-race statements share: the race's id from its
//! season and round (both bound, so a statement reads the same for every
//! race), and lap-time text as milliseconds.

use serde_json::{json, Value};

use super::flags::place_and_season;
use crate::index::RaceInfo;
use crate::query::RaceScope;

/// The race's id from its season and round.
pub(crate) const RACE: &str = "(SELECT raceId FROM races WHERE year = ? AND round = ?)";

/// Parameters of [`RACE`].
pub(crate) fn race_params(race: &RaceInfo) -> Vec<Value> {
    vec![json!(race.year), json!(race.round)]
}

/// SQL turning a lap time column ("1:31.325", possibly empty) into
/// milliseconds, so times compare as numbers and not as text. `col` is
/// always a column name written by the compiler, never a value.
pub(crate) fn ms(col: &str) -> String {
    format!(
        "(CASE WHEN instr({col}, ':') > 0 THEN CAST(substr({col}, 1, instr({col}, ':') - 1) AS INTEGER) * 60000 \
         + CAST(ROUND(CAST(substr({col}, instr({col}, ':') + 1) AS REAL) * 1000) AS INTEGER) \
         WHEN {col} <> '' THEN CAST(ROUND(CAST({col} AS REAL) * 1000) AS INTEGER) END)"
    )
}

/// Adds the conditions selecting `scope`'s races (`r` a results row,
/// `ra` its race, `ci` its circuit) and their parameters.
pub(crate) fn race_scope(scope: &RaceScope, conds: &mut Vec<String>, params: &mut Vec<Value>) {
    match scope {
        RaceScope::Race(race) => {
            conds.push(format!("r.raceId = {RACE}"));
            params.extend(race_params(race));
        }
        RaceScope::Races { place, season } => {
            place_and_season(place.as_ref().map(|(p, _)| p), *season, conds, params);
        }
    }
}
