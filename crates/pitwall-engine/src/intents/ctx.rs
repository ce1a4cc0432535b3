//! What every intent gets: the resolved question, word tests, the stat
//! asked about, race lookup and the SQL runner that builds an `Answer`.

use std::cell::RefCell;

use rusqlite::Connection;
use serde_json::Value;

use crate::index::{Index, RaceInfo};
use crate::pick::{Loc, Resolved};
use crate::{Answer, EngineError, Outcome, Unanswered};

pub(crate) use super::memo::{Memo, SLOW_QUERY};
pub(crate) use super::stat::{Stat, DRIVER_NAME};

/// The routing context.
pub(crate) struct Ctx<'a> {
    pub idx: &'a Index,
    pub memo: &'a Memo,
    pub conn: &'a Connection,
    pub r: &'a Resolved,
    /// Words the intent being tried has tested for and found: with the
    /// parse's own (`Parsed::used`) and the filler words, what the answer
    /// accounts for. Anything else is a part of the question nobody read.
    pub consumed: RefCell<Vec<bool>>,
    /// The interpretation the answering intent stated, when it states one
    /// more precise than the default built from what the parse read.
    pub interpretation: RefCell<Option<String>>,
    /// The most rows the answer's table keeps: [`TABLE_ROWS`], or
    /// [`SERIES_ROWS`] for a series a chart draws whole (every round of a
    /// season for five drivers, every season of a team).
    pub rows: std::cell::Cell<usize>,
}

/// Rows an answer's table keeps by default.
pub(crate) const TABLE_ROWS: usize = 50;

/// Rows a series answer keeps: 8 drivers over a 24-round season, or 76
/// seasons, with room to spare.
pub(crate) const SERIES_ROWS: usize = 400;

/// Words naming a season's last race.
pub(crate) const FINAL_RACE: &[&str] = &[
    "season finale",
    "final race",
    "last race",
    "final round",
    "last round",
    "final grand prix",
    "last grand prix",
    "finale",
];

/// Words naming a season's first race ("first race" itself is the typed
/// route's: the first race with a result of a driver or team).
pub(crate) const FIRST_RACE: &[&str] = &[
    "season opener",
    "opening race",
    "opening round",
    "opening grand prix",
    "opener",
];

impl<'a> Ctx<'a> {
    /// Mentions a team rather than a driver ("team", "constructor").
    pub fn about_teams(&self) -> bool {
        self.any(&[
            "team",
            "teams",
            "constructor",
            "constructors",
            "manufacturer",
            "manufacturers",
            "marque",
        ])
    }

    /// Confidence from the entities used; `used` names how many drivers,
    /// constructors and places the intent consumed, so unused ones lower it.
    pub fn confidence(&self, drivers: usize, constructors: usize, locs: usize) -> f32 {
        let r = self.r;
        let mut c: f32 = 0.95;
        for e in r
            .drivers
            .iter()
            .take(drivers)
            .map(|d| &d.entity)
            .chain(r.constructors.iter().take(constructors).map(|c| &c.entity))
            .chain(r.locs.iter().take(locs).map(|l| &l.entity))
        {
            c = c.min(e.score * 0.95);
        }
        let unused = r.drivers.len().saturating_sub(drivers)
            + r.constructors.len().saturating_sub(constructors)
            + r.locs.len().saturating_sub(locs);
        c * 0.6f32.powi(unused as i32)
    }

