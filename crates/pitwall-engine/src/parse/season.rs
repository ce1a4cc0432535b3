//! Words to a [`SeasonQuery`]: a question naming only a season. Each word
//! tested is consumed as the query honours it.

use crate::intents::Ctx;
use crate::query::{SeasonAsk, SeasonQuery};

/// Words asking how many different winners (or pole sitters).
const DIFFERENT: &[&str] = &[
    "different winners",
    "different drivers",
    "different race winners",
    "how many winners",
    "number of winners",
    "different teams",
    "different constructors",
    "different pole",
];

/// Words asking for the calendar.
const CALENDAR: &[&str] = &[
    "calendar",
    "schedule",
    "list",
    "which races",
    "what races",
    "all the races",
    "all races",
    "venues",
];

/// Words asking how many races.
const HOW_MANY_RACES: &[&str] = &[
    "how many races",
    "how many grands prix",
    "how many rounds",
    "number of races",
    "how many grand prix",
    "how many gps",
    "how many world championship races",
    "how many championship races",
];

/// Parses a question about one season, or `None` when it names anything
/// but one season or asks something else of it.
pub(crate) fn season(ctx: &Ctx) -> Option<SeasonQuery> {
    let r = ctx.r;
    let season = ctx.year()?;
    if r.parsed.years.len() != 1
        || !r.drivers.is_empty()
        || !r.constructors.is_empty()
        || !r.locs.is_empty()
    {
        return None;
    }
    let ask = if ctx.any(DIFFERENT) {
        let teams = ctx.about_teams();
        if ctx.any(&["pole", "poles"]) {
            SeasonAsk::DifferentPoleSitters
        } else if teams {
            SeasonAsk::DifferentWinningTeams
        } else {
            SeasonAsk::DifferentWinners
        }
    } else if ctx.any(CALENDAR) {
        SeasonAsk::Calendar
    } else if ctx.any(HOW_MANY_RACES) {
        SeasonAsk::Races
    } else {
        return None;
    };
    Some(SeasonQuery {
        season,
        ask,
        scheduled_after: (season == ctx.idx.last_year).then_some(ctx.idx.last_round),
    })
}
