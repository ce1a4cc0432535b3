//! The calendar: the next race after today, a season's first and last race
//! (its opener and finale), and the date and place of a race that is
//! scheduled but has no results yet (the CSV dump and the sync store the
//! season's schedule in `races`). A scheduled race is reported as
//! scheduled; no result is ever made up for it.

use serde_json::{json, Value};

use super::read;
use crate::index::RaceInfo;
use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Phrases asking for the next race on the calendar.
const NEXT: &[&str] = &[
    "next race",
    "next grand prix",
    "next gp",
    "next round",
    "next f1 race",
    "next formula 1 race",
    "next formula one race",
    "upcoming race",
    "upcoming grand prix",
    "upcoming gp",
];

/// Words of calendar questions that these answers honour.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "when", "where", "what", "is", "was", "will", "be", "the", "of", "in", "at", "on", "which",
    "held", "take", "place", "happen", "run", "scheduled", "date", "day", "time", "and", "it",
    "race", "grand", "prix", "gp", "round", "circuit", "track", "s",
];

/// Phrases naming a season's first race.
const OPENER: &[&str] = &[
    "season opener",
    "opened the season",
    "open the season",
    "opens the season",
    "started the season",
    "start the season",
    "starts the season",
    "kicked off the season",
    "opening race",
    "opening round",
    "opening grand prix",
    "opening gp",
    "first race",
    "first grand prix",
    "first gp",
    "first round",
    "opener",
];

/// Phrases naming a season's last race.
const FINALE: &[&str] = &[
    "season finale",
    "closed the season",
    "close the season",
    "closes the season",
    "ended the season",
    "end the season",
    "ends the season",
    "final race",
    "final grand prix",
    "final gp",
    "final round",
    "last race",
    "last grand prix",
    "last gp",
    "last round",
    "finale",
];

/// With "season" (any words between: "opened the 2019 season"), verbs of a
/// season's start and end.
const STARTS: &[&str] = &[
    "opened", "open", "opens", "opener", "opening", "started", "start", "starts", "began", "begin",
    "begins", "kicked", "off",
];
const ENDS: &[&str] = &[
    "closed",
    "close",
    "closes",
    "ended",
    "end",
    "ends",
    "finished",
    "finish",
    "finale",
    "concluded",
];

/// The race's columns the answers read, for a race picked by `cond`.
const SELECT: &str = "SELECT ra.year, ra.round, ra.name, ra.date, ra.time, ci.name AS circuit, \
     ci.location, ci.country FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId";

/// Claims "when is the next race" and questions about a scheduled race.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if ctx.peek_any(NEXT) {
        return next(ctx);
    }
    if let Some(outcome) = season_end(ctx)? {
        return Ok(Some(outcome));
    }
    // Only when or where it is: "who won" a race not yet run is refused by
    // the race families ("no results in the data").
    let asks = ctx.peek_any(&[
        "when",
        "where",
        "date",
        "what day",
        "what time",
        "scheduled",
    ]);
    let Some(race) = scheduled_race(ctx).filter(|_| asks) else {
        return Ok(None);
    };
    ctx.year();
    read(ctx, WORDS);
    let sql = format!("{SELECT} WHERE ra.raceId = ?");
    ctx.interpret(format!(
        "Calendar · {} {} (scheduled)",
        race.year, race.name
    ));
    let (idx, conf) = (ctx.idx, ctx.confidence(0, 0, 1));
    ctx.answer("calendar", &sql, vec![json!(race.id)], conf, |t| {
        let sentence = scheduled(t);
        Some(format!(
            "{}{} It has no results in the data yet (the results run to {} round {}).",
            sentence.get(..1).unwrap_or_default().to_uppercase(),
            sentence.get(1..).unwrap_or_default(),
            idx.last_year,
            idx.last_round
        ))
    })
}

/// The next race on or after today.
fn next(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if !ctx.r.drivers.is_empty() || !ctx.r.constructors.is_empty() || !ctx.r.locs.is_empty() {
        return Ok(None);
    }
    read(ctx, NEXT);
    read(ctx, WORDS);
    let today: Value = ctx.idx.today.clone().map_or(Value::Null, Value::from);
    let sql = format!(
        "{SELECT} WHERE ra.date >= COALESCE(?, date('now')) ORDER BY ra.date, ra.round LIMIT 1"
    );
    ctx.interpret(String::from("Calendar · the next race after today"));
    let idx = ctx.idx;
    let conf = ctx.confidence(0, 0, 0);
    let outcome = ctx.answer_or_pass("calendar", &sql, vec![today], conf, |t| {
        (!t.rows.is_empty()).then(|| format!("Next: {}", scheduled(t)))
    })?;
    Ok(Some(outcome.unwrap_or_else(|| {
        let last = idx.races.iter().max_by_key(|r| (r.year, r.round));
        ctx.refuse(&match last {
            Some(r) => format!(
                "No race is scheduled after today in the data: its calendar ends with the {} {} (round {}).",
                r.year, r.name, r.round
            ),
            None => "The data has no calendar.".into(),
        })
    })))
}

