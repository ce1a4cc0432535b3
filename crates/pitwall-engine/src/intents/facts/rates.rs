//! Rates, as 100 × part / whole to one decimal: the share of a season's
//! (or a place's, or all) Grands Prix won from pole (`grid = 1 AND
//! position = 1`), and a driver's or a team's share of starts won, ended
//! on the podium, started from pole, with the fastest lap or retired.
//! The fact family's entry point and words; the query is
//! `query::RateQuery`.

use crate::intents::Ctx;
use crate::query::{RateQuery, Starter};
use crate::{EngineError, Outcome};

/// Words of rate questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "of", "the", "his", "her", "their", "its", "did", "were", "was", "in", "at", "all",
    "career", "how", "often", "has", "have", "had", "grands", "prix", "gp", "gps", "races",
    "race", "starts", "start", "started",
];

/// Claims rate questions: a rate query (`query::RateQuery`), kept in the
/// fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = crate::parse::rate::rate(ctx) else {
        return Ok(None);
    };
    let r = ctx.r;
    let (name, conf) = match &q {
        RateQuery::WonFromPole { .. } => (String::new(), ctx.confidence(0, 0, r.locs.len())),
        RateQuery::ShareOfStarts { who, .. } => {
            let name = match *who {
                Starter::Driver(id) => ctx.idx.driver_name(id),
                Starter::Team(id) => ctx.idx.constructor_name(id),
            };
            (
                name,
                ctx.confidence(r.drivers.len(), r.constructors.len(), 0),
            )
        }
    };
    ctx.interpret(crate::phrase::rate::interpretation(&q, &name));
    let compiled = crate::compile::rate(&q);
    ctx.answer("rates", &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::rate::sentence(&q, t, &name)
    })
}
