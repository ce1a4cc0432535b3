//! Words to a [`SeriesQuery`]: one season, no round or place, and
//! every-round words ("after each round", "race by race"). Each word
//! tested is consumed as the query honours it.

use super::read_all;
use crate::intents::Ctx;
use crate::query::{Championship, Follow, SeriesQuery};
use crate::Outcome;

/// Words that ask for every round of a season, not one.
const EVERY_ROUND: &[&str] = &[
    "after each round",
    "after every round",
    "after each race",
    "after every race",
    "after each grand prix",
    "round by round",
    "race by race",
    "round after round",
    "in each round",
    "in every round",
    "in each race",
    "in every race",
    "at each race",
    "at every race",
    "for each race",
    "for every race",
    "each round",
    "every round",
    "each race",
    "every race",
];

/// Words that ask for the running championship rather than each race's
/// own result.
const RUNNING: &[&str] = &[
    "championship standings",
    "drivers standings",
    "constructors standings",
    "standings",
    "title fight",
    "title race",
    "title battle",
    "championship battle",
    "championship fight",
    "championship",
    "points progression",
    "progression",
    "cumulative points",
    "running total",
];

/// Words that ask how a season went ("how did the 2021 title fight
/// unfold round by round").
const HOW_IT_WENT: &[&str] = &[
    "how did",
    "how was",
    "develop",
    "developed",
    "unfold",
    "unfolded",
    "evolve",
    "evolved",
    "go",
    "went",
    "look",
    "progress",
    "progressed",
    "points",
    "point",
    "pts",
    "show",
];

/// Words a race-by-race question is phrased with besides the drivers and
/// the season.
const RACE_WORDS: &[&str] = &[
    "finishing positions",
    "finishing position",
    "finishes",
    "results",
    "result",
    "positions",
    "position",
    "finish",
    "finished",
    "where",
    "how",
    "do",
    "did",
    "does",
    "vs",
    "versus",
    "and",
    "compared",
    "head to head",
    "against",
    "all",
    "his",
    "her",
];

/// "after each round", "after every race": the running championship, not
/// each race's own result.
fn after_each(ctx: &Ctx) -> bool {
    let text = &ctx.r.parsed.text;
    text.contains(" after each ") || text.contains(" after every ")
}

/// How many of a season's final top drivers or teams a standings series
/// follows when none is named (the chart's palette holds eight).
const DEFAULT_TOP: i64 = 5;

/// The championship after each round of one season: `None` when the
/// question is not one, `Err` with the refusal for a constructors'
/// championship before it began.
pub(crate) fn standings(ctx: &Ctx) -> Option<Result<SeriesQuery, Box<Outcome>>> {
    let p = &ctx.r.parsed;
    if p.years.len() != 1 || !p.rounds.is_empty() || !ctx.r.locs.is_empty() {
        return None;
    }
    let running = read_all(ctx, RUNNING);
    let every = read_all(ctx, EVERY_ROUND);
    // "after each round" is the running table even without "standings";
    // "race by race" alone is each race's result (`race_by_race`).
    if !(every && (running || after_each(ctx))) {
        return None;
    }
    let season = ctx.year()?;
    read_all(ctx, HOW_IT_WENT);
    let teams = ctx.r.drivers.is_empty() && (ctx.about_teams() || !ctx.r.constructors.is_empty());
    let championship = if teams {
        Championship::Constructors
    } else {
        Championship::Drivers
    };
    if season < championship.first_season() {
        return Some(Err(Box::new(ctx.refuse(&format!(
            "The {} championship started in {}.",
            championship.kind(),
            championship.first_season()
        )))));
    }
    let ids: Vec<i64> = if teams {
        ctx.r.constructors.iter().map(|c| c.entity.id).collect()
    } else {
        ctx.r.drivers.iter().map(|d| d.entity.id).collect()
    };
    let follow = if ids.is_empty() {
        let n = ctx.top_n().unwrap_or(DEFAULT_TOP).clamp(1, 8);
        read_all(
            ctx,
            &[
                "drivers",
                "driver",
                "teams",
                "team",
                "constructors",
                "in the",
                "of the",
            ],
        );
        Follow::Top(n)
    } else {
        read_all(ctx, &["vs", "versus", "and", "compared", "between", "for"]);
        Follow::Named(ids)
    };
    Some(Ok(SeriesQuery::Standings {
        championship,
        season,
        follow,
    }))
}

/// One or two drivers' result in every race of one season, or `None`.
pub(crate) fn race_by_race(ctx: &Ctx) -> Option<SeriesQuery> {
    let p = &ctx.r.parsed;
    let drivers = &ctx.r.drivers;
    if p.years.len() != 1
        || !p.rounds.is_empty()
        || !ctx.r.locs.is_empty()
        || !(1..=2).contains(&drivers.len())
        || !ctx.r.constructors.is_empty()
    {
        return None;
    }
    // "after each round" is the championship (`standings`); a single
    // driver's "results in 2019" are every race's.
    let results = drivers.len() == 1 && ctx.peek_any(&["results"]);
    if after_each(ctx) || !(read_all(ctx, EVERY_ROUND) || results) {
        return None;
    }
    let season = ctx.year()?;
    let points = ctx.any(&["points", "point"]);
    read_all(ctx, RACE_WORDS);
    Some(SeriesQuery::RaceByRace {
        season,
        drivers: drivers.iter().map(|d| d.entity.id).collect(),
        points,
    })
}
