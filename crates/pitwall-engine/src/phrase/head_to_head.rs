//! Rows of a [`HeadToHead`] to a sentence, the query to its
//! interpretation ("Qualifying head-to-head · Lewis Hamilton vs Valtteri
//! Bottas · 2021"), and the table's column labels.

use pitwall_f1data::Table;

use crate::intents::cell;
use crate::query::{Duel, HeadToHead};

/// "Qualifying", "Race finishing".
fn what(q: &HeadToHead) -> &'static str {
    match q.duel {
        Duel::Qualifying => "Qualifying",
        Duel::Race => "Race finishing",
    }
}

/// The canonical restatement of `q`.
pub(crate) fn interpretation(q: &HeadToHead, first: &str, second: &str) -> String {
    let when = q
        .season
        .map_or_else(|| "all shared races".to_string(), |y| y.to_string());
    format!("{} head-to-head · {first} vs {second} · {when}", what(q))
}

/// Column labels for `first_ahead, second_ahead, races`.
pub(crate) fn labels(q: &HeadToHead, first: &str, second: &str) -> [(&'static str, String); 3] {
    let shared = match q.duel {
        Duel::Qualifying => "Shared sessions",
        Duel::Race => "Shared races",
    };
    [
        ("first_ahead", format!("{first} ahead")),
        ("second_ahead", format!("{second} ahead")),
        ("races", shared.to_string()),
    ]
}

/// "1 time", "9 times".
fn times(n: &str) -> String {
    if n == "1" {
        "1 time".to_string()
    } else {
        format!("{n} times")
    }
}

/// The sentence, or `None` when the two never shared a session.
pub(crate) fn sentence(q: &HeadToHead, t: &Table, first: &str, second: &str) -> Option<String> {
    if cell(t, 0, 2) == "0" || cell(t, 0, 0) == "-" {
        return None;
    }
    let when = q.season.map_or_else(
        || "in the races they both entered".to_string(),
        |y| format!("in {y}"),
    );
    Some(format!(
        "{} head-to-head {when}: {first} ahead {}, {second} ahead {} ({} shared sessions).",
        what(q),
        times(&cell(t, 0, 0)),
        times(&cell(t, 0, 1)),
        cell(t, 0, 2)
    ))
}
