//! One race's own columns: Wikipedia URL, date, start time (UTC), round,
//! circuit, the dates and times of its sprint, qualifying and practice
//! sessions, the winner's race time and laps, and a driver's race time.

use serde_json::json;

use super::{label, names_race, race_params, read, title, RACE_SUB};
use crate::index::RaceInfo;
use crate::intents::ctx::{cell, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of race-detail questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "is", "was", "the", "of", "did", "does", "in", "at", "on", "for", "which", "when",
    "give", "me", "page", "article", "held", "take", "place", "took", "happen", "happened",
    "run", "staged", "scheduled", "date", "day", "time", "and", "it", "race", "grand", "prix",
    "gp",
];

/// A session of the race weekend: (phrases, date column, time column, label).
const SESSIONS: &[(&[&str], &str, &str, &str)] = &[
    (
        &["sprint", "sprint race"],
        "sprint_date",
        "sprint_time",
        "sprint",
    ),
    (
        &["qualifying", "quali", "qualification"],
        "quali_date",
        "quali_time",
        "qualifying",
    ),
    (
        &["fp1", "first practice", "practice 1", "free practice 1"],
        "fp1_date",
        "fp1_time",
        "first practice",
    ),
    (
        &["fp2", "second practice", "practice 2", "free practice 2"],
        "fp2_date",
        "fp2_time",
        "second practice",
    ),
    (
        &["fp3", "third practice", "practice 3", "free practice 3"],
        "fp3_date",
        "fp3_time",
        "third practice",
    ),
];

/// Claims questions about one race's own columns.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !names_race(ctx) || !r.constructors.is_empty() || r.drivers.len() > 1 {
        return Ok(None);
    }
    let Some(kind) = kind(ctx) else {
        return Ok(None);
    };
    let race = match ctx.the_race() {
        Ok(x) => x,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    match kind {
        Kind::RaceTime => race_time(ctx, race),
        Kind::Column(col, what) => column(ctx, race, col, what),
        Kind::Session(date, time, what) => session(ctx, race, date, time, what),
    }
}

