//! Words to a [`StatusQuery`]. Each word tested is consumed as the query
//! honours it.

use super::flags::place_filter;
use super::read_all;
use crate::intents::Ctx;
use crate::query::{Finish, RaceScope, StatusQuery, StatusWho};
use crate::Outcome;

/// Words that make a named status a reason a car stopped.
#[rustfmt::skip]
pub(crate) const RETIRE_WORDS: &[&str] = &[
    "retired", "retire", "retires", "retiring", "retirement", "retirements", "dnf", "dnfs",
    "failure", "failures", "failed", "fail", "problem", "problems", "issue", "issues", "trouble",
    "troubles", "broke", "blew", "ran", "due to", "because of", "out", "stopped",
    "did not finish", "didnt finish", "failed to finish",
];

/// Statuses too generic to be named by one word of a question, or
/// handled by the fixed kinds.
#[rustfmt::skip]
const GENERIC: &[&str] = &[
    "finished", "retired", "withdrew", "not classified", "did not qualify", "did not prequalify",
    "disqualified", "excluded", "safety", "safety concerns", "damage", "mechanical", "technical",
    "fuel", "physical", "injury", "injured", "illness", "debris", "seat", "driver seat", "stalled",
    "not restarted", "107 rule",
];

/// The fixed kinds and the phrases naming each, tested in order. Entrants
/// come first: their questions may add "including those that failed to
/// qualify".
#[rustfmt::skip]
const FIXED: &[(&[&str], Finish)] = &[
    (&["entered", "entrants", "entries", "entry list", "entry"], Finish::Entered),
    (&["disqualified", "disqualification", "disqualifications", "dsq", "dsqd"],
        Finish::Disqualified),
    (&["failed to qualify", "did not qualify", "didnt qualify", "dnq", "non qualifiers"],
        Finish::FailedToQualify),
    (&["classified", "classified finishers", "finishers", "finished", "at the finish"],
        Finish::Classified),
    (&["started", "starters", "take the start", "took the start", "start"], Finish::Started),
    (&["retired", "retirements", "dnfs", "dnf", "did not finish", "didnt finish",
        "failed to finish"], Finish::Retired),
];

/// The named retirement cause of the question, read: the longest status
/// in `statuses` whose words (a final plural "s" aside) appear in a row.
fn cause(ctx: &Ctx, statuses: &[String]) -> Option<String> {
    if !ctx.peek_any(RETIRE_WORDS) {
        return None;
    }
    let words = &ctx.r.parsed.words;
    let same = |q: &str, s: &str| {
        q == s || q.strip_suffix('s') == Some(s) || s.strip_suffix('s') == Some(q)
    };
    let mut best: Option<(usize, usize, &String)> = None;
    for status in statuses {
        let key = crate::text::key(status);
        if status.starts_with('+') || GENERIC.contains(&key.as_str()) {
            continue;
        }
        let parts: Vec<&str> = key.split(' ').collect();
        let n = parts.len();
        let found = (0..words.len().saturating_sub(n - 1)).find(|&at| {
            parts
                .iter()
                .enumerate()
                .all(|(k, p)| same(&words[at + k], p))
        });
        if let Some(at) = found {
            if best.as_ref().is_none_or(|(_, len, _)| n > *len) {
                best = Some((at, n, status));
            }
        }
    }
    best.map(|(at, n, status)| {
        ctx.consume(at, n);
        read_all(ctx, RETIRE_WORDS);
        status.clone()
    })
}

/// Whether the question can be a finish-status one at all: one driver or
/// team at most, one place at most (checked before the statuses are read).
pub(crate) fn may_claim(ctx: &Ctx) -> bool {
    let r = ctx.r;
    r.drivers.len() + r.constructors.len() <= 1 && r.locs.len() <= 1
}

/// Parses a question counting or listing how cars ended races: `None`
/// when it is not one, `Err` with the refusal for a race not found.
/// `statuses` are every `status` of the data (read only when the
/// question has a retirement's words).
pub(crate) fn status<'a>(
    ctx: &Ctx<'a>,
    statuses: &[String],
) -> Option<Result<StatusQuery<'a>, Box<Outcome>>> {
    let r = ctx.r;
    if !may_claim(ctx) {
        return None;
    }
    let finish = match cause(ctx, statuses) {
        Some(c) => Finish::Cause(c),
        None => fixed(ctx)?,
    };
    let one_race = r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    let scope = if one_race {
        match ctx.the_race() {
            Ok(race) => RaceScope::Race(race),
            Err(refusal) => return Some(Err(refusal)),
        }
    } else {
        let place = r
            .locs
            .first()
            .map(|p| (place_filter(ctx, &p.loc), p.entity.name.clone()));
        if r.parsed.years.len() > 1 {
            return None;
        }
        let season = ctx.year();
        if place.is_none() && season.is_none() {
            read_all(ctx, &["ever", "all time", "in history", "career"]);
        }
        RaceScope::Races { place, season }
    };
    let who = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => StatusWho::Driver(d.entity.id),
        (None, Some(c)) => StatusWho::Team(c.entity.id),
        (None, None) => StatusWho::All,
    };
    let count = read_all(ctx, &["how many", "number of", "how often"]);
    let listed = read_all(
        ctx,
        &["which drivers", "which cars", "who", "which", "list"],
    );
    // A list when asked "which" / "who"; a count otherwise.
    let counted = count || matches!(who, StatusWho::Driver(_)) || (!one_race && !listed);
    Some(Ok(StatusQuery {
        finish,
        scope,
        who,
        counted,
    }))
}

/// The fixed kind the question names, read, if it is asked as one.
fn fixed(ctx: &Ctx) -> Option<Finish> {
    let r = ctx.r;
    let (phrases, finish) = FIXED.iter().find(|(p, _)| ctx.peek_any(p))?;
    // Starters, entrants and finishers of one race only.
    if finish.race_only() {
        if !r.drivers.is_empty() || !r.constructors.is_empty() || r.locs.is_empty() {
            return None;
        }
        if !ctx.peek_any(&["how many", "number of", "which", "who", "list"]) {
            return None;
        }
    }
    read_all(ctx, phrases);
    if *finish == Finish::Entered {
        // Entrants include the cars that did not (pre-)qualify.
        #[rustfmt::skip]
        let including: &[&str] = &[
            "including", "those", "that", "failed", "to", "qualify", "pre", "prequalify", "or",
            "did", "not", "counting", "ones", "cars", "who", "which",
        ];
        read_all(ctx, including);
    }
    Some(finish.clone())
}
