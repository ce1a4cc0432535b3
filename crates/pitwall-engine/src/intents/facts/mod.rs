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
mod quali_gap;
mod quali_order;
mod race;
mod rates;
mod sprint;
mod status;

use serde_json::{json, Value};

use super::Ctx;
use crate::index::RaceInfo;
use crate::pick::Loc;
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

/// The race of a question, by season and round (readable SQL parameters).
const RACE_SUB: &str = "(SELECT raceId FROM races WHERE year = ? AND round = ?)";

/// Parameters of [`RACE_SUB`].
fn race_params(race: &RaceInfo) -> Vec<Value> {
    vec![json!(race.year), json!(race.round)]
}

/// "the 2010 Italian Grand Prix", for sentences.
fn title(race: &RaceInfo) -> String {
    format!("the {} {}", race.year, race.name)
}

/// "2010 Italian Grand Prix", for interpretations.
fn label(race: &RaceInfo) -> String {
    format!("{} {}", race.year, race.name)
}

/// Whether the question names one race: a place or a round, and a season.
fn names_race(ctx: &Ctx) -> bool {
    ctx.r.parsed.years.len() == 1 && (!ctx.r.locs.is_empty() || !ctx.r.parsed.rounds.is_empty())
}

/// SQL turning a lap time column ("1:31.325", possibly empty) into
/// milliseconds, so times compare as numbers and not as text. `col` is
/// always a column name written in this module, never a value.
fn ms(col: &str) -> String {
    format!(
        "(CASE WHEN instr({col}, ':') > 0 THEN CAST(substr({col}, 1, instr({col}, ':') - 1) AS INTEGER) * 60000 \
         + CAST(ROUND(CAST(substr({col}, instr({col}, ':') + 1) AS REAL) * 1000) AS INTEGER) \
         WHEN {col} <> '' THEN CAST(ROUND(CAST({col} AS REAL) * 1000) AS INTEGER) END)"
    )
}

/// Reads every one of these words and phrases present (unlike
/// `Ctx::any`, which stops at the first): for synonyms that may occur
/// together ("fastest lap speed in km/h").
fn read(ctx: &Ctx, list: &[&str]) -> bool {
    let mut found = false;
    for w in list {
        found |= if w.contains(' ') {
            ctx.phrase(w)
        } else {
            ctx.has(w)
        };
    }
    found
}

/// SQL condition selecting races at a place (`races ra`, `circuits ci`),
/// and its parameter. A country matches both spellings the circuits table
/// uses for it ("USA" and "United States").
fn place_cond(ctx: &Ctx, loc: &Loc) -> (String, Vec<Value>) {
    match loc {
        Loc::Circuit(id) => ("ra.circuitId = ?".into(), vec![json!(id)]),
        Loc::RaceName(n) => ("ra.name = ?".into(), vec![json!(n)]),
        Loc::Country(c) => {
            let names = country_names(ctx, c);
            let marks = vec!["?"; names.len()].join(", ");
            (
                format!("ci.country IN ({marks})"),
                names.into_iter().map(Value::from).collect(),
            )
        }
    }
}

/// Every spelling of a country in `circuits.country`.
fn country_names(ctx: &Ctx, country: &str) -> Vec<String> {
    ctx.idx.country_spellings(country)
}

/// The drivers named, without mentions that are really one of `words`
/// ("speed" resolves to Scott Speed, "birth" to Edgar Barth), and how many
/// such mentions there were (they count as read for confidence).
fn named_drivers(ctx: &Ctx, words: &[&str]) -> (Vec<i64>, usize) {
    let is_word = |m: &str| words.contains(&crate::text::fold(m).as_str());
    let drivers: Vec<i64> = ctx
        .r
        .drivers
        .iter()
        .filter(|d| !is_word(&d.entity.matched))
        .map(|d| d.entity.id)
        .collect();
    let words_read = ctx.r.drivers.len() - drivers.len();
    (drivers, words_read)
}

/// An ordinal for sentences: 1st, 2nd, 3rd, 11th.
fn ordinal(n: &str) -> String {
    let suffix = match (n.parse::<i64>().unwrap_or(0) % 100, n.chars().last()) {
        (11..=13, _) => "th",
        (_, Some('1')) => "st",
        (_, Some('2')) => "nd",
        (_, Some('3')) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
