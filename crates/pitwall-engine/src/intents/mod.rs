//! The router: `answer` tries each route in turn, most specific first,
//! and keeps the first answer that accounts for every word of the
//! question. The routes are the typed queries (`typed.rs` for counting,
//! `cases.rs` for the others: each parses, compiles and phrases through
//! the stages in `parse/`, `compile/` and `phrase/`) and the schema-level
//! fact families in `facts/` (typed queries too, tried in the families'
//! order). The rest of this module is what they share:
//! the word-consuming context (`ctx.rs`, `coverage.rs`, `numbers.rs`),
//! each intent's own words (`vocab.rs`) and default interpretations.

/// Unwraps a parse result inside a route: not this route's question
/// returns `Ok(None)` (the next route is tried), a refusal returns it,
/// otherwise the typed query.
macro_rules! parsed {
    ($parse:expr) => {
        match $parse {
            None => return Ok(None),
            Some(Err(refusal)) => return Ok(Some(*refusal)),
            Some(Ok(q)) => q,
        }
    };
}

mod cases;
mod coverage;
mod ctx;
mod facts;
mod interpret;
mod memo;
mod numbers;
mod race_of;
mod stat;
mod typed;
mod vocab;

pub(crate) use ctx::{cell, join_and, Ctx, Memo, Stat, DRIVER_NAME, FINAL_RACE, FIRST_RACE};

use rusqlite::Connection;

use crate::index::Index;
use crate::pick::Resolved;
use crate::words::UNSUPPORTED_WORDS;
use crate::{EngineError, Outcome, Unanswered, CONFIDENCE_THRESHOLD};

/// Example questions, also used as rephrasing suggestions.
pub(crate) const EXAMPLES: &[&str] = &[
    "Who won the 2021 Abu Dhabi Grand Prix?",
    "Who was on pole at Monza in 2018?",
    "Podium of the 2019 German Grand Prix?",
    "Who won the 2010 drivers' championship?",
    "Final top 3 in the 2017 constructors' standings?",
    "Who led the championship after round 12 of 2021?",
    "How many races did Nico Rosberg win?",
    "Who has the most pole positions in F1 history?",
    "Most wins in a single season?",
    "Hamilton vs Bottas qualifying head-to-head in 2021?",
    "Who won more races, Niki Lauda or Nelson Piquet?",
    "Which teams did Sebastian Vettel drive for?",
    "How many times has Ferrari won at Monza?",
    "Where is Interlagos?",
    "How many races were there in 1982?",
    "Who had the fastest pit stop at the 2018 Italian Grand Prix?",
    "Who won the sprint at Interlagos in 2021?",
    "Which Brazilian driver has the most wins?",
    "When did Fernando Alonso win his first Grand Prix?",
];

/// Phrases that ask for something the data or the engine does not cover.
const UNSUPPORTED_PHRASES: &[&str] = &[
    "laps led",
    "led the most laps",
    "most laps led",
    "how old",
    "lap record",
    "top speed",
    "safety car",
    "red flag",
    "grand slam",
    "hat trick",
    "hattrick",
    "in a row",
    "back to back",
    "per race",
    "per season",
    "how many laps",
    "laps did",
    "laps completed",
    "laps long",
    "is faster",
    "was faster",
    "is quicker",
    "was quicker",
    "win rate",
    "conversion",
];

/// An intent's entry point: `None` when the question is not for it.
type Route = fn(&Ctx) -> Result<Option<Outcome>, EngineError>;

