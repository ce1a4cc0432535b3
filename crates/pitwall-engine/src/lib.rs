//! The local answer engine: entity resolution and intents to parameterised SQL.
//!
//! `Engine::load` builds an in-memory index of drivers, constructors,
//! circuits, races and nicknames once; `Engine::answer` resolves the names
//! in a question, routes it to one intent and runs that intent's SQL. It
//! never guesses: below `CONFIDENCE_THRESHOLD`, or when a required name,
//! season or race is missing or the data does not cover it, it returns
//! `Outcome::Unanswered` with a reason and rephrasings.

mod aliases;
mod answer_memo;
mod capabilities;
mod compile;
mod compound;
pub mod eval;
mod index;
mod intents;
mod numbers;
mod parse;
mod phrase;
mod pick;
pub mod present;
mod query;
mod resolve;
mod slang;
mod text;
mod words;

use serde::{Deserialize, Serialize};

pub use capabilities::{capabilities, Capability};
pub use text::normalise_question;

/// Below this confidence the engine does not answer.
pub const CONFIDENCE_THRESHOLD: f32 = 0.6;

/// Errors of the engine (bad database, not bad questions: those are
/// `Outcome::Unanswered`).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database or a bundled data file is not what the engine expects.
    #[error("bad data: {0}")]
    Data(String),
    /// Reading a file failed.
    #[error("io error: {0}")]
    Io(#[from] std::io::Error),
    /// A JSON record could not be parsed.
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntityKind {
    /// A driver (drivers.driverId).
    Driver,
    /// A constructor (constructors.constructorId).
    Constructor,
    /// A circuit (circuits.circuitId; 0 for a country).
    Circuit,
    /// A Grand Prix name (id: its most recent races.raceId).
    Race,
}

/// One thing named in a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its kind.
    pub kind: EntityKind,
    /// Its database id.
    pub id: i64,
    /// Its display name.
    pub name: String,
    /// The words of the question that named it.
    pub matched: String,
    /// How sure the match is, in [0, 1].
    pub score: f32,
}

/// The entities, seasons and rounds found in a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// Drivers, constructors, circuits and races, in question order.
    pub entities: Vec<Entity>,
    /// Seasons mentioned.
    pub years: Vec<i64>,
    /// Rounds mentioned.
    pub rounds: Vec<i64>,
    /// The question with entity names replaced by ids, lowercased, every
    /// other character kept: equal for questions that differ only in how
    /// they spell names or in letter case, different whenever anything else
    /// differs (a comparison sign, a number, a negation, punctuation).
    pub cache_key: String,
}

/// An answer with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// One sentence naming the values.
    pub answer: String,
    /// The rows the sentence was built from.
    pub table: pitwall_f1data::Table,
    /// The exact SQL run, with `?` placeholders.
    pub sql: String,
    /// The values bound to the placeholders.
    pub params: Vec<serde_json::Value>,
    /// Which intent answered.
    pub intent: String,
    /// What was answered, restated in canonical words ("Race winner ·
    /// 2012 Monaco Grand Prix"), so a user sees at once when the engine
    /// understood something other than what was meant.
    #[serde(default)]
    pub interpretation: String,
    /// How sure the engine is, in [0, 1].
    pub confidence: f32,
    /// A human label per table column ("Lewis Hamilton ahead" for
    /// `first_ahead`), in column order; the columns keep their names.
    #[serde(default)]
    pub column_labels: Vec<String>,
    /// How to chart the table when its rows are a series (points after
    /// each round, wins per season); None otherwise.
    #[serde(default)]
    pub chart: Option<present::Chart>,
}

/// Why the engine did not answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unanswered {
    /// A reason a user can act on.
    pub reason: String,
    /// Two or three questions the engine can answer.
    pub suggestions: Vec<String>,
    /// Confidence of the best guess (0 when there is none).
    pub confidence: f32,
    /// The low-confidence guess, if any (not to be shown as an answer).
    pub best_effort: Option<Answer>,
    /// Words of the question the engine could not place (empty when it
    /// declined for another reason).
    #[serde(default)]
    pub unparsed: Vec<String>,
}

