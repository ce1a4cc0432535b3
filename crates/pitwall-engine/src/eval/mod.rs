//! Evaluation against a question set (JSONL): coverage, precision, decline
//! accuracy and confidently-wrong answers overall, per `kind` and per
//! `category`, a reliability table, and every failure.

mod tally;

pub use tally::{reliability_table, Tally, Verdict, BUCKETS, CONFIDENT};

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Engine, EngineError, Outcome};

/// One record of the question set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalQuestion {
    /// Question id.
    pub id: String,
    /// The question text.
    pub question: String,
    /// Category (one of the 20).
    #[serde(default)]
    pub category: String,
    /// easy | medium | hard.
    #[serde(default)]
    pub difficulty: String,
    /// Values a correct answer must contain.
    pub answer_values: Vec<String>,
    /// The gold SQL, when given.
    #[serde(default)]
    pub sql: Option<String>,
    /// A note on the convention used.
    #[serde(default)]
    pub note: Option<String>,
    /// `near_miss`, `schema`, `variant` or `decline` (hard set); empty in
    /// the common set.
    #[serde(default)]
    pub kind: String,
    /// Whether the question has an answer in the data.
    #[serde(default)]
    pub expect: Expect,
}

/// What a question expects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    /// An answer with every `answer_values` value.
    #[default]
    Answer,
    /// A decline: the data has no answer.
    Decline,
}

/// Reads a JSONL question file (blank lines ignored).
pub fn load_questions(path: impl AsRef<Path>) -> Result<Vec<EvalQuestion>, EngineError> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push(serde_json::from_str(line)?);
    }
    Ok(out)
}

/// Normalises for comparison: folded text, and numbers without a
/// trailing ".0" so 363.0 == "363".
fn norm(s: &str) -> String {
    let s = crate::text::fold(s.trim());
    match s.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Ok(f) => format!("{f}"),
        Err(_) => s,
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Correct iff answered and every value appears in the sentence or equals
/// (after normalisation) or appears in a table cell.
pub fn judge(outcome: &Outcome, answer_values: &[String]) -> bool {
    let Outcome::Answered(a) = outcome else {
        return false;
    };
    let sentence = crate::text::fold(&a.answer);
    let cells: Vec<String> = a
        .table
        .rows
        .iter()
        .flatten()
        .map(|v| norm(&value_text(v)))
        .collect();
    let words: Vec<String> = sentence
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | '/'))
        .map(|w| {
            let w = w.trim_end_matches(['.', ':', '!', '?']);
            // "P9" names position 9.
            let w = w
                .strip_prefix('p')
                .filter(|r| r.parse::<u32>().is_ok())
                .unwrap_or(w);
            norm(w)
        })
        .collect();
    answer_values.iter().all(|want| {
        let w = norm(want);
        if w.parse::<f64>().is_ok() {
            // Numbers must match a whole word or cell: "3" is not in "363".
            words.iter().any(|x| x == &w) || cells.iter().any(|c| c == &w)
        } else {
            sentence.contains(&w) || cells.iter().any(|c| c.contains(&w))
        }
    })
}

/// One failed question.
#[derive(Debug, Clone, Serialize)]
pub struct EvalFailure {
    /// Question id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its kind (hard set).
    pub kind: String,
    /// The question.
    pub question: String,
    /// Expected values (empty for a question to decline).
    pub expected: Vec<String>,
    /// Declined or wrong.
    pub verdict: Verdict,
    /// What the engine said (answer sentence or refusal reason).
    pub got: String,
    /// Wrong at confidence >= [`CONFIDENT`].
    pub confidently_wrong: bool,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Questions asked.
    pub total: usize,
    /// Judged correct.
    pub correct: usize,
    /// Wrong answers at confidence >= [`CONFIDENT`].
    pub confidently_wrong: usize,
    /// Every question.
    pub overall: Tally,
    /// Per `kind` (questions without one under "-").
    pub per_kind: BTreeMap<String, Tally>,
    /// Per category.
    pub per_category: BTreeMap<String, Tally>,
    /// Every question not answered correctly (declines of questions to
    /// decline are not failures).
    pub failures: Vec<EvalFailure>,
}

