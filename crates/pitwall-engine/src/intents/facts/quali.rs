//! Qualifying sessions of one race: a driver's Q1/Q2/Q3 times, the
//! fastest time of a session, who was knocked out in (or reached) a
//! session, the gap between two qualifiers, and the pole time. Times are
//! compared in milliseconds, never as text. Qualifying times start in 1994
//! (patchy until 2003) and the three-session knockout format in 2006.

use serde_json::json;

use super::{label, ms, names_race, race_params, read, title, RACE_SUB};
use crate::index::RaceInfo;
use crate::intents::ctx::{cell, join_and, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of qualifying questions that every qualifying answer honours.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "qualifying", "quali", "qualification", "session", "time", "times", "lap", "laptime",
    "set", "did", "what", "was", "in", "at", "of", "for", "clock", "clocked", "record",
    "recorded", "post", "posted",
];

/// Why qualifying times before 1994 are declined.
const PRE_1994: &str = "Qualifying times are in the data only from 1994; for earlier races only the starting grid (results.grid) is recorded.";

/// Why session questions before the knockout format are declined.
const PRE_2006: &str = "Q1, Q2 and Q3 (knockout qualifying) began in 2006; before that the data has a single qualifying time per driver.";

/// Words asking about a time, a gap or a session rather than a position.
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "time", "times", "laptime", "lap", "gap", "margin", "difference", "fastest", "quickest",
    "slowest", "topped", "how far", "by how much", "behind",
];

/// The session named ("Q2" -> 2, "Q1 session" -> 1).
fn session(ctx: &Ctx) -> Option<usize> {
    ctx.r.parsed.words.iter().find_map(|w| match w.as_str() {
        "q1" => Some(1),
        "q2" => Some(2),
        "q3" => Some(3),
        _ => None,
    })
}

/// The `qualifying` column of a session.
pub(super) fn col(session: usize) -> &'static str {
    match session {
        1 => "q.q1",
        2 => "q.q2",
        _ => "q.q3",
    }
}

/// Whether the question asks who went out in, or got into, a session.
fn is_knockout(ctx: &Ctx) -> bool {
    let into_session = ctx.r.parsed.words.windows(2).any(|w| {
        matches!(
            w[0].as_str(),
            "made" | "make" | "reach" | "reached" | "into" | "to" | "missed"
        ) && matches!(w[1].as_str(), "q2" | "q3")
    });
    into_session
        || ctx.peek_any(&[
            "knocked out",
            "knockouts",
            "went out",
            "exited",
            "eliminated",
            "dropped out",
            "out in",
            "out of",
            "make it",
            "made it",
            "advanced",
            "progressed",
            "got through",
            "get through",
        ])
}

/// Claims questions about qualifying times and sessions of one race.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let s = session(ctx);
    let quali = ctx.peek_any(&[
        "qualifying",
        "quali",
        "qualification",
        "pole time",
        "pole lap",
        "pole position time",
        "pole margin",
        "pole gap",
        "qualifier",
        "qualifiers",
    ]);
    if (s.is_none() && !quali) || !names_race(ctx) {
        return Ok(None);
    }
    let knockout = is_knockout(ctx);
    let order = s.is_none()
        && !knockout
        && ctx.r.drivers.is_empty()
        && ctx.peek_any(&["top", "results", "result", "order", "classification"]);
    if s.is_none() && !knockout && !order && !ctx.peek_any(TIME_WORDS) {
        return Ok(None);
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    if order {
        return super::quali_order::top(ctx, race);
    }
    if race.year < 1994 {
        return Ok(Some(ctx.refuse(PRE_1994)));
    }
    if race.year < 2006 && (knockout || s.is_some_and(|s| s > 1)) {
        return Ok(Some(ctx.refuse(PRE_2006)));
    }
    read(ctx, &["q1", "q2", "q3"]);
    read(ctx, &["qualifying", "quali", "qualification", "session"]);
    if knockout {
        return match s {
            Some(s) => knockouts(ctx, race, s),
            None => Ok(None),
        };
    }
    if ctx.peek_any(&[
        "gap",
        "margin",
        "difference",
        "how far",
        "by how much",
        "behind",
    ]) {
        return super::quali_gap::gap(ctx, race, s);
    }
    if let Some(d) = ctx.r.drivers.first() {
        return driver_times(ctx, race, d.entity.id, s);
    }
    fastest(ctx, race, s)
}

