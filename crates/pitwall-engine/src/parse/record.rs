//! Words to a [`RecordQuery`]: no driver, constructor or place named, and
//! record words ("most", "in a single season", "youngest"). Each word
//! tested is consumed as the query honours it.

use super::read_all;
use crate::intents::{Ctx, Stat};
use crate::query::{AgeOf, RecordQuery};

/// Words asking for the most.
const MOST: &[&str] = &[
    "most",
    "record",
    "all time",
    "alltime",
    "leader",
    "leaders",
    "leads",
    "top",
    "highest",
    "greatest number",
    "more than anyone",
    "ranking",
];

/// Words asking for one season.
const IN_A_SEASON: &[&str] = &[
    "in a season",
    "in one season",
    "single season",
    "in a single season",
    "one season",
    "in a year",
    "same season",
    "in a single year",
    "in one year",
    "season record",
];

/// Whether no driver, constructor or place is named.
fn nobody_named(ctx: &Ctx) -> bool {
    let r = ctx.r;
    r.drivers.is_empty() && r.constructors.is_empty() && r.locs.is_empty()
}

/// A single-season record, a season's leader, or an age record.
pub(crate) fn season_or_age(ctx: &Ctx) -> Option<RecordQuery> {
    if !nobody_named(ctx) {
        return None;
    }
    if ctx.any(&["youngest", "oldest"]) {
        let oldest = ctx.has("oldest");
        let of = if ctx.any(&["champion", "champions", "title", "championship"]) {
            AgeOf::Champion
        } else {
            AgeOf::Result(ctx.stat())
        };
        return Some(RecordQuery::Age { oldest, of });
    }
    let season_leader = ctx.r.parsed.years.len() == 1 && ctx.any(&["most", "more than anyone"]);
    if !(ctx.any(IN_A_SEASON) || season_leader) || !ctx.any(MOST) {
        return None;
    }
    let stat = ctx.stat().filter(|s| *s != Stat::Titles)?;
    let teams = ctx.about_teams();
    Some(RecordQuery::Season {
        stat,
        teams,
        season: ctx.year(),
    })
}

/// The all-time leaders (no season either).
pub(crate) fn all_time(ctx: &Ctx) -> Option<RecordQuery> {
    if !nobody_named(ctx) || !ctx.r.parsed.years.is_empty() || !ctx.any(MOST) {
        return None;
    }
    let stat = ctx.stat()?;
    if stat == Stat::Dnfs && !ctx.peek_any(&["most"]) {
        return None;
    }
    let teams = ctx.about_teams();
    // "Top 3" is three places, except "top 3 finishes" (podiums).
    let n = ctx
        .top_n()
        .filter(|n| *n > 1 && !ctx.peek_any(&["podium"]) && !ctx.peek_any(&["podiums"]))
        .unwrap_or(1);
    Some(RecordQuery::AllTime { stat, teams, n })
}

/// Every driver (or team) with a sprint win ("which drivers have won a
/// sprint", "how many different teams have won a sprint in 2023").
pub(crate) fn sprint_winners(ctx: &Ctx) -> Option<RecordQuery> {
    let r = ctx.r;
    if !ctx.peek_any(&["sprint", "sprints"])
        || !ctx.peek_any(&["won", "win", "winners", "winner"])
        || !nobody_named(ctx)
        || !r.parsed.rounds.is_empty()
        || r.parsed.years.len() > 1
        || ctx.peek_any(&["most", "first", "last", "youngest", "oldest"])
    {
        return None;
    }
    let teams = read_all(ctx, &["teams", "constructors", "which team", "what team"]);
    let listed = teams
        || read_all(
            ctx,
            &[
                "which drivers",
                "what drivers",
                "drivers",
                "list",
                "winners",
                "who",
                "different",
            ],
        );
    if !listed {
        return None;
    }
    read_all(
        ctx,
        &[
            "sprint",
            "sprints",
            "sprint race",
            "sprint races",
            "won",
            "win",
            "winner",
            "winners",
        ],
    );
    let count = read_all(ctx, &["how many", "number of"]);
    Some(RecordQuery::SprintWinners {
        teams,
        season: ctx.year(),
        count,
    })
}
