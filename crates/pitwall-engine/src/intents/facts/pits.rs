//! Pit stops beyond the fastest stop and a driver's count: average and
//! total pit-lane time of a driver, a team or a race; a team's number of
//! stops; the laps a driver pitted on. Times are pit-lane times
//! (`pit_stops.milliseconds`, from 2011); stationary times and tyres are
//! not in the data and are declined with that reason. The fact family's
//! entry point and words; the query is `query::PitQuery`.

use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of pit-stop questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "pit", "pits", "pitted", "pitting", "pitstop", "pitstops", "stop", "stops", "time", "times",
    "duration", "durations", "seconds", "in", "lane", "did", "make", "made", "have", "had",
    "during", "at", "was", "were", "what", "team", "drivers", "cars", "both", "two", "their",
    "spent", "come", "came", "box", "boxed",
];

/// Claims average and total pit times, team stop counts and pit laps: a
/// pit-stop query (`query::PitQuery`), kept in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(crate::parse::pits::pit_facts(ctx));
    let r = ctx.r;
    let who = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => d.entity.name.clone(),
        (None, Some(c)) => format!("{}'s drivers", c.entity.name),
        _ => "all drivers".to_string(),
    };
    let conf = ctx.confidence(r.drivers.len(), r.constructors.len(), r.locs.len());
    ctx.interpret(crate::phrase::pits::interpretation(&q, &who));
    let compiled = crate::compile::pits(&q);
    ctx.answer(q.intent(), &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::pits::sentence(&q, t, &who)
    })
}