    /// The statistic asked about.
    pub fn stat(&self) -> Option<Stat> {
        if self.any(&[
            "title",
            "titles",
            "championships",
            "world champion",
            "world champions",
            "champions",
            "world championships",
            "drivers championships",
            "constructors championships",
        ]) || (self.has("champion") && self.any(&["times", "how many"]))
            || (self.has("championship")
                && self.any(&["won", "win", "wins"])
                && !self.peek_any(&["points"]))
        {
            return Some(Stat::Titles);
        }
        if self.any(&["pole", "poles", "pole position", "pole positions"]) {
            return Some(Stat::Poles);
        }
        if self.any(&["fastest lap", "fastest laps"]) {
            return Some(Stat::FastestLaps);
        }
        if self.any(&[
            "podium",
            "podiums",
            "top three finishes",
            "top 3 finishes",
            "rostrum",
        ]) {
            return Some(Stat::Podiums);
        }
        if self.any(&[
            "dnf",
            "dnfs",
            "retire",
            "retired",
            "retirements",
            "retirement",
            "fail to finish",
            "failed to finish",
            "did not finish",
            "didnt finish",
            "not finish",
        ]) {
            return Some(Stat::Dnfs);
        }
        if self.any(&["points", "point"]) {
            return Some(Stat::Points);
        }
        if self.any(&[
            "win",
            "wins",
            "won",
            "victories",
            "victory",
            "winner",
            "winning",
            "triumphs",
            "victorious",
            "triumphed",
        ]) {
            return Some(Stat::Wins);
        }
        if self.any(&[
            "starts",
            "start",
            "started",
            "races",
            "race",
            "grands prix",
            "gps",
            "appearances",
            "entries",
            "raced",
            "compete",
            "competed",
        ]) {
            return Some(Stat::Starts);
        }
        None
    }