/// Routes a resolved question.
pub(crate) fn answer(
    idx: &Index,
    memo: &Memo,
    conn: &Connection,
    r: &Resolved,
) -> Result<Outcome, EngineError> {
    let ctx = Ctx::new(idx, memo, conn, r);
    if let Some(refusal) = guard(&ctx) {
        return Ok(refusal);
    }
    let routes: [Route; 16] = [
        cases::route_progression,
        cases::route_race_by_race,
        typed::route,
        facts::route,
        cases::route_gap,
        cases::route_pits,
        cases::route_sprint,
        cases::route_after_round,
        cases::route_head_to_head,
        cases::route_race,
        cases::route_records,
        cases::route_season_facts,
        cases::route_season,
        cases::route_roster,
        cases::route_place,
        cases::route_all_time,
    ];
    // The first route whose answer accounts for every word wins. A route
    // that answered only part of the question does not end the search: a
    // later, differently shaped route may read all of it. If none does, the
    // first partial reading's refusal (naming the unread words) is given.
    let mut partial: Option<Outcome> = None;
    for route in routes {
        ctx.reset_consumed();
        let Some(outcome) = route(&ctx)? else {
            continue;
        };
        // A reading that left words unread before running its query (see
        // `unread`) counts as a partial answer, exactly as if it had run.
        let reading_only = matches!(&outcome, Outcome::Unanswered(u) if !u.unparsed.is_empty());
        let answered = reading_only || matches!(outcome, Outcome::Answered(_));
        if answered {
            if let Some(refusal) = unsupported(&ctx) {
                partial.get_or_insert(refusal);
                continue;
            }
        }
        let checked = if reading_only {
            outcome
        } else {
            require_full_coverage(&ctx, calibrate(outcome))
        };
        match checked {
            // Of the partial readings, the one that placed the most words
            // names what was really not understood.
            Outcome::Unanswered(u) if answered && !u.unparsed.is_empty() => {
                let fewer = match &partial {
                    Some(Outcome::Unanswered(p)) => {
                        !p.unparsed.is_empty() && u.unparsed.len() < p.unparsed.len()
                    }
                    _ => true,
                };
                if fewer {
                    partial = Some(Outcome::Unanswered(u));
                }
            }
            done => return Ok(partial_or(done, partial)),
        }
    }
    if let Some(refusal) = partial {
        return Ok(refusal);
    }
    if let Some(refusal) = unsupported(&ctx) {
        return Ok(refusal);
    }
    Ok(ctx.refuse(
        "I could not match this question to a question type I can answer from the results data.",
    ))
}

/// A route's own refusal ("which season?") when no route answered fully;
/// an answer always wins over an earlier partial reading's refusal.
fn partial_or(done: Outcome, partial: Option<Outcome>) -> Outcome {
    match (&done, partial) {
        (Outcome::Unanswered(_), Some(p)) => p,
        _ => done,
    }
}

/// Turns a low-confidence answer into a refusal that keeps it as best effort.
fn calibrate(outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Answered(a) if a.confidence < CONFIDENCE_THRESHOLD => Outcome::Unanswered(Unanswered {
            reason: "Some names in the question are ambiguous or uncertain; please be more specific (full name, season)."
                .into(),
            suggestions: EXAMPLES.iter().take(3).map(|s| s.to_string()).collect(),
            confidence: a.confidence,
            best_effort: Some(a),
            unparsed: Vec::new(),
        }),
        other => other,
    }
}

/// Declines an answer that left part of the question unread: an intent
/// that never looked at "in the 2000s" or "without winning" answered a
/// different, broader question, and a confident wrong answer is worse than
/// none (it also keeps the LLM, which might understand, from being asked).
/// No best effort is kept: it would be exactly that wrong answer.
fn require_full_coverage(ctx: &Ctx, outcome: Outcome) -> Outcome {
    let (intent, confidence) = match &outcome {
        Outcome::Answered(a) => (a.intent.as_str(), a.confidence),
        Outcome::Unanswered(u) => match &u.best_effort {
            Some(a) => (a.intent.as_str(), u.confidence),
            None => return outcome,
        },
    };
    let unparsed = unread(ctx, intent);
    if unparsed.is_empty() {
        return outcome;
    }
    not_understood(unparsed, confidence)
}

/// The words the intent `intent` leaves unread: none for a full reading.
fn unread(ctx: &Ctx, intent: &str) -> Vec<String> {
    ctx.unparsed()
        .into_iter()
        .filter(|w| !vocab::is_intent_word(intent, w))
        .collect()
}

