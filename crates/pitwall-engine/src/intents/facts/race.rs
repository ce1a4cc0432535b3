//! One race's own columns: Wikipedia URL, date, start time (UTC), round,
//! circuit, the dates and times of its sprint, qualifying and practice
//! sessions, the winner's race time and laps, and a driver's race time.
//! The fact family's entry point and words; the query is
//! `query::RaceDetail`.

use crate::intents::Ctx;
use crate::query::RaceDetailAsk;
use crate::{EngineError, Outcome};

/// Words of race-detail questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "is", "was", "the", "of", "did", "does", "in", "at", "on", "for", "which", "when",
    "give", "me", "page", "article", "held", "take", "place", "took", "happen", "happened",
    "run", "staged", "scheduled", "date", "day", "time", "and", "it", "race", "grand", "prix",
    "gp",
];

/// Claims questions about one race's own columns: a typed query
/// (`query::RaceDetail`), kept in the fact families' order. A value the
/// data leaves empty for the race is declined, saying which and why.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(crate::parse::race_detail::race_detail(ctx));
    let compiled = crate::compile::race_detail(&q);
    let t = ctx.run(&compiled.sql, &compiled.params)?;
    if let Some(why) = crate::phrase::race_detail::missing(&q, &t) {
        return Ok(Some(ctx.refuse(&why)));
    }
    let (driver, drivers) = match q.ask {
        RaceDetailAsk::RaceTime(Some(d)) => (ctx.idx.driver_name(d), 1),
        _ => (String::new(), 0),
    };
    ctx.interpret(crate::phrase::race_detail::interpretation(&q, &driver));
    let conf = ctx.confidence(drivers, 0, 1);
    ctx.answer("race_details", &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::race_detail::sentence(&q, t, &driver)
    })
}