/// Who was knocked out in (or failed to reach, or reached) session `s`.
fn knockouts(ctx: &Ctx, race: &RaceInfo, s: usize) -> Result<Option<Outcome>, EngineError> {
    let not = read(
        ctx,
        &["did not", "didnt", "failed to", "not", "missed", "fail to"],
    );
    let out_of = ctx.phrase("out of");
    #[rustfmt::skip]
    let out = !out_of && read(ctx, &[
        "knocked out", "eliminated", "dropped out", "went out", "out in", "out", "exit", "exited",
        "fell", "knockouts", "knockout",
    ]);
    // "got knocked out" is going out, not getting through.
    let reach_words: &[&str] = if out {
        &["got", "get"]
    } else {
        &[
            "reach",
            "reached",
            "make",
            "made",
            "make it",
            "made it",
            "into",
            "advanced",
            "progressed",
            "through",
            "get",
            "got",
        ]
    };
    let reach = read(ctx, reach_words) && !out;
    // (condition, description)
    let (cond, what) = match (out, out_of, reach, not, s) {
        (true, _, false, false, 1) => ("q.q2 IS NULL", "were knocked out in Q1"),
        (true, _, false, false, 2) => (
            "q.q2 IS NOT NULL AND q.q3 IS NULL",
            "were knocked out in Q2",
        ),
        (false, true, _, false, 1) => ("q.q2 IS NOT NULL", "made it out of Q1"),
        (false, true, _, false, 2) => ("q.q3 IS NOT NULL", "made it out of Q2"),
        (false, false, true, false, 2) => ("q.q2 IS NOT NULL", "reached Q2"),
        (false, false, true, false, 3) => ("q.q3 IS NOT NULL", "reached Q3"),
        (false, false, _, true, 2) => ("q.q2 IS NULL", "did not reach Q2"),
        (false, false, _, true, 3) => ("q.q3 IS NULL", "did not reach Q3"),
        _ => return Ok(None),
    };
    let count = read(ctx, &["how many", "number of"]);
    read(ctx, &["which", "drivers", "who", "cars"]);
    let sql = format!(
        "SELECT q.position, {DRIVER_NAME} AS driver, q.q1, q.q2, q.q3 FROM qualifying q JOIN drivers d ON d.driverId = q.driverId \
         WHERE q.raceId = {RACE_SUB} AND {cond} ORDER BY q.position"
    );
    ctx.interpret(format!("Qualifying: drivers who {what} · {}", label(race)));
    let conf = ctx.confidence(0, 0, 1);
    ctx.answer("qualifying_knockouts", &sql, race_params(race), conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let names: Vec<String> = (0..t.rows.len())
            .map(|i| format!("{} (P{})", cell(t, i, 1), cell(t, i, 0)))
            .collect();
        Some(if count {
            format!(
                "{} drivers {what} at {}: {}.",
                t.rows.len(),
                title(race),
                join_and(&names)
            )
        } else {
            format!("At {}, {} {what}.", title(race), join_and(&names))
        })
    })
}

