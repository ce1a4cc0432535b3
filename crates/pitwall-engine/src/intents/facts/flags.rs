//! Safety-car deployments and red flags: the fact family's entry point
//! and its words. The query itself is `query::FlagQuery`.

use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of safety-car and red-flag questions that the answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "how", "many", "times", "number", "total", "was", "were", "there", "during", "in", "at",
    "deployed", "deployment", "deployments", "out", "came", "come", "called", "period",
    "periods", "appearance", "appearances", "shown", "waved", "thrown", "brought", "occur",
    "occurred", "happen", "happened", "interruptions", "interrupted", "stoppage", "stoppages",
    "stopped", "any", "race", "races", "grand", "prix", "gp", "season", "did", "have", "had",
];

/// Claims safety-car and red-flag questions: a typed query
/// (`query::FlagQuery`), parsed, compiled and phrased by the stages; kept
/// in the fact families' order so the families before it are tried first.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(crate::parse::flags::flags(ctx));
    let conf = ctx.confidence(0, 0, ctx.r.locs.len());
    ctx.interpret(crate::phrase::flags::interpretation(&q));
    let compiled = crate::compile::flags(&q);
    ctx.answer(q.kind.intent(), &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::flags::sentence(&q, t)
    })
}
