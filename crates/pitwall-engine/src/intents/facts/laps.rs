//! Fastest laps beyond "who set it": the lap's average speed
//! (`results.fastestLapSpeed`, km/h, 2004-2024), a driver's own best lap
//! and the lap it came on, and the refusals for what the load lacks: no
//! lap-by-lap times or positions, no speed traps, no fastest lap for a
//! race where none was recorded.

use serde_json::json;

use super::{label, names_race, ordinal, place_cond, race_params, read, title, RACE_SUB};
use crate::intents::ctx::{cell, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of a fastest-lap speed question that the answer honours.
#[rustfmt::skip]
pub(super) const SPEED_WORDS: &[&str] = &[
    "fastest", "quickest", "lap", "laps", "speed", "speeds", "kmh", "km", "h", "set", "who",
    "which", "what", "where", "and", "it", "race", "recorded", "clocked", "was", "his", "her",
    "highest", "best", "fast", "how",
];

/// Words of a driver's-own-best-lap question that the answer honours.
#[rustfmt::skip]
pub(super) const LAP_WORDS: &[&str] = &[
    "fastest", "quickest", "best", "lap", "time", "set", "his", "her", "own", "personal",
    "which", "what", "on", "recorded", "clocked", "number", "did", "was",
];

/// Why lap-by-lap questions are declined.
const NO_LAP_DATA: &str = "The data has no lap-by-lap times or positions (this load has no lap_times table): only each driver's fastest lap, its lap number and average speed.";

/// Why speed questions outside the recorded seasons are declined.
const SPEED_YEARS: &str =
    "Fastest-lap speeds are recorded for 2004 to 2024 only (2025 has none in the data).";

/// Why top-speed questions are declined.
const NO_TOP_SPEED: &str = "The data has no top speeds or speed-trap figures: only the average speed of each driver's fastest lap (km/h, 2004-2024).";

/// Phrases naming a driver's or a race's best lap.
const BEST_LAP: &[&str] = &[
    "fastest lap",
    "fastest laps",
    "quickest lap",
    "best lap",
    "fastest race lap",
    "personal best",
];

/// Claims fastest-lap speed, own-best-lap and lap-by-lap questions.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let speed_words = ["speed", "speeds", "kmh", "mph", "km h"];
    if ctx.peek_any(&["how fast"]) && ctx.peek_any(&["lap"]) {
        return speed(ctx);
    }
    if ctx.peek_any(&speed_words) {
        if ctx.peek_any(&[
            "top speed",
            "speed trap",
            "speed traps",
            "trap",
            "maximum speed",
            "max speed",
            "terminal",
            "mph",
        ]) || !ctx.peek_any(&["lap", "laps"])
        {
            return Ok(Some(ctx.refuse(NO_TOP_SPEED)));
        }
        return speed(ctx);
    }
    if !ctx.peek_any(&["lap", "laps"]) {
        return Ok(None);
    }
    if lap_by_lap(ctx) {
        return Ok(Some(ctx.refuse(NO_LAP_DATA)));
    }
    if !ctx.peek_any(BEST_LAP) || !names_race(ctx) {
        return Ok(None);
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    if race.year < 2004 {
        return Ok(Some(
            ctx.refuse("Fastest-lap data in this database starts in 2004."),
        ));
    }
    if let Some(d) = ctx.r.drivers.first() {
        read(ctx, BEST_LAP);
        return own_lap(ctx, race, d.entity.id);
    }
    // The race's fastest lap is the race intent's; only a race with no
    // fastest lap recorded is declined here, with the reason.
    let t = ctx.run(
        &format!("SELECT COUNT(*) FROM results WHERE raceId = {RACE_SUB} AND rank = 1"),
        &race_params(race),
    )?;
    if cell(&t, 0, 0) == "0" {
        return Ok(Some(ctx.refuse(&format!(
            "The data has no fastest-lap record for {} (no car has a fastest-lap rank).",
            title(race)
        ))));
    }
    Ok(None)
}

/// "lap 20", "on the 30th lap", "lap by lap", "each lap": one lap's
/// times or positions, which the load does not have.
fn lap_by_lap(ctx: &Ctx) -> bool {
    let w = &ctx.r.parsed.words;
    let numbered = w.windows(2).any(|p| {
        let ordinalish = |s: &str| {
            s.parse::<i64>().is_ok()
                || ["st", "nd", "rd", "th"].iter().any(|suf| {
                    s.strip_suffix(suf)
                        .is_some_and(|n| !n.is_empty() && n.parse::<i64>().is_ok())
                })
                || matches!(
                    s,
                    "first" | "opening" | "final" | "last" | "second" | "third"
                )
        };
        (p[0] == "lap" && p[1].parse::<i64>().is_ok_and(|n| n < 200))
            || (ordinalish(&p[0]) && p[1] == "lap")
    });
    // A pit stop's or a stoppage's lap is in the data.
    if ctx.peek_any(&[
        "pit", "pits", "pitted", "stop", "stops", "flag", "flags", "safety",
    ]) {
        return false;
    }
    numbered
        || ctx.peek_any(&[
            "lap by lap",
            "each lap",
            "every lap",
            "per lap",
            "lap chart",
            "lap times",
            "laps led",
            "running",
        ])
}

/// A fastest-lap speed: of a driver in a race, of a race, or the highest
/// (lowest) of a season, a place or the whole data.
fn speed(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    read(
        ctx,
        &[
            "speed",
            "speeds",
            "kmh",
            "km h",
            "average speed",
            "how fast",
        ],
    );
    read(ctx, &["fastest lap", "fastest laps", "quickest lap", "lap"]);
    // "speed" itself resolves to the driver Scott Speed: here it is the word.
    let (drivers, word_mentions) = super::named_drivers(ctx, &["speed"]);
    if drivers.len() > 1 {
        return Ok(None);
    }
    let driver = drivers.first().copied();
    let mut params = Vec::new();
    let mut conds = vec!["r.fastestLapSpeed IS NOT NULL".to_string()];
    let mut lowest = false;
    let (scope, what);
    if names_race(ctx) {
        let race = match ctx.the_race() {
            Ok(r) => r,
            Err(refusal) => return Ok(Some(*refusal)),
        };
        if !(2004..=2024).contains(&race.year) {
            return Ok(Some(ctx.refuse(SPEED_YEARS)));
        }
        conds.push(format!("r.raceId = {RACE_SUB}"));
        params.extend(race_params(race));
        if driver.is_none() {
            conds.push("r.rank = 1".into());
        }
        scope = label(race);
        what = format!("at {}", title(race));
    } else if ctx.r.locs.len() <= 1 && ctx.r.parsed.rounds.is_empty() {
        lowest = ctx.any(&["lowest", "slowest"]);
        read(
            ctx,
            &["highest", "fastest", "top", "maximum", "ever", "all time"],
        );
        let place = ctx.r.locs.first();
        if let Some(p) = place {
            let (cond, args) = place_cond(ctx, &p.loc);
            conds.push(cond);
            params.extend(args);
        }
        let at = place.map_or_else(String::new, |p| format!(" at {}", p.entity.name));
        match ctx.year() {
            Some(y) if !(2004..=2024).contains(&y) => return Ok(Some(ctx.refuse(SPEED_YEARS))),
            Some(y) => {
                conds.push("ra.year = ?".into());
                params.push(json!(y));
                scope = format!("{y}{at}");
                what = format!("{at} in {y}");
            }
            None => {
                scope = format!("2004-2024{at}");
                what = format!("{at} in the data (2004-2024)");
            }
        }
    } else {
        return Ok(None);
    }
    if let Some(id) = driver {
        conds.push("r.driverId = ?".into());
        params.push(json!(id));
    }
    let order = if lowest { "ASC" } else { "DESC" };
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, ra.year, ra.name AS race, r.fastestLapSpeed AS speed_kph, r.fastestLapTime, r.fastestLap AS lap \
         FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId \
         JOIN drivers d ON d.driverId = r.driverId WHERE {} ORDER BY CAST(r.fastestLapSpeed AS REAL) {order} LIMIT 1",
        conds.join(" AND ")
    );
    let which = if lowest { "lowest" } else { "highest" };
    let at_race = what.starts_with("at ");
    let who = driver.map(|d| ctx.idx.driver_name(d));
    ctx.interpret(match (&who, at_race) {
        (Some(n), true) => format!("Fastest-lap speed · {n} · {scope}"),
        (Some(n), false) => format!("{which} fastest-lap speed · {n} · {scope}"),
        (None, true) => format!("Fastest lap speed · {scope}"),
        (None, false) => format!("{which} fastest-lap speed · {scope}"),
    });
    let conf = ctx.confidence(
        usize::from(driver.is_some()) + word_mentions,
        0,
        ctx.r.locs.len().min(1),
    );
    ctx.answer("fastest_lap_speed", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let lap = format!(
            "{} km/h ({} on lap {}",
            cell(t, 0, 3),
            cell(t, 0, 4),
            cell(t, 0, 5)
        );
        Some(match (&who, at_race) {
            (Some(n), true) => format!("{n}'s fastest lap {what} averaged {lap})."),
            (None, true) => format!(
                "{} set the fastest lap {what} at an average speed of {lap}).",
                cell(t, 0, 0)
            ),
            (Some(n), false) => format!(
                "{n}'s {which} fastest-lap speed{what} was {lap}) at the {} {}.",
                cell(t, 0, 1),
                cell(t, 0, 2)
            ),
            (None, false) => format!(
                "The {which} fastest-lap speed{what} was {lap}) by {} at the {} {}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2)
            ),
        })
    })
}