/// The result of `Engine::answer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// Answered with confidence at or above the threshold.
    Answered(Answer),
    /// Not answered.
    Unanswered(Unanswered),
}

/// The deterministic engine. Its index is immutable once loaded, so it is
/// `Send + Sync` and shared across request handlers. Results of slow
/// whole-table aggregates are memoised inside it: load a new `Engine` when
/// the F1 data is replaced (the index is a snapshot too).
#[derive(Debug)]
pub struct Engine {
    index: index::Index,
    memo: intents::Memo,
    answers: answer_memo::AnswerMemo,
}

impl Engine {
    /// Builds the entity index from the F1 database.
    pub fn load(conn: &rusqlite::Connection) -> Result<Engine, EngineError> {
        let index = index::Index::load(conn)?;
        if index.drivers.is_empty() || index.races.is_empty() {
            return Err(EngineError::Data(
                "the F1 database has no drivers or races".into(),
            ));
        }
        Ok(Engine {
            index,
            memo: intents::Memo::default(),
            answers: answer_memo::AnswerMemo::default(),
        })
    }

    /// Fixes "today" (YYYY-MM-DD) for calendar questions ("when is the
    /// next race"), instead of the system's UTC date: for tests and for
    /// replaying a day.
    pub fn with_today(mut self, date: &str) -> Engine {
        self.index.today = Some(date.to_string());
        self
    }

    /// Answers a question, or says why not.
    pub fn answer(
        &self,
        conn: &rusqlite::Connection,
        question: &str,
    ) -> Result<Outcome, EngineError> {
        Ok(match self.answer_or_resolve(conn, question)? {
            Ok(a) => Outcome::Answered(a),
            Err((u, _)) => Outcome::Unanswered(u),
        })
    }

    /// Answers a question and, when it is not answered, also returns its
    /// resolution (for the LLM prompt and the cache key). The question is
    /// parsed and resolved once for both, instead of once per call, and a
    /// question asked before is answered from the engine's memo (errors
    /// are not remembered).
    pub fn answer_or_resolve(
        &self,
        conn: &rusqlite::Connection,
        question: &str,
    ) -> Result<Result<Answer, (Unanswered, Resolution)>, EngineError> {
        if let Some(known) = self.answers.get(question) {
            return Ok((*known).clone());
        }
        let outcome = self.compute(conn, question)?;
        Ok((*self.answers.put(question, outcome)).clone())
    }

    /// The outcome remembered for exactly this question, if it was asked of
    /// this engine before: what [`answer_or_resolve`](Self::answer_or_resolve)
    /// would return, without a database connection (so a caller need not
    /// check one out for a repeated question).
    pub fn memoised(&self, question: &str) -> Option<Result<Answer, (Unanswered, Resolution)>> {
        let known = self.answers.get(question)?;
        Some((*known).clone())
    }

    /// Answers without the memo: every call parses, routes and queries.
    /// For benchmarks of that work and for tests.
    pub fn answer_uncached(
        &self,
        conn: &rusqlite::Connection,
        question: &str,
    ) -> Result<Outcome, EngineError> {
        Ok(match self.compute(conn, question)? {
            Ok(a) => Outcome::Answered(a),
            Err((u, _)) => Outcome::Unanswered(u),
        })
    }

    /// A question's outcome: a compound question ("who won and by how
    /// much") is two questions, both answered or neither.
    fn compute(
        &self,
        conn: &rusqlite::Connection,
        question: &str,
    ) -> Result<answer_memo::Memoised, EngineError> {
        let Some((one, two)) = compound::split(question) else {
            let outcome = self.compute_one(conn, question)?;
            if outcome.is_ok() && compound::asks_two_things(question) {
                let u = Unanswered {
                    reason: "This asks two things at once; ask them one at a time.".into(),
                    suggestions: intents::EXAMPLES
                        .iter()
                        .take(3)
                        .map(|s| s.to_string())
                        .collect(),
                    confidence: 0.3,
                    best_effort: None,
                    unparsed: vec!["and".into()],
                };
                return Ok(Err((u, self.resolve(question))));
            }
            return Ok(outcome);
        };
        let first = match self.compute_one(conn, &one)? {
            Ok(a) => a,
            Err((u, _)) => return Ok(Err((compound::decline(&one, u), self.resolve(question)))),
        };
        match self.compute_one(conn, &two)? {
            Ok(second) => Ok(Ok(compound::combine(first, second))),
            Err((u, _)) => Ok(Err((compound::decline(&two, u), self.resolve(question)))),
        }
    }

