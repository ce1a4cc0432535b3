//! Qualifying sessions of one race: a driver's Q1/Q2/Q3 times, the
//! fastest time of a session, who was knocked out in (or reached) a
//! session, the gap between two qualifiers, the pole time and the order.
//! The fact family's entry point and words; the query is
//! `query::QualiQuery`.

use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::query::{GapPair, QualiAsk};
use crate::{EngineError, Outcome};

/// Words of qualifying questions that every qualifying answer honours.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "qualifying", "quali", "qualification", "session", "time", "times", "lap", "laptime",
    "set", "did", "what", "was", "in", "at", "of", "for", "clock", "clocked", "record",
    "recorded", "post", "posted",
];

/// Claims questions about one race's qualifying: a typed query
/// (`query::QualiQuery`), kept in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(crate::parse::quali::quali(ctx));
    let compiled = crate::compile::quali(&q);
    let (names, drivers) = match q.ask {
        QualiAsk::Gap {
            pair: GapPair::Drivers(..),
            ..
        } => (
            ctx.r
                .drivers
                .iter()
                .map(|d| d.entity.name.clone())
                .collect(),
            2,
        ),
        QualiAsk::DriverTimes { driver, .. } => {
            let name = ctx.idx.driver_name(driver);
            let t = ctx.run(&compiled.sql, &compiled.params)?;
            if t.rows.is_empty() {
                return Ok(Some(ctx.refuse(&format!(
                    "The data has no qualifying time for {name} at the {} {}.",
                    q.race.year, q.race.name
                ))));
            }
            // "his pole lap": honoured only when he was on pole.
            if cell(&t, 0, 0) == "1" {
                crate::parse::read_all(ctx, &["pole lap", "pole time", "pole position", "pole"]);
            }
            (vec![name], 1)
        }
        _ => (Vec::new(), 0),
    };
    ctx.interpret(crate::phrase::quali::interpretation(&q, &names));
    let conf = ctx.confidence(drivers, 0, 1);
    ctx.answer(q.intent(), &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::quali::sentence(&q, t, &names)
    })
}
