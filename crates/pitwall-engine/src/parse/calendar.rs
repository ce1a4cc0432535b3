//! Words to a [`CalendarQuery`]. Each word tested is consumed as the
//! query honours it.

use super::read_all;
use crate::index::RaceInfo;
use crate::intents::Ctx;
use crate::query::CalendarQuery;

/// Phrases asking for the next race on the calendar.
#[rustfmt::skip]
const NEXT: &[&str] = &[
    "next race", "next grand prix", "next gp", "next round", "next f1 race", "next formula 1 race",
    "next formula one race", "upcoming race", "upcoming grand prix", "upcoming gp",
];

/// Words of calendar questions that these answers honour.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "when", "where", "what", "is", "was", "will", "be", "the", "of", "in", "at", "on", "which",
    "held", "take", "place", "happen", "run", "scheduled", "date", "day", "time", "and", "it",
    "race", "grand", "prix", "gp", "round", "circuit", "track", "s",
];

/// Phrases naming a season's first race.
#[rustfmt::skip]
const OPENER: &[&str] = &[
    "season opener", "opened the season", "open the season", "opens the season",
    "started the season", "start the season", "starts the season", "kicked off the season",
    "opening race", "opening round", "opening grand prix", "opening gp", "first race",
    "first grand prix", "first gp", "first round", "opener",
];

/// Phrases naming a season's last race.
#[rustfmt::skip]
const FINALE: &[&str] = &[
    "season finale", "closed the season", "close the season", "closes the season",
    "ended the season", "end the season", "ends the season", "final race", "final grand prix",
    "final gp", "final round", "last race", "last grand prix", "last gp", "last round", "finale",
];

/// With "season" (any words between: "opened the 2019 season"), verbs of a
/// season's start.
#[rustfmt::skip]
const STARTS: &[&str] = &[
    "opened", "open", "opens", "opener", "opening", "started", "start", "starts", "began", "begin",
    "begins", "kicked", "off",
];

/// With "season", verbs of a season's end.
#[rustfmt::skip]
const ENDS: &[&str] = &[
    "closed", "close", "closes", "ended", "end", "ends", "finished", "finish", "finale",
    "concluded",
];

/// Parses a calendar question; `None` when it is not one.
pub(crate) fn calendar<'a>(ctx: &Ctx<'a>) -> Option<CalendarQuery<'a>> {
    let r = ctx.r;
    if ctx.peek_any(NEXT) {
        if !r.drivers.is_empty() || !r.constructors.is_empty() || !r.locs.is_empty() {
            return None;
        }
        read_all(ctx, NEXT);
        read_all(ctx, WORDS);
        return Some(CalendarQuery::Next {
            today: ctx.idx.today.clone(),
        });
    }
    if let Some(q) = season_end(ctx) {
        return Some(q);
    }
    // Only when or where it is: "who won" a race not yet run is refused by
    // the race families ("no results in the data").
    #[rustfmt::skip]
    let asks: &[&str] = &["when", "where", "date", "what day", "what time", "scheduled"];
    let race = scheduled_race(ctx).filter(|_| ctx.peek_any(asks))?;
    ctx.year();
    read_all(ctx, WORDS);
    Some(CalendarQuery::Scheduled(race))
}

/// "Which race opened the 2019 season?", "the last race of 2021": the
/// season's first or last round. Who won it is a different question: its
/// words are left unread, so it is declined here.
fn season_end<'a>(ctx: &Ctx<'a>) -> Option<CalendarQuery<'a>> {
    let season = ctx.peek_any(&["season"]);
    let first = ctx.peek_any(OPENER) || (season && ctx.peek_any(STARTS));
    let last = ctx.peek_any(FINALE) || (season && ctx.peek_any(ENDS));
    let r = ctx.r;
    if (!first && !last)
        || r.parsed.years.len() != 1
        || !r.drivers.is_empty()
        || !r.constructors.is_empty()
        || !r.locs.is_empty()
    {
        return None;
    }
    let year = r.parsed.years[0];
    let races = ctx.idx.races.iter().filter(|r| r.year == year);
    let race = if first {
        races.min_by_key(|r| r.round)
    } else {
        races.max_by_key(|r| r.round)
    }?;
    ctx.year();
    read_all(ctx, if first { OPENER } else { FINALE });
    read_all(ctx, if first { STARTS } else { ENDS });
    read_all(ctx, WORDS);
    #[rustfmt::skip]
    let season_words: &[&str] = &["season", "championship", "year", "f1", "formula", "one", "1", "with"];
    read_all(ctx, season_words);
    Some(CalendarQuery::SeasonEnd { race, first })
}

/// The one race named (season + place or round) when it has no results.
fn scheduled_race<'a>(ctx: &Ctx<'a>) -> Option<&'a RaceInfo> {
    let r = ctx.r;
    let p = &r.parsed;
    if p.years.len() != 1 || !r.drivers.is_empty() || !r.constructors.is_empty() {
        return None;
    }
    let year = p.years[0];
    let races: Vec<&RaceInfo> = match (r.locs.first(), p.rounds.first()) {
        (Some(loc), None) => ctx.races_at(year, &loc.loc),
        (None, Some(round)) => ctx.idx.race(year, *round).into_iter().collect(),
        _ => return None,
    };
    match races.as_slice() {
        [one] if !one.has_results => Some(one),
        _ => None,
    }
}
