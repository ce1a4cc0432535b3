//! Sprint winners as a list: every driver (or team) with a sprint win,
//! with their number of wins, over all sprints or one season; or how many
//! different ones there have been. The fact family's entry point and its
//! words; the query is `RecordQuery::SprintWinners`.

use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of sprint-winner questions that the answer honours.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "sprint", "sprints", "race", "races", "have", "has", "ever", "who", "which", "did", "in",
    "a", "the", "so", "far", "all", "list", "name", "names", "winners", "won", "win", "wins",
];

/// Claims "which drivers (teams) have won a sprint": a record query
/// (`RecordQuery::SprintWinners`), kept in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    crate::intents::cases::route_record(ctx, crate::parse::record::sprint_winners(ctx))
}
