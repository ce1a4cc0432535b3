//! Fact intents: schema-level questions about single columns of the data
//! (driver codes and birth dates, circuit locations, race times, finish
//! statuses, qualifying and fastest-lap times, safety cars and red flags).

use super::Ctx;
use crate::{EngineError, Outcome};

/// Routes a fact question; `None` when the question is not one.
pub(super) fn route(_ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    Ok(None)
}

/// Words a fact intent's kind of question is phrased with (see
/// `vocab::words_of`); empty for intents that are not fact intents.
pub(super) fn words_of(_intent: &str) -> &'static [&'static str] {
    &[]
}
