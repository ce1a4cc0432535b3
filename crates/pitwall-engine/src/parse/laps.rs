//! Words to a [`LapQuery`], and the refusals for what the load lacks: no
//! lap-by-lap times or positions, no speed traps, no speeds outside
//! 2004-2024. Each word tested is consumed as the query honours it.

use super::driver::named_drivers;
use super::flags::place_filter;
use super::read_all;
use crate::intents::Ctx;
use crate::query::{LapQuery, RaceScope, FASTEST_LAPS_FROM, SPEED_SEASONS};
use crate::Outcome;

/// Why lap-by-lap questions are declined.
const NO_LAP_DATA: &str = "The data has no lap-by-lap times or positions (this load has no lap_times table): only each driver's fastest lap, its lap number and average speed.";

/// Why speed questions outside the recorded seasons are declined.
const SPEED_YEARS: &str =
    "Fastest-lap speeds are recorded for 2004 to 2024 only (2025 has none in the data).";

/// Why top-speed questions are declined.
const NO_TOP_SPEED: &str = "The data has no top speeds or speed-trap figures: only the average speed of each driver's fastest lap (km/h, 2004-2024).";

/// Phrases naming a driver's or a race's best lap.
pub(crate) const BEST_LAP: &[&str] = &[
    "fastest lap",
    "fastest laps",
    "quickest lap",
    "best lap",
    "fastest race lap",
    "personal best",
];

/// Words asking for a speed.
const SPEED: &[&str] = &["speed", "speeds", "kmh", "mph", "km h"];

/// Words asking for a top speed, which the data does not have.
#[rustfmt::skip]
const TOP_SPEED: &[&str] = &[
    "top speed", "speed trap", "speed traps", "trap", "maximum speed", "max speed", "terminal",
    "mph",
];

/// What a lap question parses to.
type Parsed<'a> = Option<Result<LapQuery<'a>, Box<Outcome>>>;

/// A refusal with `reason`.
fn refuse<'a>(ctx: &Ctx, reason: &str) -> Parsed<'a> {
    Some(Err(Box::new(ctx.refuse(reason))))
}

/// Parses a fastest-lap speed, own-best-lap or lap-by-lap question:
/// `None` when it is not one, `Err` with the refusal for what the data
/// lacks or a race not found.
pub(crate) fn laps<'a>(ctx: &Ctx<'a>) -> Parsed<'a> {
    if ctx.peek_any(&["how fast"]) && ctx.peek_any(&["lap"]) {
        return speed(ctx);
    }
    if ctx.peek_any(SPEED) {
        if ctx.peek_any(TOP_SPEED) || !ctx.peek_any(&["lap", "laps"]) {
            return refuse(ctx, NO_TOP_SPEED);
        }
        return speed(ctx);
    }
    if !ctx.peek_any(&["lap", "laps"]) {
        return None;
    }
    if lap_by_lap(ctx) {
        return refuse(ctx, NO_LAP_DATA);
    }
    let r = ctx.r;
    let names_race =
        r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    if !ctx.peek_any(BEST_LAP) || !names_race {
        return None;
    }
    let race = match ctx.the_race() {
        Ok(race) => race,
        Err(refusal) => return Some(Err(refusal)),
    };
    if race.year < FASTEST_LAPS_FROM {
        return refuse(ctx, "Fastest-lap data in this database starts in 2004.");
    }
    Some(Ok(match r.drivers.first() {
        Some(d) => {
            read_all(ctx, BEST_LAP);
            ctx.phrase("lap time");
            LapQuery::OwnLap {
                race,
                driver: d.entity.id,
            }
        }
        // The race's fastest lap is the race query's; only a race with no
        // fastest lap recorded is declined here, with the reason.
        None => LapQuery::Recorded(race),
    }))
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
    #[rustfmt::skip]
    let by_lap: &[&str] = &[
        "lap by lap", "each lap", "every lap", "per lap", "lap chart", "lap times", "laps led",
        "running",
    ];
    numbered || ctx.peek_any(by_lap)
}

/// A fastest-lap speed: of a driver in a race, of a race, or the highest
/// (lowest) of a season, a place or the whole data.
fn speed<'a>(ctx: &Ctx<'a>) -> Parsed<'a> {
    #[rustfmt::skip]
    let words: &[&str] = &["speed", "speeds", "kmh", "km h", "average speed", "how fast"];
    read_all(ctx, words);
    read_all(ctx, &["fastest lap", "fastest laps", "quickest lap", "lap"]);
    // "speed" itself resolves to the driver Scott Speed: here it is the word.
    let (drivers, _) = named_drivers(ctx, &["speed"]);
    if drivers.len() > 1 {
        return None;
    }
    let driver = drivers.first().copied();
    let r = ctx.r;
    let mut lowest = false;
    let scope = if r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty())
    {
        let race = match ctx.the_race() {
            Ok(race) => race,
            Err(refusal) => return Some(Err(refusal)),
        };
        if !SPEED_SEASONS.contains(&race.year) {
            return refuse(ctx, SPEED_YEARS);
        }
        RaceScope::Race(race)
    } else if r.locs.len() <= 1 && r.parsed.rounds.is_empty() {
        lowest = ctx.any(&["lowest", "slowest"]);
        #[rustfmt::skip]
        let top: &[&str] = &["highest", "fastest", "top", "maximum", "ever", "all time"];
        read_all(ctx, top);
        let place = r
            .locs
            .first()
            .map(|p| (place_filter(ctx, &p.loc), p.entity.name.clone()));
        let season = ctx.year();
        if season.is_some_and(|y| !SPEED_SEASONS.contains(&y)) {
            return refuse(ctx, SPEED_YEARS);
        }
        RaceScope::Races { place, season }
    } else {
        return None;
    };
    Some(Ok(LapQuery::Speed {
        scope,
        driver,
        lowest,
    }))
}
