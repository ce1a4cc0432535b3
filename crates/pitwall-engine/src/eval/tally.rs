//! The figures of an evaluation, per group of questions: coverage,
//! precision, decline accuracy, confidently wrong, and a reliability table
//! (answers and correct answers per confidence bucket).

use std::fmt;

use serde::Serialize;

/// An answer at or above this confidence that is wrong is "confidently
/// wrong": the worst outcome, because it reads as certain.
pub const CONFIDENT: f32 = 0.8;

/// Lower edges of the reliability table's confidence buckets.
pub const BUCKETS: [f32; 5] = [0.0, 0.6, 0.7, 0.8, 0.9];

/// How one question went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Answered, with every expected value.
    Correct,
    /// Said it cannot answer.
    Declined,
    /// Any other answer, including any answer to a question to decline.
    Wrong,
}

/// Counts for one group of questions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Questions.
    pub total: usize,
    /// Questions with an answer in the data (`expect: answer`).
    pub answerable: usize,
    /// Questions to decline (`expect: decline`).
    pub to_decline: usize,
    /// Correct answers.
    pub correct: usize,
    /// Wrong answers (answers to questions to decline included).
    pub wrong: usize,
    /// Declines, whatever was expected.
    pub declined: usize,
    /// Declines of questions to decline.
    pub declined_as_expected: usize,
    /// Wrong answers given at confidence >= [`CONFIDENT`].
    pub confidently_wrong: usize,
    /// Per bucket of [`BUCKETS`]: (answers, correct answers).
    pub reliability: [(usize, usize); 5],
}

impl Tally {
    /// Adds one question's outcome; `confidence` is the answer's (ignored
    /// for a decline).
    pub fn add(&mut self, expect_decline: bool, verdict: Verdict, confidence: f32) {
        self.total += 1;
        if expect_decline {
            self.to_decline += 1;
        } else {
            self.answerable += 1;
        }
        match verdict {
            Verdict::Correct => self.correct += 1,
            Verdict::Wrong => self.wrong += 1,
            Verdict::Declined => {
                self.declined += 1;
                if expect_decline {
                    self.declined_as_expected += 1;
                }
            }
        }
        if verdict != Verdict::Declined {
            let bucket = BUCKETS
                .iter()
                .rposition(|edge| confidence >= *edge)
                .unwrap_or(0);
            self.reliability[bucket].0 += 1;
            if verdict == Verdict::Correct {
                self.reliability[bucket].1 += 1;
            }
            if verdict == Verdict::Wrong && confidence >= CONFIDENT {
                self.confidently_wrong += 1;
            }
        }
    }

    /// Correct / answerable; 1 when nothing was answerable.
    pub fn coverage(&self) -> f64 {
        ratio(self.correct, self.answerable)
    }

    /// Correct / answered; 1 when nothing was answered.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.correct + self.wrong)
    }

    /// Declined / questions to decline; 1 when there were none.
    pub fn decline_accuracy(&self) -> f64 {
        ratio(self.declined_as_expected, self.to_decline)
    }

    /// Precision of the answers given at >= [`CONFIDENT`].
    pub fn confident_precision(&self) -> f64 {
        let (answers, correct) = self.reliability[3..]
            .iter()
            .fold((0, 0), |(a, c), (x, y)| (a + x, c + y));
        ratio(correct, answers)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

impl fmt::Display for Tally {
    /// One line: the four figures with their counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "coverage {} ({}/{})  precision {} ({}/{})  declines {} ({}/{})  confidently wrong {}",
            pct(self.coverage()),
            self.correct,
            self.answerable,
            pct(self.precision()),
            self.correct,
            self.correct + self.wrong,
            pct(self.decline_accuracy()),
            self.declined_as_expected,
            self.to_decline,
            self.confidently_wrong,
        )
    }
}

/// The reliability table: per confidence bucket, answers and correct.
pub fn reliability_table(t: &Tally) -> String {
    let mut out = String::from("confidence  answers  correct\n");
    for (i, (answers, correct)) in t.reliability.iter().enumerate() {
        let high = BUCKETS.get(i + 1).copied().unwrap_or(1.0);
        out.push_str(&format!(
            "{:.1}-{:.1}     {answers:>7}  {correct:>7}\n",
            BUCKETS[i], high
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_follow_the_scoring_rules() {
        let mut t = Tally::default();
        t.add(false, Verdict::Correct, 0.95);
        t.add(false, Verdict::Wrong, 0.85);
        t.add(false, Verdict::Declined, 0.0);
        t.add(true, Verdict::Declined, 0.0);
        t.add(true, Verdict::Wrong, 0.65);
        assert_eq!((t.answerable, t.to_decline), (3, 2));
        assert!((t.coverage() - 1.0 / 3.0).abs() < 1e-9);
        assert!((t.precision() - 1.0 / 3.0).abs() < 1e-9);
        assert!((t.decline_accuracy() - 0.5).abs() < 1e-9);
        assert_eq!(t.confidently_wrong, 1);
        assert_eq!(t.reliability[4], (1, 1));
        assert_eq!(t.reliability[3], (1, 0));
        assert_eq!(t.reliability[1], (1, 0));
        assert!((t.confident_precision() - 0.5).abs() < 1e-9);
    }
}
