//! Rows of a [`DriverFacts`] or a [`BirthQuery`] to a sentence, and each
//! query to its interpretation ("driver code, permanent number · Max
//! Verstappen"; "British drivers born after 1990 in the data").

use pitwall_f1data::Table;

use crate::intents::{cell, join_and};
use crate::query::{BirthQuery, BirthRange, DriverFacts};

/// The canonical restatement of `q`; `name` is the driver's.
pub(crate) fn facts_interpretation(q: &DriverFacts, name: &str) -> String {
    match q {
        DriverFacts::Fields { fields, .. } => {
            let labels: Vec<&str> = fields.iter().map(|f| f.label()).collect();
            format!("{} · {name}", labels.join(", "))
        }
        DriverFacts::SeasonNumbers { season, .. } => format!("Car number · {name} · {season}"),
    }
}

/// The sentence for the rows of `q`, or `None` when there is no value.
pub(crate) fn facts_sentence(q: &DriverFacts, t: &Table, name: &str) -> Option<String> {
    match q {
        DriverFacts::Fields { fields, .. } => {
            let parts: Vec<String> = fields
                .iter()
                // Trimmed: the data has "Argentinian " (Colapinto).
                .map(|f| format!("{} {}", f.label(), cell(t, 0, f.column()).trim()))
                .collect();
            Some(format!("{name}: {}.", parts.join(", ")))
        }
        DriverFacts::SeasonNumbers { season, .. } => (cell(t, 0, 0) != "-")
            .then(|| format!("{name} raced with number {} in {season}.", cell(t, 0, 0))),
    }
}

/// "in the 1990s", "between 1990 and 1995", "after 1995".
fn range_words(range: BirthRange) -> String {
    match range {
        BirthRange::Decade(y) => format!("in the {y}s"),
        BirthRange::Between(lo, hi) => format!("between {lo} and {hi}"),
        BirthRange::In(y) => format!("in {y}"),
        BirthRange::InOrLater(y) => format!("in {y} or later"),
        BirthRange::InOrEarlier(y) => format!("in {y} or earlier"),
        BirthRange::After(y) => format!("after {y}"),
        BirthRange::Before(y) => format!("before {y}"),
    }
}

/// "British drivers" or "drivers"; "youngest" or "oldest".
fn who(q: &BirthQuery) -> String {
    match q {
        BirthQuery::ExtremeStarter { youngest: true, .. } => "youngest".into(),
        BirthQuery::ExtremeStarter { .. } => "oldest".into(),
        BirthQuery::Born {
            nationality: Some(n),
            ..
        } => format!("{n} drivers"),
        BirthQuery::Born { .. } => "drivers".into(),
    }
}

/// " who started a Grand Prix" or " in the data".
fn started(raced: bool) -> &'static str {
    if raced {
        " who started a Grand Prix"
    } else {
        " in the data"
    }
}

/// The canonical restatement of `q`.
pub(crate) fn birth_interpretation(q: &BirthQuery) -> String {
    match q {
        BirthQuery::ExtremeStarter { season, .. } => {
            format!("The {} starter · {season}", who(q))
        }
        BirthQuery::Born { range, raced, .. } => {
            format!(
                "{} born {}{}",
                super::capital(&who(q)),
                range_words(*range),
                started(*raced)
            )
        }
    }
}

/// The sentence for the rows of `q`, or `None` when there are none.
pub(crate) fn birth_sentence(q: &BirthQuery, t: &Table) -> Option<String> {
    let who = who(q);
    let (range, raced, count) = match q {
        BirthQuery::ExtremeStarter { season, .. } => {
            return (!t.rows.is_empty()).then(|| {
                format!(
                    "The {who} driver to start a Grand Prix in {season} was {} (born {}).",
                    cell(t, 0, 0),
                    cell(t, 0, 1)
                )
            })
        }
        BirthQuery::Born {
            range,
            raced,
            count,
            ..
        } => (range_words(*range), started(*raced), *count),
    };
    let n: usize = cell(t, 0, 3).parse().unwrap_or(0);
    let names: Vec<String> = (0..n.min(30).min(t.rows.len()))
        .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
        .collect();
    let more = if n > 30 {
        format!(" and {} more", n - 30)
    } else {
        String::new()
    };
    Some(match (n, count) {
        (0, _) => format!("No {who} born {range}{raced}."),
        // "1 British driver born in 1930", not "1 British drivers".
        (1, true) => format!(
            "1 {} born {range}{raced}: {}.",
            who.strip_suffix('s').unwrap_or(&who),
            names.join(", ")
        ),
        (_, true) => format!("{n} {who} born {range}{raced}: {}{more}.", names.join(", ")),
        _ => format!(
            "{} born {range}{raced}: {}{more}.",
            super::capital(&who),
            join_and(&names)
        ),
    })
}
