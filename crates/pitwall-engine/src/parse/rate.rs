//! Words to a [`RateQuery`]. Each word tested is consumed as the query
//! honours it.

use super::flags::place_filter;
use super::read_all;
use crate::intents::{Ctx, Stat};
use crate::query::{RateQuery, Starter};

/// Words asking for a rate.
const RATE_WORDS: &[&str] = &[
    "percentage",
    "percent",
    "proportion",
    "share",
    "fraction",
    "rate",
    "ratio",
    "win rate",
    "strike rate",
    "conversion",
    "conversion rate",
];

/// Words for pole position.
const POLE: &[&str] = &[
    "pole position",
    "pole sitter",
    "polesitter",
    "pole",
    "poles",
];

/// Words for winning from it.
const WON: &[&str] = &["won", "win", "wins", "winning", "victories", "converted"];

/// Parses a rate question, or `None` when it is not one.
pub(crate) fn rate(ctx: &Ctx) -> Option<RateQuery> {
    let r = ctx.r;
    if !ctx.peek_any(RATE_WORDS) {
        // "How many 2019 races were won from pole": the count, with its share.
        let count_from_pole = r.drivers.is_empty()
            && r.constructors.is_empty()
            && r.locs.len() <= 1
            && r.parsed.years.len() <= 1
            && ctx.peek_any(&["how many", "number of"])
            && ctx.peek_any(&[
                "from pole",
                "from pole position",
                "pole sitter",
                "polesitter",
            ]);
        if !count_from_pole {
            return None;
        }
        read_all(
            ctx,
            &["how many", "number of", "races", "grands prix", "gps"],
        );
        return won_from_pole(ctx);
    }
    if r.drivers.len() + r.constructors.len() > 1 || r.locs.len() > 1 || r.parsed.years.len() > 1 {
        return None;
    }
    if r.drivers.is_empty() && r.constructors.is_empty() {
        return won_from_pole(ctx);
    }
    share_of_starts(ctx)
}

/// The share of Grands Prix won from pole, in a season, at a place or
/// over all races.
fn won_from_pole(ctx: &Ctx) -> Option<RateQuery> {
    if !ctx.peek_any(POLE) || !(ctx.peek_any(WON) || ctx.peek_any(&["conversion"])) {
        return None;
    }
    read_all(ctx, RATE_WORDS);
    read_all(ctx, POLE);
    read_all(ctx, &["from", "started", "starting"]);
    read_all(ctx, WON);
    read_all(ctx, &["into", "a"]);
    let place = ctx
        .r
        .locs
        .first()
        .map(|p| (place_filter(ctx, &p.loc), p.entity.name.clone()));
    Some(RateQuery::WonFromPole {
        place,
        season: ctx.year(),
    })
}

/// A driver's or a team's share of starts with a win, podium, pole,
/// fastest lap or retirement, over a career or a season.
fn share_of_starts(ctx: &Ctx) -> Option<RateQuery> {
    let stat = ctx.stat().filter(|s| {
        matches!(
            s,
            Stat::Wins | Stat::Podiums | Stat::Poles | Stat::FastestLaps | Stat::Dnfs
        )
    })?;
    read_all(ctx, RATE_WORDS);
    read_all(
        ctx,
        &[
            "starts",
            "races",
            "race starts",
            "grands prix",
            "gps",
            "won",
            "win",
            "finish",
            "finished",
            "on the",
        ],
    );
    let r = ctx.r;
    let who = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => Starter::Driver(d.entity.id),
        (None, Some(c)) => Starter::Team(c.entity.id),
        (None, None) => return None,
    };
    Some(RateQuery::ShareOfStarts {
        stat,
        who,
        season: ctx.year(),
    })
}