/// What is asked of the race.
enum Kind {
    /// A column of `races`: (column, label).
    Column(&'static str, &'static str),
    /// A session's date and time: (date column, time column, label).
    Session(&'static str, &'static str, &'static str),
    /// The winner's (or a driver's) race time.
    RaceTime,
}

/// Reads what the question asks of the race, if it is a race column.
fn kind(ctx: &Ctx) -> Option<Kind> {
    let drivers = ctx.r.drivers.len();
    if ctx.peek_any(&[
        "race time",
        "winning time",
        "finishing time",
        "total time",
        "how long",
    ]) {
        read(
            ctx,
            &[
                "race time",
                "winning time",
                "finishing time",
                "total time",
                "how long",
                "winning",
                "winner",
                "win",
                "took",
                "take",
                "last",
                "complete",
                "his",
                "her",
            ],
        );
        return Some(Kind::RaceTime);
    }
    if drivers > 0 {
        return None;
    }
    if read(ctx, &["wikipedia", "wiki", "url", "link", "web page"]) {
        return Some(Kind::Column("url", "Wikipedia page"));
    }
    let asks_when = ctx.peek_any(&[
        "when",
        "date",
        "what day",
        "which day",
        "time",
        "utc",
        "gmt",
        "start time",
    ]);
    if asks_when {
        if let Some((phrases, date, time, what)) = SESSIONS.iter().find(|(p, ..)| ctx.peek_any(p)) {
            read(ctx, phrases);
            read(
                ctx,
                &[
                    "when",
                    "date",
                    "what day",
                    "which day",
                    "time",
                    "utc",
                    "gmt",
                    "start",
                    "started",
                    "held",
                ],
            );
            return Some(Kind::Session(date, time, what));
        }
        if ctx.peek_any(&[
            "start",
            "started",
            "starts",
            "begin",
            "began",
            "lights out",
            "utc",
            "gmt",
            "start time",
        ]) && ctx.peek_any(&["time", "utc", "gmt", "what time"])
        {
            read(
                ctx,
                &[
                    "start time",
                    "what time",
                    "time",
                    "start",
                    "started",
                    "starts",
                    "begin",
                    "began",
                    "lights out",
                    "utc",
                    "gmt",
                ],
            );
            return Some(Kind::Column("time", "start time (UTC)"));
        }
        if ctx.peek_any(&["when", "date", "what day", "which day"]) {
            read(
                ctx,
                &[
                    "when",
                    "date",
                    "what day",
                    "which day",
                    "on what date",
                    "held",
                    "take place",
                    "took place",
                ],
            );
            return Some(Kind::Column("date", "date"));
        }
    }
    if read(ctx, &["which round", "what round", "round number", "round"]) {
        return Some(Kind::Column("round", "round"));
    }
    if ctx.peek_any(&[
        "where",
        "which circuit",
        "what circuit",
        "which track",
        "what track",
        "venue",
    ]) {
        read(
            ctx,
            &[
                "where",
                "which circuit",
                "what circuit",
                "which track",
                "what track",
                "venue",
                "circuit",
                "track",
                "held",
                "hosted",
                "host",
            ],
        );
        return Some(Kind::Column("circuit", "circuit"));
    }
    None
}

/// A column of the race's `races` row (or its circuit).
fn column(
    ctx: &Ctx,
    race: &RaceInfo,
    col: &str,
    what: &str,
) -> Result<Option<Outcome>, EngineError> {
    let sql = "SELECT ra.url, ra.date, ra.time, ra.round, ci.name AS circuit, ci.location, ci.country FROM races ra \
               JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE ra.year = ? AND ra.round = ?";
    let at = match col {
        "url" => 0,
        "date" => 1,
        "time" => 2,
        "round" => 3,
        _ => 4,
    };
    let t = ctx.run(sql, &race_params(race))?;
    if cell(&t, 0, at) == "-" {
        let why = if col == "time" {
            " (start times are recorded from 2005)"
        } else {
            ""
        };
        return Ok(Some(ctx.refuse(&format!(
            "The data has no {what} for {}{why}.",
            title(race)
        ))));
    }
    ctx.interpret(format!("Race {what} · {}", label(race)));
    let conf = ctx.confidence(0, 0, 1);
    ctx.answer("race_details", sql, race_params(race), conf, |t| {
        let v = cell(t, 0, at);
        Some(match col {
            "time" => format!(
                "{} started at {v} UTC on {} (races.time is UTC).",
                title(race),
                cell(t, 0, 1)
            ),
            "circuit" => format!(
                "{} was held at {v} ({}, {}).",
                title(race),
                cell(t, 0, 5),
                cell(t, 0, 6)
            ),
            "round" => format!("{} was round {v} of {}.", title(race), race.year),
            _ => format!("The {what} of {}: {v}.", title(race)),
        })
    })
}

/// The date and time of one session of the race weekend.
fn session(
    ctx: &Ctx,
    race: &RaceInfo,
    date: &str,
    time: &str,
    what: &str,
) -> Result<Option<Outcome>, EngineError> {
    if what == "sprint" && !race.has_sprint {
        return Ok(Some(
            ctx.refuse(&format!("There was no sprint at {}.", title(race))),
        ));
    }
    // Session columns are constants of this module, never user text.
    let sql = format!(
        "SELECT {date} AS date, {time} AS time_utc FROM races WHERE year = ? AND round = ?"
    );
    let t = ctx.run(&sql, &race_params(race))?;
    if cell(&t, 0, 0) == "-" {
        return Ok(Some(ctx.refuse(&format!(
            "The data has no {what} date for {} (session dates are recorded from 2021, and not for 2025).",
            title(race)
        ))));
    }
    ctx.interpret(format!("Date of the {what} · {}", label(race)));
    let conf = ctx.confidence(0, 0, 1);
    ctx.answer("race_details", &sql, race_params(race), conf, |t| {
        let at = match cell(t, 0, 1).as_str() {
            "-" => String::new(),
            v => format!(" at {v} UTC"),
        };
        Some(format!(
            "The {what} of {} was held on {}{at}.",
            title(race),
            cell(t, 0, 0)
        ))
    })
}

/// The winner's race time (and laps), or a named driver's.
fn race_time(ctx: &Ctx, race: &RaceInfo) -> Result<Option<Outcome>, EngineError> {
    let driver = ctx.r.drivers.first().map(|d| d.entity.id);
    let who = if driver.is_some() {
        "r.driverId = ?"
    } else {
        "r.position = 1"
    };
    let sql = format!(
        "SELECT r.time, {DRIVER_NAME} AS driver, r.laps, r.positionText, r.milliseconds FROM results r \
         JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = {RACE_SUB} AND {who}"
    );
    let mut params = race_params(race);
    params.extend(driver.map(|d| json!(d)));
    let t = ctx.run(&sql, &params)?;
    if t.rows.is_empty() || cell(&t, 0, 0) == "-" {
        return Ok(Some(ctx.refuse(&format!(
            "The data has no race time for that car at {}.",
            title(race)
        ))));
    }
    let name = driver.map(|d| ctx.idx.driver_name(d));
    ctx.interpret(match &name {
        Some(n) => format!("Race time · {n} · {}", label(race)),
        None => format!("Winning race time · {}", label(race)),
    });
    let conf = ctx.confidence(usize::from(driver.is_some()), 0, 1);
    ctx.answer("race_details", &sql, params, conf, |t| {
        let time = cell(t, 0, 0);
        Some(match &name {
            Some(n) if time.starts_with('+') => format!(
                "{n} finished {time} behind the winner at {} (P{}, {} laps).",
                title(race),
                cell(t, 0, 3),
                cell(t, 0, 2)
            ),
            Some(n) if cell(t, 0, 3) != "1" => format!(
                "{n}'s race time at {} was {time} (P{}, {} laps).",
                title(race),
                cell(t, 0, 3),
                cell(t, 0, 2)
            ),
            _ => format!(
                "{} won {} in a race time of {time} ({} laps).",
                cell(t, 0, 1),
                title(race),
                cell(t, 0, 2)
            ),
        })
    })
}
