//! Circuit columns and circuit counts: one circuit's city, country,
//! coordinates, altitude, Wikipedia URL and reference; the circuit with
//! the highest (lowest, northernmost...) position; and how many different
//! circuits of a country (or of all) have held a Grand Prix, or which.
//! The fact family's entry point and words; the query is
//! `query::CircuitQuery`.

use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::query::CircuitQuery;
use crate::{EngineError, Outcome};

/// Words of circuit questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "is", "are", "was", "the", "of", "does", "did", "in", "at", "which", "circuit",
    "circuits", "track", "tracks", "venue", "venues", "have", "has", "hosted", "host", "held",
    "hold", "used", "been", "different", "distinct", "world", "championship", "race", "races",
    "grand", "prix", "gp", "f1", "formula", "one", "1", "there", "and", "page", "article",
    "give", "me", "for", "situated", "lie", "lies", "sit", "sits",
];

/// Claims circuit-column and circuit-count questions: a typed query
/// (`query::CircuitQuery`), kept in the fact families' order. A column
/// the data leaves empty for the circuit is declined, saying which.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = crate::parse::circuit::circuit(ctx) else {
        return Ok(None);
    };
    let compiled = crate::compile::circuit(&q);
    let (name, conf) = match &q {
        CircuitQuery::Fields { fields, .. } => {
            let t = ctx.run(&compiled.sql, &compiled.params)?;
            let name = cell(&t, 0, 0);
            if let Some(f) = fields.iter().find(|f| cell(&t, 0, f.column()) == "-") {
                return Ok(Some(
                    ctx.refuse(&format!("The data has no {} for {name}.", f.label())),
                ));
            }
            (name, ctx.confidence(0, 0, 1))
        }
        CircuitQuery::Extreme(_) => (String::new(), ctx.confidence(0, 0, 0)),
        CircuitQuery::HeldARace { .. } => (String::new(), ctx.confidence(0, 0, ctx.r.locs.len())),
    };
    ctx.interpret(crate::phrase::circuit::interpretation(&q, &name));
    ctx.answer(
        "circuit_details",
        &compiled.sql,
        compiled.params,
        conf,
        |t| crate::phrase::circuit::sentence(&q, t),
    )
}
