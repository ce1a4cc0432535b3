//! Words to a points-gap [`TableQuery`]: a title margin ("by how many
//! points did Rosberg win the 2016 title", "what was the title margin in
//! 1991") or the gap between two drivers or two constructors after a round
//! or at a season's end ("how many points separated Verstappen and
//! Hamilton after round 21 of 2021"). Standings rows include sprint points.

use super::table::{championship, Parsed};
use crate::index::RaceInfo;
use crate::intents::Ctx;
use crate::query::{TableAsk, TableQuery, TableReading, TableWhen};
use crate::Outcome;

/// Words that ask for a points gap.
const GAP: &[&str] = &[
    "by how many points",
    "how many points separated",
    "how many points separate",
    "how many points apart",
    "how many points ahead",
    "how many points clear",
    "points gap",
    "gap in points",
    "points difference",
    "difference in points",
    "points margin",
    "title margin",
    "winning margin",
    "margin",
    "gap",
];

/// Words a gap question carries around its names and season.
const FRAME: &[&str] = &[
    "points",
    "standings",
    "championship",
    "drivers",
    "constructors",
    "between",
    "and",
    "there",
    "did",
    "was",
    "were",
    "them",
    "when",
    "what",
];

/// Parses a points-gap question.
pub(crate) fn gap<'a>(ctx: &Ctx<'a>) -> Parsed<'a> {
    let r = ctx.r;
    // No one named: the champion's margin ("what was the title margin in
    // 1991"), of the constructors' title when the question says so.
    let champion = r.drivers.is_empty() && r.constructors.is_empty();
    let teams = if champion {
        ctx.peek_any(&[
            "constructors",
            "constructor",
            "constructors'",
            "team",
            "teams",
            "wcc",
        ])
    } else {
        r.drivers.is_empty()
    };
    let ids: Vec<i64> = if teams {
        r.constructors.iter().map(|c| c.entity.id).collect()
    } else {
        r.drivers.iter().map(|d| d.entity.id).collect()
    };
    if ids.len() > 2 || (!teams && !r.constructors.is_empty()) || (champion && !r.locs.is_empty()) {
        return None;
    }
    if !ctx.any(GAP) {
        return None;
    }
    let Some(year) = ctx.year() else {
        return Some(Err(Box::new(ctx.refuse("Which season? Add the year."))));
    };
    let race = match the_round(ctx, year) {
        Ok(race) => race,
        Err(refusal) => return Some(Err(refusal)),
    };
    for word in FRAME {
        ctx.has(word);
    }
    let title = ctx.any(&["title", "championship", "crown"]);
    let won = ctx.has("win") | ctx.has("won");
    // One name or none is a margin, which only a title question asks.
    if (ids.len() == 1 || champion) && !(title && (won || champion)) {
        return None;
    }
    if champion {
        for w in [
            "constructors",
            "constructor",
            "team",
            "teams",
            "drivers",
            "driver",
            "the",
        ] {
            ctx.has(w);
        }
    }
    let ask = match ids.as_slice() {
        [a, b] => TableAsk::Gap(*a, *b),
        [one] => TableAsk::Margin(Some(*one)),
        _ => TableAsk::Margin(None),
    };
    Some(Ok(TableQuery {
        championship: championship(teams),
        when: TableWhen::After(race),
        ask,
        reading: TableReading::Gap,
    }))
}

/// The round named, or the season's final round (refused when the season
/// is not complete in the data, as the title is not decided there).
fn the_round<'a>(ctx: &Ctx<'a>, year: i64) -> Result<&'a RaceInfo, Box<Outcome>> {
    // A place first: with a round beside it, `the_race` checks the two
    // name the same race.
    if !ctx.r.locs.is_empty() {
        ctx.has("after");
        return ctx.the_race();
    }
    if let Some(round) = ctx.r.parsed.rounds.first() {
        ctx.has("after");
        return ctx
            .idx
            .race(year, *round)
            .filter(|r| r.has_results)
            .ok_or_else(|| {
                Box::new(ctx.refuse(&format!("{year} has no round {round} in the data.")))
            });
    }
    if year > ctx.idx.last_complete_season {
        return Err(Box::new(ctx.refuse(&format!(
            "The {year} season is not complete in the data (it runs to round {}), so its final standings are not decided.",
            ctx.idx.last_round
        ))));
    }
    ctx.any(&["final", "end of the season", "end of season", "at the end"]);
    ctx.idx
        .races
        .iter()
        .filter(|r| r.year == year && r.has_results)
        .max_by_key(|r| r.round)
        .ok_or_else(|| Box::new(ctx.refuse(&format!("{year} has no results in the data."))))
}