    /// One simple question's outcome.
    fn compute_one(
        &self,
        conn: &rusqlite::Connection,
        question: &str,
    ) -> Result<answer_memo::Memoised, EngineError> {
        let resolved = pick::resolve(&self.index, question);
        Ok(
            match intents::answer(&self.index, &self.memo, conn, &resolved)? {
                Outcome::Answered(a) => Ok(a),
                Outcome::Unanswered(u) => Err((u, resolution_of(&resolved, question))),
            },
        )
    }

    /// The entities, seasons and rounds of a question.
    pub fn resolve(&self, question: &str) -> Resolution {
        resolution_of(&pick::resolve(&self.index, question), question)
    }
}

/// What the question named, in order of mention, and its cache key.
fn resolution_of(r: &pick::Resolved, question: &str) -> Resolution {
    let mut entities: Vec<(usize, Entity)> = Vec::new();
    entities.extend(r.drivers.iter().map(|d| (d.start, d.entity.clone())));
    entities.extend(r.constructors.iter().map(|c| (c.start, c.entity.clone())));
    let mut out: Vec<Entity> = {
        entities.sort_by_key(|(s, _)| *s);
        entities.into_iter().map(|(_, e)| e).collect()
    };
    out.extend(r.locs.iter().map(|l| l.entity.clone()));
    Resolution {
        cache_key: cache_key(r, &out, question),
        entities: out,
        years: r.parsed.years.clone(),
        rounds: r.parsed.rounds.clone(),
    }
}

/// Marks an entity tag in a cache key. A control character, which a
/// validated question cannot contain, so no typed text can forge a tag.
const TAG_MARK: char = '\u{1}';

/// The question's own text with each entity mention replaced by a tag.
///
/// Only the names are replaced: the key is the LLM answer cache's (and the
/// shared in-flight call's), so everything else the model reads must be in
/// it, or two questions that differ in `>` versus `<`, a number or a "not"
/// would share one cached answer. Letter case and runs of whitespace are
/// the only things folded.
fn cache_key(r: &pick::Resolved, entities: &[Entity], question: &str) -> String {
    let parsed = &r.parsed;
    let mut key = String::with_capacity(question.len() + 16);
    let mut pos = 0;
    for m in &parsed.mentions {
        let (Some(first), Some(last)) = (parsed.spans.get(m.start), parsed.spans.get(m.end - 1))
        else {
            continue;
        };
        if first.start < pos {
            continue;
        }
        let tag = entities
            .iter()
            .find(|e| e.matched == m.matched)
            .map_or_else(
                || "?".to_string(),
                |e| match e.kind {
                    // Countries all have id 0: key them by name, or "races in
                    // Italy" and "races in Brazil" would share cached answers.
                    EntityKind::Circuit if e.id == 0 => {
                        format!("country:{}", e.name.to_lowercase().replace(' ', "_"))
                    }
                    kind => format!("{kind:?}:{}", e.id).to_lowercase(),
                },
            );
        push_key_text(&mut key, question.get(pos..first.start).unwrap_or_default());
        key.push(TAG_MARK);
        key.push_str(&tag);
        key.push(TAG_MARK);
        pos = last.end;
    }
    push_key_text(&mut key, question.get(pos..).unwrap_or_default());
    key.trim().to_string()
}

/// Appends text to a key: lowercased, whitespace runs as one space, and any
/// [`TAG_MARK`] replaced so text can never look like a tag.
fn push_key_text(key: &mut String, text: &str) {
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            if !key.ends_with(' ') {
                key.push(' ');
            }
        } else if c == TAG_MARK {
            key.push('\u{FFFD}');
        } else {
            key.push(c);
        }
    }
}

/// Questions the engine answers well, for help screens and suggestions.
pub fn example_questions() -> &'static [&'static str] {
    intents::EXAMPLES
}