/// A driver's own fastest lap of a race: time, lap number, speed and how
/// it ranked among the race's fastest laps.
fn own_lap(
    ctx: &Ctx,
    race: &crate::index::RaceInfo,
    driver: i64,
) -> Result<Option<Outcome>, EngineError> {
    ctx.phrase("lap time");
    let sql = format!(
        "SELECT r.fastestLapTime, r.fastestLap AS lap, r.rank, r.fastestLapSpeed AS speed_kph FROM results r \
         WHERE r.raceId = {RACE_SUB} AND r.driverId = ?"
    );
    let mut params = race_params(race);
    params.push(json!(driver));
    let name = ctx.idx.driver_name(driver);
    let t = ctx.run(&sql, &params)?;
    if t.rows.is_empty() {
        return Ok(Some(
            ctx.refuse(&format!("{name} did not take part in {}.", title(race))),
        ));
    }
    if cell(&t, 0, 0) == "-" {
        return Ok(Some(ctx.refuse(&format!(
            "The data has no fastest lap for {name} at {}.",
            title(race)
        ))));
    }
    ctx.interpret(format!("Driver's fastest lap · {name} · {}", label(race)));
    let conf = ctx.confidence(1, 0, 1);
    ctx.answer("driver_fastest_lap", &sql, params, conf, |t| {
        let rank = cell(t, 0, 2);
        let rank = match rank.as_str() {
            "1" => " (the fastest lap of the race)".to_string(),
            "-" | "0" => String::new(),
            r => format!(" ({} fastest of the race)", ordinal(r)),
        };
        Some(format!(
            "{name}'s fastest lap of {} was {}, on lap {}{rank}.",
            title(race),
            cell(t, 0, 0),
            cell(t, 0, 1)
        ))
    })
}
