//! A query's qualifiers as `WHERE` conditions over one result row `x` and
//! its race `ra`: each qualifier is one condition with its bound
//! parameters, so they compose with every measure and shape.

use serde_json::{json, Value};

use crate::intents::Stat;
use crate::pick::Loc;
use crate::query::Filters;

/// Collects `WHERE` conditions and their parameters in order.
#[derive(Default)]
pub(super) struct Where {
    pub(super) conds: Vec<String>,
    pub(super) params: Vec<Value>,
}

impl Where {
    pub(super) fn add(&mut self, cond: impl Into<String>, params: impl IntoIterator<Item = Value>) {
        self.conds.push(cond.into());
        self.params.extend(params);
    }

    pub(super) fn sql(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conds.join(" AND "))
        }
    }
}

/// The conditions of the qualifiers on a result row `x` of race `ra`
/// (circuit `ci`, constructor `c`, driver `d`).
pub(super) fn qualifiers(f: &Filters, w: &mut Where, circuit_ref: impl Fn(i64) -> String) {
    if let Some(s) = f.seasons {
        w.add("ra.year BETWEEN ? AND ?", [json!(s.from), json!(s.to)]);
    }
    match &f.place {
        Some(Loc::Circuit(id)) => w.add("ci.circuitRef = ?", [json!(circuit_ref(*id))]),
        Some(Loc::RaceName(n)) => w.add("ra.name = ?", [json!(n)]),
        Some(Loc::Country(c)) => {
            let names = crate::index::same_country(c);
            let marks = vec!["?"; names.len()].join(", ");
            w.add(
                format!("ci.country IN ({marks})"),
                names.into_iter().map(Value::from),
            );
        }
        None => {}
    }
    if let Some((id, _)) = &f.team {
        w.add("x.constructorId = ?", [json!(id)]);
    }
    if let Some(m) = f.month {
        w.add("CAST(strftime('%m', ra.date) AS INTEGER) = ?", [json!(m)]);
    }
    if f.from_pole {
        w.add("x.grid = 1", []);
    }
    if let Some((id, _)) = &f.teammate {
        w.add(
            "EXISTS (SELECT 1 FROM results t WHERE t.raceId = x.raceId AND t.constructorId = x.constructorId AND t.driverId = ?)",
            [json!(id)],
        );
    }
    // The first season with a start: with a team named ("his first
    // season at Ferrari"), the first season with that team.
    if f.rookie {
        let with_team = if f.team.is_some() {
            " AND r2.constructorId = x.constructorId"
        } else {
            ""
        };
        w.add(
            format!(
                "ra.year = (SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 ON ra2.raceId = r2.raceId \
                 WHERE r2.driverId = x.driverId AND r2.positionText NOT IN ('F', 'W'){with_team})"
            ),
            [],
        );
    }
    if let Some(n) = &f.team_nationality {
        w.add("c.nationality = ?", [json!(n)]);
    }
    if let Some(n) = &f.driver_nationality {
        w.add("d.nationality = ?", [json!(n)]);
    }
    if let Some(stat) = f.never {
        let had = match stat {
            // Champions of complete seasons (the import's title table): the
            // leader of an unfinished season has no title yet.
            Stat::Titles => "SELECT driverId FROM agg_driver_titles",
            Stat::Podiums => "SELECT driverId FROM results WHERE position <= 3",
            Stat::Poles => "SELECT driverId FROM results WHERE grid = 1",
            Stat::Points => "SELECT driverId FROM results WHERE points > 0 UNION SELECT driverId FROM sprint_results WHERE points > 0",
            _ => "SELECT driverId FROM results WHERE position = 1",
        };
        w.add(format!("x.driverId NOT IN ({had})"), []);
    }
}
