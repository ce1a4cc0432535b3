//! Words to a [`Roster`]: one driver or one constructor named, with team
//! or lineup words and no count asked. Each word tested is consumed as the
//! query honours it.

use crate::intents::Ctx;
use crate::query::{Roster, RosterOf};

/// Words asking for a driver's teams or a team's drivers.
const TEAM_WORDS: &[&str] = &[
    "drive for",
    "drove for",
    "driving for",
    "driven for",
    "raced for",
    "race for",
    "racing for",
    "teams",
    "team",
    "constructor",
    "constructors",
    "who did",
    "which team",
    "what team",
    "teammates",
    "drivers",
    "driver line up",
    "lineup",
    "line up",
    "sign",
    "signed",
];

/// Words that make it a count, not a roster.
const COUNTS: &[&str] = &["how many", "wins", "points", "podiums", "poles"];

/// Parses a roster question, or `None` when it is not one.
pub(crate) fn roster(ctx: &Ctx) -> Option<Roster> {
    let r = ctx.r;
    if !r.locs.is_empty() || r.parsed.years.len() > 1 || r.drivers.len() + r.constructors.len() != 1
    {
        return None;
    }
    let of = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => RosterOf::Driver(d.entity.id),
        (None, Some(c)) => RosterOf::Constructor(c.entity.id),
        _ => return None,
    };
    if !ctx.any(TEAM_WORDS) || ctx.peek_any(COUNTS) {
        return None;
    }
    let season = ctx.year();
    let title_years = (matches!(of, RosterOf::Driver(_))
        && season.is_none()
        && ctx.any(&[
            "title",
            "titles",
            "championship",
            "championships",
            "champion",
        ]))
    .then_some(ctx.idx.last_complete_season);
    if title_years.is_some() {
        // "Which teams did he win his titles with": the words around the
        // title reading are its own.
        for w in ["win", "won", "with", "his"] {
            ctx.has(w);
        }
    }
    Some(Roster {
        of,
        season,
        title_years,
    })
}
