//! Compound questions: one sentence that asks two things ("who won the
//! 2019 Monaco Grand Prix and by how much", "the drivers' and constructors'
//! champions of 2008"). The question is split into two questions that each
//! stand alone; both are answered, or neither is: half an answer given with
//! confidence is an answer to a different question.

use crate::{Answer, Unanswered};

/// Coordinated championships: the phrase and its two halves.
const BOTH_TITLES: &[(&str, &str, &str)] = &[
    ("drivers' and constructors'", "drivers'", "constructors'"),
    ("drivers’ and constructors’", "drivers’", "constructors’"),
    ("driver's and constructor's", "driver's", "constructor's"),
    ("drivers and constructors", "drivers", "constructors"),
    ("driver and constructor", "driver", "constructor"),
    ("wdc and wcc", "wdc", "wcc"),
];

/// Endings that ask for the margin of what the first half asked.
const AND_MARGIN: &[&str] = &[
    " and by how much",
    " and by how many points",
    " and by how many seconds",
    " and by what margin",
    " and what was the margin",
    " and what was the winning margin",
    " and how big was the margin",
    " and what was the gap",
];

/// The two questions a compound question asks, or `None` when it asks one
/// thing (or two that cannot be split safely).
pub(crate) fn split(question: &str) -> Option<(String, String)> {
    // ASCII lowering keeps byte offsets, so matches index the original.
    let lower = question.to_ascii_lowercase();
    for (both, left, right) in BOTH_TITLES {
        if let Some(at) = lower.find(both) {
            let (head, tail) = (&question[..at], &question[at + both.len()..]);
            let one = |side: &str| singular(&format!("{head}{side}{tail}"));
            return Some((one(left), one(right)));
        }
    }
    let trimmed = lower.trim_end_matches(['?', '.', '!', ' ']);
    let ending = AND_MARGIN.iter().find(|e| trimmed.ends_with(*e))?;
    let first = &question[..trimmed.len() - ending.len()];
    // Only "who won X and by how much": the margin of X's win.
    let rest = first
        .trim_start()
        .get(..8)
        .filter(|w| w.eq_ignore_ascii_case("who won "))
        .map(|_| &first.trim_start()[8..])?;
    Some((
        format!("{first}?"),
        format!("What was the winning margin of {rest}?"),
    ))
}

/// A margin asked after "and" ("... and by how much?", "... and by how
/// many points?") that [`split`] cannot separate: a route that reads
/// "points" would answer the first half and count the second as read, so
/// such a question is declined as a whole (the LLM, when on, sees all of
/// it). Other second questions ("... and who set it?") are left to the
/// routes, whose coverage check sees whether they read every word.
pub(crate) fn asks_two_things(question: &str) -> bool {
    const SECOND: &[&str] = &["by"];
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .windows(2)
        .any(|w| w[0] == "and" && SECOND.contains(&w[1].as_str()))
}

/// One side of a coordinated question in the singular ("who were the
/// drivers' champions" asks "who was the drivers' champion").
fn singular(question: &str) -> String {
    let mut out = String::with_capacity(question.len());
    for (i, word) in question.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let (core, punct) = word.split_at(word.trim_end_matches(['?', '.', ',', '!']).len());
        let lower = core.to_ascii_lowercase();
        let one = match lower.as_str() {
            "were" => "was",
            "champions" => "champion",
            "titles" => "title",
            "championships" => "championship",
            _ => core,
        };
        out.push_str(one);
        out.push_str(punct);
    }
    out
}

/// Both halves answered, as one answer: the sentences in order, both
/// statements, and one table (rows stacked when the columns agree, side by
/// side when each half is one row, else the first half's table).
pub(crate) fn combine(a: Answer, b: Answer) -> Answer {
    let table = if a.table.columns == b.table.columns {
        let mut t = a.table.clone();
        t.rows.extend(b.table.rows.iter().cloned());
        t
    } else if a.table.rows.len() <= 1 && b.table.rows.len() <= 1 {
        let mut columns = a.table.columns.clone();
        for c in &b.table.columns {
            let mut name = c.clone();
            while columns.contains(&name) {
                name.push('_');
                name.push('2');
            }
            columns.push(name);
        }
        let mut row = a.table.rows.first().cloned().unwrap_or_default();
        row.extend(b.table.rows.first().cloned().unwrap_or_default());
        let rows = if row.len() == columns.len() {
            vec![row]
        } else {
            Vec::new()
        };
        pitwall_f1data::Table { columns, rows }
    } else {
        a.table.clone()
    };
    let mut params = a.params;
    params.extend(b.params);
    let mut answer = Answer {
        answer: format!("{} {}", a.answer, b.answer),
        table,
        sql: format!("{};\n{}", a.sql, b.sql),
        params,
        intent: format!("{}+{}", a.intent, b.intent),
        interpretation: format!("{} + {}", a.interpretation, b.interpretation),
        confidence: a.confidence.min(b.confidence),
        column_labels: Vec::new(),
        chart: None,
    };
    // The combined table is a new table: labelled and charted afresh.
    crate::present::dress(&mut answer);
    answer
}

/// The refusal of a compound question whose half `part` was not answered:
/// neither half is given.
pub(crate) fn decline(part: &str, u: Unanswered) -> Unanswered {
    Unanswered {
        reason: format!(
            "This asks two things and I could not answer \"{}\" ({}), so I answered neither.",
            part.trim_end_matches('?'),
            u.reason.trim_end_matches('.')
        ),
        best_effort: None,
        ..u
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_coordinated_titles_and_trailing_margins_only() {
        let (a, b) = split("Who were the drivers' and constructors' champions in 2008?").unwrap();
        assert_eq!(a, "Who was the drivers' champion in 2008?");
        assert_eq!(b, "Who was the constructors' champion in 2008?");
        let (a, b) = split("who won the 2019 Monaco GP and by how much").unwrap();
        assert_eq!(a, "who won the 2019 Monaco GP?");
        assert_eq!(b, "What was the winning margin of the 2019 Monaco GP?");
        assert!(split("Who won the 2019 Monaco Grand Prix?").is_none());
        assert!(split("Who was second and by how much?").is_none());
        assert!(split("Hamilton and Rosberg: who won more?").is_none());
    }

    #[test]
    fn a_second_question_after_and_is_seen() {
        use super::asks_two_things;
        assert!(asks_two_things("Who took pole in 2010, and by how much?"));
        assert!(asks_two_things(
            "Who led after round 5 and by how many points?"
        ));
        assert!(!asks_two_things(
            "What was the fastest lap at Monza, and who set it?"
        ));
        assert!(!asks_two_things("Hamilton and Rosberg: who won more?"));
        assert!(!asks_two_things("Races won by Senna and Prost together"));
    }
}