/// "Which race opened the 2019 season?", "the last race of 2021": the
/// season's first or last round, with its date and circuit. Who won it is a
/// different question: its words are left unread, so it is declined here.
fn season_end(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let season = ctx.peek_any(&["season"]);
    let first = ctx.peek_any(OPENER) || (season && ctx.peek_any(STARTS));
    let last = ctx.peek_any(FINALE) || (season && ctx.peek_any(ENDS));
    if !first && !last {
        return Ok(None);
    }
    let p = &ctx.r.parsed;
    if p.years.len() != 1
        || !ctx.r.drivers.is_empty()
        || !ctx.r.constructors.is_empty()
        || !ctx.r.locs.is_empty()
    {
        return Ok(None);
    }
    let year = p.years[0];
    let season = ctx.idx.races.iter().filter(|r| r.year == year);
    let race = if first {
        season.min_by_key(|r| r.round)
    } else {
        season.max_by_key(|r| r.round)
    };
    let Some(race) = race else {
        return Ok(None);
    };
    ctx.year();
    read(ctx, if first { OPENER } else { FINALE });
    read(ctx, if first { STARTS } else { ENDS });
    read(ctx, WORDS);
    read(
        ctx,
        &[
            "season",
            "championship",
            "year",
            "f1",
            "formula",
            "one",
            "1",
            "with",
        ],
    );
    let which = if first { "first" } else { "last" };
    ctx.interpret(format!("Calendar · the {year} season's {which} race"));
    let sql = format!("{SELECT} WHERE ra.raceId = ?");
    let (conf, run) = (ctx.confidence(0, 0, 0), race.has_results);
    ctx.answer("calendar", &sql, vec![json!(race.id)], conf, |t| {
        let (verb, note) = match (first, run) {
            (true, true) => ("opened with", ""),
            (false, true) => ("closed with", ""),
            (true, false) => (
                "is scheduled to open with",
                " It has no results in the data yet.",
            ),
            (false, false) => (
                "is scheduled to close with",
                " It has no results in the data yet.",
            ),
        };
        Some(format!(
            "The {year} season {verb} the {} (round {}) on {} at {}.{note}",
            cell(t, 0, 2),
            cell(t, 0, 1),
            cell(t, 0, 3),
            circuit(t)
        ))
    })
}

/// The one race named (season + place or round) when it has no results.
fn scheduled_race<'a>(ctx: &'a Ctx) -> Option<&'a RaceInfo> {
    let p = &ctx.r.parsed;
    if p.years.len() != 1 || !ctx.r.drivers.is_empty() || !ctx.r.constructors.is_empty() {
        return None;
    }
    let year = p.years[0];
    let races: Vec<&RaceInfo> = match (ctx.r.locs.first(), p.rounds.first()) {
        (Some(loc), None) => ctx.races_at(year, &loc.loc),
        (None, Some(round)) => ctx.idx.race(year, *round).into_iter().collect(),
        _ => return None,
    };
    match races.as_slice() {
        [one] if !one.has_results => Some(one),
        _ => None,
    }
}

/// "the 2025 Qatar Grand Prix (round 23) is scheduled for 2025-11-30 at
/// 16:00 UTC at Losail International Circuit (Al Daayen, Qatar)."
fn scheduled(t: &pitwall_f1data::Table) -> String {
    let time = cell(t, 0, 4);
    let at = if time.is_empty() || time == "null" {
        String::new()
    } else {
        format!(" at {} UTC", time.strip_suffix(":00").unwrap_or(&time))
    };
    format!(
        "the {} {} (round {}) is scheduled for {}{at} at {}.",
        cell(t, 0, 0),
        cell(t, 0, 2),
        cell(t, 0, 1),
        cell(t, 0, 3),
        circuit(t)
    )
}

/// "Losail International Circuit (Al Daayen, Qatar)", from [`SELECT`]'s row.
fn circuit(t: &pitwall_f1data::Table) -> String {
    format!("{} ({}, {})", cell(t, 0, 5), cell(t, 0, 6), cell(t, 0, 7))
}
