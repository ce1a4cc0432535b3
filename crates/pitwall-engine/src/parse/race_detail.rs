//! Words to a [`RaceDetail`]. Each word tested is consumed as the query
//! honours it.

use super::read_all;
use crate::intents::Ctx;
use crate::query::{RaceColumn, RaceDetail, RaceDetailAsk, WeekendSession};
use crate::Outcome;

/// Sessions of the race weekend, and the phrases naming each.
#[rustfmt::skip]
const SESSIONS: &[(&[&str], WeekendSession)] = &[
    (&["sprint", "sprint race"], WeekendSession::Sprint),
    (&["qualifying", "quali", "qualification"], WeekendSession::Qualifying),
    (&["fp1", "first practice", "practice 1", "free practice 1"], WeekendSession::Fp1),
    (&["fp2", "second practice", "practice 2", "free practice 2"], WeekendSession::Fp2),
    (&["fp3", "third practice", "practice 3", "free practice 3"], WeekendSession::Fp3),
];

/// Words asking for a race time.
#[rustfmt::skip]
const RACE_TIME: &[&str] = &[
    "race time", "winning time", "finishing time", "total time", "how long",
];

/// Words asking when.
const WHEN: &[&str] = &[
    "when",
    "date",
    "what day",
    "which day",
    "time",
    "utc",
    "gmt",
    "start time",
];

/// Words asking when the race started.
#[rustfmt::skip]
const START: &[&str] = &[
    "start", "started", "starts", "begin", "began", "lights out", "utc", "gmt", "start time",
];

/// Words asking where.
#[rustfmt::skip]
const WHERE: &[&str] = &[
    "where", "which circuit", "what circuit", "which track", "what track", "venue",
];

/// Parses a question about one race's own columns: `None` when it is not
/// one, `Err` with the refusal for a race not found or a sprint it did
/// not have.
pub(crate) fn race_detail<'a>(ctx: &Ctx<'a>) -> Option<Result<RaceDetail<'a>, Box<Outcome>>> {
    let r = ctx.r;
    let names_race =
        r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    if !names_race || !r.constructors.is_empty() || r.drivers.len() > 1 {
        return None;
    }
    let ask = ask(ctx)?;
    let race = match ctx.the_race() {
        Ok(race) => race,
        Err(refusal) => return Some(Err(refusal)),
    };
    if ask == RaceDetailAsk::Session(WeekendSession::Sprint) && !race.has_sprint {
        return Some(Err(Box::new(ctx.refuse(&format!(
            "There was no sprint at the {} {}.",
            race.year, race.name
        )))));
    }
    Some(Ok(RaceDetail { race, ask }))
}

/// Reads what the question asks of the race, if it is a race column.
fn ask(ctx: &Ctx) -> Option<RaceDetailAsk> {
    let drivers = &ctx.r.drivers;
    if ctx.peek_any(RACE_TIME) {
        read_all(ctx, RACE_TIME);
        #[rustfmt::skip]
        let also: &[&str] = &[
            "winning", "winner", "win", "took", "take", "last", "complete", "his", "her",
        ];
        read_all(ctx, also);
        return Some(RaceDetailAsk::RaceTime(
            drivers.first().map(|d| d.entity.id),
        ));
    }
    if !drivers.is_empty() {
        return None;
    }
    if read_all(ctx, &["wikipedia", "wiki", "url", "link", "web page"]) {
        return Some(RaceDetailAsk::Column(RaceColumn::Url));
    }
    if ctx.peek_any(WHEN) {
        if let Some((phrases, s)) = SESSIONS.iter().find(|(p, _)| ctx.peek_any(p)) {
            read_all(ctx, phrases);
            #[rustfmt::skip]
            let when: &[&str] = &[
                "when", "date", "what day", "which day", "time", "utc", "gmt", "start", "started",
                "held",
            ];
            read_all(ctx, when);
            return Some(RaceDetailAsk::Session(*s));
        }
        if ctx.peek_any(START) && ctx.peek_any(&["time", "utc", "gmt", "what time"]) {
            read_all(ctx, &["start time", "what time", "time"]);
            read_all(ctx, START);
            return Some(RaceDetailAsk::Column(RaceColumn::StartTime));
        }
        if ctx.peek_any(&["when", "date", "what day", "which day"]) {
            #[rustfmt::skip]
            let when: &[&str] = &[
                "when", "date", "what day", "which day", "on what date", "held", "take place",
                "took place",
            ];
            read_all(ctx, when);
            return Some(RaceDetailAsk::Column(RaceColumn::Date));
        }
    }
    if read_all(ctx, &["which round", "what round", "round number", "round"]) {
        return Some(RaceDetailAsk::Column(RaceColumn::Round));
    }
    if ctx.peek_any(WHERE) {
        read_all(ctx, WHERE);
        read_all(ctx, &["circuit", "track", "held", "hosted", "host"]);
        return Some(RaceDetailAsk::Column(RaceColumn::Circuit));
    }
    None
}
