//! Evaluation against a question set (JSONL): accuracy overall and per
//! category, failures, and confidently-wrong answers.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Engine, EngineError, Outcome, CONFIDENCE_THRESHOLD};

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
    /// The question.
    pub question: String,
    /// Expected values.
    pub expected: Vec<String>,
    /// What the engine said (answer sentence or refusal reason).
    pub got: String,
    /// Whether it answered with confidence >= threshold.
    pub confidently_wrong: bool,
}

/// The result of a run.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Questions asked.
    pub total: usize,
    /// Judged correct.
    pub correct: usize,
    /// Category -> (correct, total).
    pub per_category: BTreeMap<String, (usize, usize)>,
    /// Every failure.
    pub failures: Vec<EvalFailure>,
    /// Answered, wrong, and confident.
    pub confidently_wrong: usize,
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

/// Runs every question through the engine.
pub fn run_eval(
    engine: &Engine,
    conn: &rusqlite::Connection,
    questions: &[EvalQuestion],
) -> EvalReport {
    let mut report = EvalReport {
        total: 0,
        correct: 0,
        per_category: BTreeMap::new(),
        failures: Vec::new(),
        confidently_wrong: 0,
    };
    for q in questions {
        report.total += 1;
        let entry = report
            .per_category
            .entry(q.category.clone())
            .or_insert((0, 0));
        entry.1 += 1;
        let outcome = engine.answer(conn, &q.question);
        let ok = outcome.as_ref().is_ok_and(|o| judge(o, &q.answer_values));
        if ok {
            report.correct += 1;
            entry.0 += 1;
            continue;
        }
        let (got, confident) = match &outcome {
            Ok(Outcome::Answered(a)) => (a.answer.clone(), a.confidence >= CONFIDENCE_THRESHOLD),
            Ok(Outcome::Unanswered(u)) => (format!("(unanswered) {}", u.reason), false),
            Err(e) => (format!("(error) {e}"), false),
        };
        if confident {
            report.confidently_wrong += 1;
        }
        report.failures.push(EvalFailure {
            id: q.id.clone(),
            category: q.category.clone(),
            question: q.question.clone(),
            expected: q.answer_values.clone(),
            got,
            confidently_wrong: confident,
        });
    }
    report
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "accuracy: {}/{} = {:.1}%",
            self.correct,
            self.total,
            100.0 * self.accuracy()
        )?;
        writeln!(f, "confidently wrong: {}", self.confidently_wrong)?;
        for (cat, (ok, n)) in &self.per_category {
            writeln!(f, "  {cat:<28} {ok}/{n}")?;
        }
        for x in &self.failures {
            let flag = if x.confidently_wrong {
                " [CONFIDENTLY WRONG]"
            } else {
                ""
            };
            writeln!(
                f,
                "FAIL {} [{}]{flag}: {}\n  expected {:?}\n  got      {}",
                x.id, x.category, x.question, x.expected, x.got
            )?;
        }
        Ok(())
    }
}