/// A driver's qualifying: position and each session's time, and in which
/// session the run ended.
fn driver_times(
    ctx: &Ctx,
    race: &RaceInfo,
    driver: i64,
    s: Option<usize>,
) -> Result<Option<Outcome>, EngineError> {
    read(
        ctx,
        &["time", "times", "lap time", "laptime", "lap", "best"],
    );
    let sql = format!(
        "SELECT q.position, q.q1, q.q2, q.q3 FROM qualifying q WHERE q.raceId = {RACE_SUB} AND q.driverId = ?"
    );
    let mut params = race_params(race);
    params.push(json!(driver));
    let name = ctx.idx.driver_name(driver);
    let t = ctx.run(&sql, &params)?;
    if t.rows.is_empty() {
        return Ok(Some(ctx.refuse(&format!(
            "The data has no qualifying time for {name} at {}.",
            title(race)
        ))));
    }
    // "his pole lap": honoured only when he was on pole.
    if cell(&t, 0, 0) == "1" {
        super::read(ctx, &["pole lap", "pole time", "pole position", "pole"]);
    }
    let session_label = s.map_or_else(|| "Qualifying".to_string(), |s| format!("Q{s}"));
    ctx.interpret(format!("{session_label} time · {name} · {}", label(race)));
    let conf = ctx.confidence(1, 0, 1);
    ctx.answer("qualifying_time", &sql, params, conf, |t| {
        let times: Vec<(usize, String)> = (1..=3)
            .map(|i| (i, cell(t, 0, i)))
            .filter(|(_, v)| v != "-")
            .collect();
        let list: Vec<String> = times.iter().map(|(i, v)| format!("Q{i} {v}")).collect();
        let all = if race.year < 2006 {
            times.first().map_or_else(String::new, |(_, v)| v.clone())
        } else {
            list.join(", ")
        };
        let head = match s {
            Some(s) => match times.iter().find(|(i, _)| *i == s) {
                Some((_, v)) => format!("{name}'s Q{s} time at {} was {v}", title(race)),
                None => format!("{name} set no Q{s} time at {}", title(race)),
            },
            None => format!("{name}'s qualifying time at {} was {all}", title(race)),
        };
        let ended = match times.last() {
            Some((3, _)) | None => String::new(),
            Some((i, _)) if race.year >= 2006 => format!(", knocked out in Q{i}"),
            Some(_) => String::new(),
        };
        let detail = if s.is_some() {
            format!("; {}", list.join(", "))
        } else {
            String::new()
        };
        Some(format!(
            "{head} (qualified P{}{ended}{detail}).",
            cell(t, 0, 0)
        ))
    })
}

/// The fastest time of a session (or the pole time when none is named).
fn fastest(ctx: &Ctx, race: &RaceInfo, s: Option<usize>) -> Result<Option<Outcome>, EngineError> {
    let slowest = ctx.any(&["slowest"]);
    let top = read(
        ctx,
        &[
            "fastest",
            "quickest",
            "topped",
            "top",
            "best",
            "p1",
            "pole time",
            "pole",
        ],
    ) || slowest;
    if !top {
        return Ok(None);
    }
    read(
        ctx,
        &[
            "time",
            "times",
            "lap time",
            "lap",
            "who",
            "which driver",
            "driver",
        ],
    );
    let (sql, what) = match s {
        Some(s) => {
            let c = col(s);
            let order = if slowest { "DESC" } else { "ASC" };
            (
                format!(
                    "SELECT {DRIVER_NAME} AS driver, {c} AS time, q.position FROM qualifying q JOIN drivers d ON d.driverId = q.driverId \
                     WHERE q.raceId = {RACE_SUB} AND {c} IS NOT NULL ORDER BY {} {order} LIMIT 1",
                    ms(c)
                ),
                format!("{} Q{s} time", if slowest { "slowest" } else { "fastest" }),
            )
        }
        None if !slowest => {
            // Pole: qualifying position 1 from 2003, the grid-1 car before.
            let pole = if race.year >= 2003 {
                "q.position = 1"
            } else {
                "q.driverId = (SELECT r.driverId FROM results r WHERE r.raceId = q.raceId AND r.grid = 1 LIMIT 1)"
            };
            (
                format!(
                    "SELECT {DRIVER_NAME} AS driver, COALESCE(q.q3, q.q2, q.q1) AS time, q.position FROM qualifying q \
                     JOIN drivers d ON d.driverId = q.driverId WHERE q.raceId = {RACE_SUB} AND {pole}"
                ),
                "pole time".to_string(),
            )
        }
        None => return Ok(None),
    };
    ctx.interpret(format!("Qualifying: {what} · {}", label(race)));
    let conf = ctx.confidence(0, 0, 1);
    ctx.answer("qualifying_time", &sql, race_params(race), conf, |t| {
        (!t.rows.is_empty() && cell(t, 0, 1) != "-").then(|| {
            format!(
                "The {what} at {} was {} by {} (qualified P{}).",
                title(race),
                cell(t, 0, 1),
                cell(t, 0, 0),
                cell(t, 0, 2)
            )
        })
    })
}
