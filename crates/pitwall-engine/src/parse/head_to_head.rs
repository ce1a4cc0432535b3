//! Words to a [`HeadToHead`]: two drivers named, and qualifying or
//! finishing-order words (or neither: a bare "A vs B" is a race
//! head-to-head). A statistic named ("who won more, A or B") is the
//! counting query's, not a head-to-head.

use crate::intents::Ctx;
use crate::query::{Duel, HeadToHead};

/// Words that ask about qualifying order.
const QUALIFYING: &[&str] = &[
    "qualifying",
    "qualified",
    "outqualified",
    "outqualify",
    "outqualifies",
    "out qualified",
    "out qualify",
    "qualify",
    "quali",
    "qualy",
    "qualifier",
    "saturday",
];

/// Words that ask about finishing order.
const AHEAD: &[&str] = &[
    "ahead",
    "beat",
    "beaten",
    "head to head",
    "h2h",
    "outfinished",
    "in front",
    "finished higher",
    "finish higher",
];

/// Parses a head-to-head, or `None` when the question is not one.
pub(crate) fn head_to_head(ctx: &Ctx) -> Option<HeadToHead> {
    let r = ctx.r;
    let two_drivers = r.drivers.len() == 2 && r.constructors.is_empty();
    if !two_drivers || !r.locs.is_empty() || r.parsed.years.len() > 1 {
        return None;
    }
    let (duel, assumed) = if ctx.any(QUALIFYING) {
        (Duel::Qualifying, false)
    } else if ctx.any(AHEAD) {
        (Duel::Race, false)
    } else if ctx.stat().is_some() {
        return None;
    } else {
        (Duel::Race, true)
    };
    Some(HeadToHead {
        first: r.drivers[0].entity.id,
        second: r.drivers[1].entity.id,
        duel,
        season: ctx.year(),
        assumed,
    })
}
