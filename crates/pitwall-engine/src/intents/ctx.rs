//! What every intent gets: the resolved question, word tests, the stat
//! asked about and the SQL runner that builds an `Answer` (the race a
//! question names is found in `race_of.rs`).

use std::cell::RefCell;

use rusqlite::Connection;
use serde_json::Value;

use crate::index::Index;
use crate::pick::Resolved;
use crate::{Answer, EngineError, Outcome, Unanswered};

pub(crate) use super::memo::{Memo, SLOW_QUERY};
pub(crate) use super::race_of::{FINAL_RACE, FIRST_RACE};
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
