//! Words to a [`TableQuery`]: the standings after a round or a named Grand
//! Prix, and a season's champion, final table or a driver's season points.
//! Each word tested is consumed as the query honours it.

use crate::intents::Ctx;
use crate::query::{Championship, TableAsk, TableQuery, TableReading, TableWhen};
use crate::Outcome;

/// A parse that is not for this query (`None`), a refusal, or the query.
pub(crate) type Parsed<'a> = Option<Result<TableQuery<'a>, Box<Outcome>>>;

/// Words that make a question with a round about the table after it.
const AFTER_ROUND: &[&str] = &[
    "after",
    "standings",
    "championship",
    "led",
    "lead",
    "leader",
    "leading",
    "gap",
    "title race",
    "table",
    "points",
    "behind",
    "ahead",
];

/// Words asking for a gap to a driver or team not named (the leader, the
/// runner-up), which one table row does not give.
#[rustfmt::skip]
const GAP_TO_OTHERS: &[&str] = &[
    "behind", "ahead", "lead by", "led by", "leading by", "clear", "gap", "margin", "adrift",
    "short of", "trail", "trailed", "trailing", "deficit", "advantage",
];

/// Words that make a question with a season about its final table.
const SEASON: &[&str] = &[
    "champion",
    "championship",
    "title",
    "standings",
    "table",
    "finish the season",
    "end of the season",
    "final standings",
    "world champion",
    "wdc",
    "wcc",
];

/// Words that ask for the end of a season (refused for a season the data
/// does not finish).
const FINAL: &[&str] = &[
    "champion", "won", "win", "title", "final", "end", "finish", "finished", "wdc", "wcc",
];

/// Words that make a question about a driver's team, not the table.
const TEAM_OF_DRIVER: &[&str] = &[
    "team",
    "drive for",
    "driving for",
    "drove for",
    "racing for",
    "raced for",
    "constructor",
];

/// The standings after a round ("after round 12 of 2021") or a named Grand
/// Prix ("after the 2021 Hungarian Grand Prix").
pub(crate) fn after_round<'a>(ctx: &Ctx<'a>) -> Parsed<'a> {
    let p = &ctx.r.parsed;
    let after_place = ctx.any(&["after", "following"]) && !ctx.r.locs.is_empty();
    if p.years.len() != 1 || (!after_place && p.rounds.is_empty()) || !ctx.any(AFTER_ROUND) {
        return None;
    }
    if ctx.any(&["pit", "sprint"]) {
        return None;
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Some(Err(refusal)),
    };
    let teams = ctx.r.drivers.is_empty() && (ctx.about_teams() || !ctx.r.constructors.is_empty());
    let ids = named(ctx, teams);
    let ask = match ids.as_slice() {
        [a, b] => TableAsk::Gap(*a, *b),
        // "How many points did Mercedes lead by", "how far behind the
        // leader was Norris": a gap to someone not named, not his total.
        [_] | [] if ctx.peek_any(GAP_TO_OTHERS) => return None,
        [one] => TableAsk::Of(*one),
        [] => place(ctx),
        // Three or more names: one table row each is not what this reads;
        // answering the first would answer half the question.
        _ => return None,
    };
    Some(Ok(TableQuery {
        championship: championship(teams),
        when: TableWhen::After(race),
        ask,
        reading: TableReading::Standings,
    }))
}

/// A season's champion, its final table, a place in it, or one driver's
/// or team's final place and points.
pub(crate) fn season<'a>(ctx: &Ctx<'a>) -> Parsed<'a> {
    let p = &ctx.r.parsed;
    let year = ctx.year()?;
    let driver_points = ctx.r.drivers.len() == 1
        && ctx.has("points")
        && !ctx.peek_any(&["sprint", "race", "grand prix"]);
    // "Which team were constructors' champions": the plural only with the
    // championship named (bare "the champions" of a season means both).
    let named_champions =
        ctx.peek_any(&["drivers", "driver", "constructors", "constructor", "team"])
            && (ctx.has("champions") | ctx.has("crowned"));
    if p.years.len() != 1
        || !ctx.r.locs.is_empty()
        || !(named_champions | ctx.any(SEASON) || driver_points)
    {
        return None;
    }
    if ctx.r.drivers.len() > 1 || ctx.r.constructors.len() > 1 {
        return None;
    }
    // "Which team was X driving for when he won the title" is team history.
    if !ctx.r.drivers.is_empty() && ctx.any(TEAM_OF_DRIVER) {
        return None;
    }
    // "Who won the 2007 title and for which team": the drivers' champion
    // and his team, which the table does not give; never the constructors'
    // champion.
    if ctx.r.constructors.is_empty()
        && ctx.peek_any(&["who"])
        && ctx.peek_any(&["which team", "what team", "which constructor"])
    {
        return None;
    }
    let teams = ctx.r.drivers.is_empty()
        && (ctx.about_teams() || ctx.any(&["wcc"]) || !ctx.r.constructors.is_empty());
    let championship = championship(teams);
    if year < championship.first_season() {
        return Some(Err(Box::new(ctx.refuse(&format!(
            "The {} championship started in {}.",
            championship.kind(),
            championship.first_season()
        )))));
    }
    if ctx.peek_any(GAP_TO_OTHERS) {
        return None;
    }
    let ask = match named(ctx, teams).first() {
        Some(id) => TableAsk::Of(*id),
        None => place(ctx),
    };
    let asks_final = named_champions || ctx.any(FINAL);
    let idx = ctx.idx;
    let in_progress = year > idx.last_complete_season;
    if in_progress && asks_final {
        return Some(Err(Box::new(ctx.refuse(&format!(
            "The {year} season is not complete in the data (it runs to round {}); ask for the standings after round {} instead.",
            idx.last_round, idx.last_round
        )))));
    }
    Some(Ok(TableQuery {
        championship,
        when: TableWhen::Final {
            season: year,
            in_progress_after: in_progress.then_some(idx.last_round),
        },
        ask,
        reading: TableReading::Standings,
    }))
}

pub(super) fn championship(teams: bool) -> Championship {
    if teams {
        Championship::Constructors
    } else {
        Championship::Drivers
    }
}

/// The constructors (for a team table) or drivers named, in order.
fn named(ctx: &Ctx, teams: bool) -> Vec<i64> {
    if teams {
        ctx.r.constructors.iter().map(|c| c.entity.id).collect()
    } else {
        ctx.r.drivers.iter().map(|d| d.entity.id).collect()
    }
}

/// "top 5" → the first five; "second" → P2; nothing → the leader.
fn place(ctx: &Ctx) -> TableAsk {
    match ctx.top_n() {
        Some(n) => TableAsk::Top(n),
        None => TableAsk::Place(ctx.ordinal().unwrap_or(1)),
    }
}