    /// Races of `year` at the named place (Grand Prix name, circuit or country).
    pub fn races_at(&self, year: i64, loc: &Loc) -> Vec<&'a RaceInfo> {
        let idx = self.idx;
        idx.races
            .iter()
            .filter(|r| r.year == year)
            .filter(|r| match loc {
                Loc::Circuit(c) => r.circuit_id == *c,
                Loc::RaceName(n) => &r.name == n,
                Loc::Country(c) => idx
                    .circuits
                    .get(&r.circuit_id)
                    .is_some_and(|ci| &ci.country == c),
            })
            .collect()
    }

    /// The one race a question is about (season + place, or season + round),
    /// or the refusal explaining why there is none.
    pub fn the_race(&self) -> Result<&'a RaceInfo, Box<Outcome>> {
        if let Some(n) = self.r.parsed.race_nth {
            return self.nth_race(n);
        }
        let Some(year) = self.year() else {
            return Err(Box::new(self.refuse(
                "Which season? Add the year, e.g. \"the 2019 Monaco Grand Prix\".",
            )));
        };
        let races: Vec<&RaceInfo> = if let Some(loc) = self.r.locs.first() {
            let at = self.races_at(year, &loc.loc);
            // A round named beside the place must be a race there: "after
            // round 20 of 2021 at Silverstone" names two different races,
            // and answering either one answers a different question.
            match self.r.parsed.rounds.first() {
                Some(round) if !at.is_empty() && at.iter().all(|r| r.round != *round) => {
                    let named = self.idx.race(year, *round).map_or_else(
                        || "not in the data".to_string(),
                        |r| format!("the {}", r.name),
                    );
                    return Err(Box::new(self.refuse(&format!(
                        "Round {round} of {year} was {named}, not a race at {}; which race did you mean?",
                        loc.entity.name
                    ))));
                }
                Some(round) => at.into_iter().filter(|r| r.round == *round).collect(),
                None => at,
            }
        } else if let Some(round) = self.r.parsed.rounds.first() {
            self.idx.race(year, *round).into_iter().collect()
        } else if self.any(FIRST_RACE) {
            let first = self
                .idx
                .races
                .iter()
                .filter(|r| r.year == year)
                .min_by_key(|r| r.round);
            first.into_iter().collect()
        } else if self.any(FINAL_RACE) {
            // The season's last race, only once the season is complete in
            // the data: otherwise the data's last race is not the final one.
            if year >= self.idx.last_year && year > self.idx.last_complete_season {
                return Err(Box::new(self.refuse(&format!(
                    "The data runs to round {} of {year}; the season's final race is not in it.",
                    self.idx.last_round
                ))));
            }
            let last = self
                .idx
                .races
                .iter()
                .filter(|r| r.year == year)
                .max_by_key(|r| r.round);
            last.into_iter().collect()
        } else {
            return Err(Box::new(self.refuse(
                "Which race? Name the Grand Prix or circuit, e.g. \"the 2019 Monaco Grand Prix\".",
            )));
        };
        match races.as_slice() {
            [] => Err(Box::new(
                self.refuse(&format!("I found no such race in {year}.")),
            )),
            [one] if !one.has_results => Err(Box::new(self.refuse(&format!(
                "The {} {} has no results in the data (it runs to {} round {}).",
                one.year, one.name, self.idx.last_year, self.idx.last_round
            )))),
            [one] => Ok(one),
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|r| format!("the {} {}", r.year, r.name))
                    .collect();
                Err(Box::new(self.refuse(&format!(
                    "That place held several races that season: {}. Which one?",
                    names.join(", ")
                ))))
            }
        }
    }

    /// The Nth World Championship race of all, in date order (the index
    /// keeps races by season and round, which is date order).
    fn nth_race(&self, n: i64) -> Result<&'a RaceInfo, Box<Outcome>> {
        let mut races: Vec<&RaceInfo> = self.idx.races.iter().collect();
        races.sort_by_key(|r| (r.year, r.round));
        let found = usize::try_from(n - 1)
            .ok()
            .and_then(|at| races.get(at).copied());
        match found {
            Some(race) if race.has_results => Ok(race),
            _ => Err(Box::new(self.refuse(&format!(
                "The data has {} World Championship races with results; there is no race number {n}.",
                races.iter().filter(|r| r.has_results).count()
            )))),
        }
    }

    /// Lets the answer being built keep a whole series ([`SERIES_ROWS`]).
    pub fn series_rows(&self) {
        self.rows.set(SERIES_ROWS);
    }

    /// Runs SQL and returns the table (at most `self.rows` rows).
    pub fn run(&self, sql: &str, params: &[Value]) -> Result<pitwall_f1data::Table, EngineError> {
        let limit = self.rows.get();
        let key = (
            sql.to_string(),
            format!(
                "{}#{limit}",
                serde_json::to_string(params).unwrap_or_default()
            ),
        );
        if let Some(hit) = self.memo.get(&key) {
            return Ok(hit);
        }
        let values: Vec<rusqlite::types::Value> = params.iter().map(to_sql).collect();
        let started = std::time::Instant::now();
        let table = pitwall_f1data::query_table(self.conn, sql, &values, limit)?;
        if started.elapsed() >= SLOW_QUERY {
            self.memo.put(key, &table);
        }
        Ok(table)
    }

    /// Runs the SQL and builds the answer; `sentence` gets the table and
    /// returns None when the rows do not answer the question.
    pub fn answer(
        &self,
        intent: &str,
        sql: &str,
        params: Vec<Value>,
        confidence: f32,
        sentence: impl FnOnce(&pitwall_f1data::Table) -> Option<String>,
    ) -> Result<Option<Outcome>, EngineError> {
        let table = self.run(sql, &params)?;
        let Some(text) = sentence(&table) else {
            return Ok(Some(self.refuse(
                "The data has no rows for that question (it may not be recorded for that season).",
            )));
        };
        let mut answer = Answer {
            answer: text,
            table,
            sql: sql.to_string(),
            params,
            intent: intent.to_string(),
            interpretation: self.interpretation(intent),
            confidence,
            column_labels: Vec::new(),
            chart: None,
        };
        // Set where the table is built, so every intent's answer has them.
        crate::present::dress(&mut answer);
        Ok(Some(Outcome::Answered(answer)))
    }

    /// A refusal with suggestions.
    pub fn refuse(&self, reason: &str) -> Outcome {
        Outcome::Unanswered(Unanswered {
            reason: reason.to_string(),
            suggestions: super::EXAMPLES
                .iter()
                .take(3)
                .map(|s| s.to_string())
                .collect(),
            confidence: 0.0,
            best_effort: None,
            unparsed: Vec::new(),
        })
    }
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| V::Real(n.as_f64().unwrap_or(0.0)), V::Integer),
        Value::String(s) => V::Text(s.clone()),
        other => V::Text(other.to_string()),
    }
}

/// A table cell as display text ("363", "202.5", "Max Verstappen").
pub(crate) fn cell(t: &pitwall_f1data::Table, row: usize, col: usize) -> String {
    match t.rows.get(row).and_then(|r| r.get(col)) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "-".to_string(),
        Some(v) => v.to_string(),
    }
}

/// "A, B and C".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