/// The refusal of a reading that left `unparsed` (not empty) unread.
fn not_understood(unparsed: Vec<String>, confidence: f32) -> Outcome {
    Outcome::Unanswered(Unanswered {
        reason: format!(
            "I did not understand \"{}\" in this question, so I did not answer it.",
            unparsed.join(" ")
        ),
        suggestions: EXAMPLES.iter().take(3).map(|s| s.to_string()).collect(),
        confidence: confidence.min(UNPARSED_CONFIDENCE),
        best_effort: None,
        unparsed,
    })
}

/// Confidence reported for a declined partial reading: below the answer
/// threshold by construction.
const UNPARSED_CONFIDENCE: f32 = 0.3;

/// The refusal for a question that names something the data or the engine
/// does not model ("wet", "salary", "laps led"), unless the answering
/// intent itself read that word (a fact intent reads "speed" in "fastest
/// lap speed", a status intent "engine" in "retired with engine failure").
/// Checked after routing, so such words decline by default but an intent
/// that really answers them is not blocked.
fn unsupported(ctx: &Ctx) -> Option<Outcome> {
    let p = &ctx.r.parsed;
    let consumed = ctx.consumed.borrow().clone();
    let unread = |i: usize| !consumed.get(i).copied().unwrap_or(false);
    // The words that name what is not modelled, for `unparsed`: operators
    // see what people ask about that the data does not cover.
    let mut named: Vec<String> = p
        .words
        .iter()
        .enumerate()
        .filter(|(i, w)| unread(*i) && UNSUPPORTED_WORDS.contains(&w.as_str()))
        .map(|(_, w)| w.clone())
        .collect();
    for ph in UNSUPPORTED_PHRASES {
        let hit = crate::words::phrase_hits(&p.words, ph).any(|(i, n)| (i..i + n).any(unread));
        if hit {
            named.push((*ph).to_string());
        }
    }
    if named.is_empty() {
        return None;
    }
    let Outcome::Unanswered(mut refusal) = ctx.refuse("That needs data or judgement the engine does not have (lap-by-lap data, predictions, opinions, money, weather).") else {
        return None;
    };
    refusal.unparsed = named;
    Some(Outcome::Unanswered(refusal))
}

/// Refusals that do not depend on the intent: empty or unsupported
/// questions and seasons outside the data.
fn guard(ctx: &Ctx) -> Option<Outcome> {
    let p = &ctx.r.parsed;
    if p.words.is_empty() {
        return Some(ctx.refuse("The question is empty."));
    }
    if let Some(y) = p.years.iter().find(|y| **y > ctx.idx.last_year) {
        return Some(ctx.refuse(&format!(
            "The data runs to the {} season (round {}); {y} is not covered.",
            ctx.idx.last_year, ctx.idx.last_round
        )));
    }
    // A year before 1950 is a season the data lacks, unless it is a year
    // of birth ("drivers born before 1930", "born between 1925 and 1930"):
    // a birth word within the four words before it.
    let birth_year = |k: usize| {
        p.year_at.get(k).is_some_and(|&at| {
            p.words[at.saturating_sub(4)..at]
                .iter()
                .any(|w| matches!(w.as_str(), "born" | "birth" | "births" | "birthday"))
        })
    };
    let season_before = |(k, y): &(usize, &i64)| **y < ctx.idx.first_year && !birth_year(*k);
    if let Some((_, y)) = p.years.iter().enumerate().find(season_before) {
        return Some(ctx.refuse(&format!(
            "The Formula One World Championship began in {}; {y} is not covered.",
            ctx.idx.first_year
        )));
    }
    if !ctx.r.ambiguous.is_empty() {
        let names = ctx.r.ambiguous.join(", ");
        return Some(ctx.refuse(&format!(
            "\"{names}\" could mean several people or teams; add a first name or a season."
        )));
    }
    None
}