impl EvalReport {
    /// correct / total (0 for an empty set).
    pub fn accuracy(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

/// Judges one outcome against its question.
fn verdict(outcome: &Result<Outcome, EngineError>, q: &EvalQuestion) -> (Verdict, f32, String) {
    match outcome {
        Ok(Outcome::Answered(a)) => {
            let right = q.expect == Expect::Answer
                && judge(&Outcome::Answered(a.clone()), &q.answer_values);
            let v = if right {
                Verdict::Correct
            } else {
                Verdict::Wrong
            };
            (v, a.confidence, a.answer.clone())
        }
        Ok(Outcome::Unanswered(u)) => (Verdict::Declined, 0.0, format!("(declined) {}", u.reason)),
        Err(e) => (Verdict::Declined, 0.0, format!("(error) {e}")),
    }
}

/// Runs every question through the engine.
pub fn run_eval(
    engine: &Engine,
    conn: &rusqlite::Connection,
    questions: &[EvalQuestion],
) -> EvalReport {
    let mut report = EvalReport {
        total: 0,
        correct: 0,
        confidently_wrong: 0,
        overall: Tally::default(),
        per_kind: BTreeMap::new(),
        per_category: BTreeMap::new(),
        failures: Vec::new(),
    };
    for q in questions {
        let outcome = engine.answer(conn, &q.question);
        let (v, confidence, got) = verdict(&outcome, q);
        let decline = q.expect == Expect::Decline;
        let kind = if q.kind.is_empty() {
            "-"
        } else {
            q.kind.as_str()
        };
        report.overall.add(decline, v, confidence);
        report
            .per_kind
            .entry(kind.to_string())
            .or_default()
            .add(decline, v, confidence);
        report
            .per_category
            .entry(q.category.clone())
            .or_default()
            .add(decline, v, confidence);
        report.total += 1;
        let confidently_wrong = v == Verdict::Wrong && confidence >= CONFIDENT;
        if confidently_wrong {
            report.confidently_wrong += 1;
        }
        let as_expected = match q.expect {
            Expect::Answer => v == Verdict::Correct,
            Expect::Decline => v == Verdict::Declined,
        };
        if as_expected {
            report.correct += 1;
            continue;
        }
        report.failures.push(EvalFailure {
            id: q.id.clone(),
            category: q.category.clone(),
            kind: kind.to_string(),
            question: q.question.clone(),
            expected: q.answer_values.clone(),
            verdict: v,
            got,
            confidently_wrong,
        });
    }
    report
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "overall: {}", self.overall)?;
        writeln!(
            f,
            "as expected (correct or rightly declined): {}/{} = {:.1}%",
            self.correct,
            self.total,
            100.0 * self.accuracy()
        )?;
        write!(f, "{}", reliability_table(&self.overall))?;
        if self.per_kind.len() > 1 || !self.per_kind.contains_key("-") {
            writeln!(f, "per kind:")?;
            for (kind, t) in &self.per_kind {
                writeln!(f, "  {kind:<28} {t}")?;
            }
        }
        writeln!(f, "per category:")?;
        for (cat, t) in &self.per_category {
            writeln!(f, "  {cat:<28} {t}")?;
        }
        for x in &self.failures {
            let flag = if x.confidently_wrong {
                " [CONFIDENTLY WRONG]"
            } else {
                ""
            };
            let verdict = match x.verdict {
                Verdict::Wrong => "WRONG",
                Verdict::Declined => "DECLINED",
                Verdict::Correct => "CORRECT",
            };
            writeln!(
                f,
                "{verdict} {} [{}/{}]{flag}: {}\n  expected {:?}\n  got      {}",
                x.id, x.kind, x.category, x.question, x.expected, x.got
            )?;
        }
        Ok(())
    }
}
