//! Drivers by date of birth: who was born in, before, after or between
//! given years (optionally of one nationality, optionally only those who
//! started a race), and the youngest or oldest starter of a season. The
//! fact family's entry point and words; the query is `query::BirthQuery`.

use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of birth-date questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "which", "what", "who", "drivers", "driver", "were", "was", "have", "has", "had", "born",
    "in", "the", "a", "of", "to", "season", "grid", "on", "list", "all", "name", "names",
    "f1", "formula", "one", "1", "ever",
];

/// Claims birth-date filters and a season's youngest or oldest starter:
/// a typed query (`query::BirthQuery`), kept in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = crate::parse::driver::birth(ctx) else {
        return Ok(None);
    };
    ctx.interpret(crate::phrase::driver::birth_interpretation(&q));
    let compiled = crate::compile::birth(&q);
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("driver_birth", &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::driver::birth_sentence(&q, t)
    })
}
