//! Fact intents: schema-level questions about single columns of the data
//! (driver codes and birth dates, circuit locations, race times, finish
//! statuses, qualifying and fastest-lap times, safety cars and red flags).
//!
//! Each family is tried in turn; the first whose answer accounts for every
//! word of the question wins. A family that read only part of it does not
//! stop the others (a later one may read all of it); its partial answer is
//! handed back only when no family did better, so the router can name the
//! words nobody understood. A family's refusal ("Q3 began in 2006") ends
//! the search: it is given only for questions that are surely of its kind.

mod born;
mod calendar;
mod circuit;
mod driver;
mod flags;
mod laps;
mod pits;
mod quali;
mod race;
mod rates;
mod sprint;
mod status;

use super::Ctx;
use crate::{EngineError, Outcome};

/// A family's entry point, shaped like an intent route.
type Family = fn(&Ctx) -> Result<Option<Outcome>, EngineError>;

/// The families, most specific first: declines of data the load lacks
/// (lap-by-lap, speed traps) come before anything that reads "lap".
const FAMILIES: &[Family] = &[
    calendar::route,
    quali::route,
    laps::route,
    flags::route,
    pits::route,
    status::route,
    rates::route,
    sprint::route,
    driver::route,
    born::route,
    circuit::route,
    race::route,
];

/// What a family consumed and stated, kept while later families are tried.
type Reading = (Outcome, Vec<bool>, Option<String>);

/// Routes a fact question; `None` when the question is not one.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let mut partial: Option<Reading> = None;
    for family in FAMILIES {
        ctx.reset_consumed();
        match family(ctx)? {
            None => {}
            Some(Outcome::Answered(a)) => {
                if understood(ctx, &a.intent) {
                    return Ok(Some(Outcome::Answered(a)));
                }
                if partial.is_none() {
                    partial = Some((
                        Outcome::Answered(a),
                        ctx.consumed.borrow().clone(),
                        ctx.interpretation.borrow().clone(),
                    ));
                }
            }
            Some(refusal) => return Ok(Some(refusal)),
        }
    }
    ctx.reset_consumed();
    let Some((outcome, consumed, interpretation)) = partial else {
        return Ok(None);
    };
    *ctx.consumed.borrow_mut() = consumed;
    *ctx.interpretation.borrow_mut() = interpretation;
    Ok(Some(outcome))
}

/// Whether the answer just built accounts for the whole question: no word
/// the data does not model is left unread, and every other word was read
/// by the parse or the family, is filler, or is one of `intent`'s words.
fn understood(ctx: &Ctx, intent: &str) -> bool {
    super::unsupported(ctx).is_none()
        && ctx
            .unparsed()
            .iter()
            .all(|w| super::vocab::is_intent_word(intent, w))
}

/// Words a fact intent's kind of question is phrased with (see
/// `vocab::words_of`); empty for intents that are not fact intents.
pub(super) fn words_of(intent: &str) -> &'static [&'static str] {
    match intent {
        "fastest_lap_speed" => laps::SPEED_WORDS,
        "driver_fastest_lap" => laps::LAP_WORDS,
        "qualifying_time" | "qualifying_knockouts" | "qualifying_gap" | "qualifying_order" => {
            quali::WORDS
        }
        "safety_cars" | "red_flags" => flags::WORDS,
        "pit_stop_facts" => pits::WORDS,
        "finish_status" => status::WORDS,
        "rates" => rates::WORDS,
        "sprint_winners" => sprint::WORDS,
        "driver_facts" => driver::WORDS,
        "driver_birth" => born::WORDS,
        "circuit_details" => circuit::WORDS,
        "race_details" => race::WORDS,
        _ => &[],
    }
}
