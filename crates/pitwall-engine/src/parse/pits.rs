//! Words to a [`PitQuery`]. Each word tested is consumed as the query
//! honours it.

use super::read_all;
use crate::intents::Ctx;
use crate::query::{PitAsk, PitQuery, PitScope, PitWho, PIT_STOPS_FROM};
use crate::Outcome;

/// Words that make a question about pit stops.
const PIT: &[&str] = &[
    "pit", "pits", "pitstop", "pitstops", "pitted", "pitting", "stops", "stop", "stopped",
];

/// Parses a pit-stop question: `None` when it is not one, `Err` with the
/// refusal when it names no season, a season before the data, or (except
/// for a season's fastest stop) no race.
pub(crate) fn pits<'a>(ctx: &Ctx<'a>) -> Option<Result<PitQuery<'a>, Box<Outcome>>> {
    if !ctx.any(PIT) {
        return None;
    }
    let refuse = |reason: &str| Some(Err(Box::new(ctx.refuse(reason))));
    let Some(year) = ctx.year() else {
        return refuse("Pit-stop questions need a season and race, e.g. \"fastest pit stop at the 2018 Italian Grand Prix\".");
    };
    if year < PIT_STOPS_FROM {
        return refuse(&format!(
            "Pit-stop data in this database starts in {PIT_STOPS_FROM}."
        ));
    }
    let fastest = ctx.any(&["fastest", "quickest", "shortest"]);
    let slowest = ctx.any(&["slowest", "longest"]);
    if ctx.r.locs.is_empty() && ctx.r.parsed.rounds.is_empty() {
        if !fastest {
            return refuse(
                "Which race? Name the Grand Prix, e.g. \"the 2022 Italian Grand Prix\".",
            );
        }
        return Some(Ok(PitQuery {
            scope: PitScope::Season(year),
            ask: PitAsk::Fastest,
        }));
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Some(Err(refusal)),
    };
    let ask = if fastest || slowest {
        // "Which team made the fastest stop": the answer names the team.
        ctx.any(&["team", "constructor"]);
        if slowest {
            PitAsk::Slowest
        } else {
            PitAsk::Fastest
        }
    } else if let Some(d) = ctx.r.drivers.first() {
        // "On which lap did he make his first stop": the first stop's lap.
        if ctx.has("first") && ctx.any(&["which lap", "what lap", "lap", "when"]) {
            PitAsk::FirstStop(d.entity.id)
        } else {
            PitAsk::Stops(d.entity.id)
        }
    } else if ctx.any(&["most"]) {
        PitAsk::Most
    } else {
        PitAsk::Total
    };
    Some(Ok(PitQuery {
        scope: PitScope::Race(race),
        ask,
    }))
}

/// Words that make a question one about pit stops, for the fact reading.
const PIT_WORDS: &[&str] = &[
    "pit", "pits", "pitted", "pitting", "pitstop", "pitstops", "boxed", "stops",
];

/// Parses the pit-stop facts beyond a race's own (average and total
/// pit-lane time of a driver, a team or everyone; a team's number of
/// stops; the laps a driver pitted on): `None` when it is not one, `Err`
/// with the refusal for tyres, stationary times or seasons before 2011.
/// A retirement's words make it not a tyre question ("retired with a
/// tyre failure").
pub(crate) fn pit_facts<'a>(ctx: &Ctx<'a>) -> Option<Result<PitQuery<'a>, Box<Outcome>>> {
    let refuse = |reason: &str| Some(Err(Box::new(ctx.refuse(reason))));
    if ctx.peek_any(&[
        "tyre",
        "tyres",
        "tire",
        "tires",
        "compound",
        "compounds",
        "stint",
        "stints",
    ]) && !ctx.peek_any(super::status::RETIRE_WORDS)
    {
        return refuse(
            "The data has no tyre, compound or stint information (pit_stops has only the lap, time and pit-lane duration of each stop).",
        );
    }
    if !ctx.peek_any(PIT_WORDS) {
        return None;
    }
    if ctx.peek_any(&["stationary", "standstill", "static", "wheel change", "jack"]) {
        return refuse(
            "pit_stops.duration is pit-lane time (entry to exit), not stationary time; stationary times are not in the data.",
        );
    }
    let r = ctx.r;
    if r.drivers.len() + r.constructors.len() > 1 || r.locs.len() > 1 {
        return None;
    }
    let average = ctx.peek_any(&["average", "mean", "avg"]);
    let total_time = ctx.peek_any(&[
        "total time",
        "time spent",
        "combined time",
        "total pit lane time",
        "total pit time",
    ]);
    let laps = r.drivers.len() == 1 && ctx.peek_any(&["laps", "lap", "when"]);
    let team_count = r.constructors.len() == 1
        && !average
        && !total_time
        && !ctx.peek_any(&["fastest", "quickest", "shortest", "slowest", "longest"]);
    if !(average || total_time || laps || team_count) {
        return None;
    }
    // Scope: one race, or a season.
    let names_race =
        r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    let scope = if names_race {
        match ctx.the_race() {
            Ok(race) => PitScope::Race(race),
            Err(refusal) => return Some(Err(refusal)),
        }
    } else if r.locs.is_empty() && !laps {
        PitScope::Season(ctx.year()?)
    } else {
        return None;
    };
    let season = match scope {
        PitScope::Race(race) => race.year,
        PitScope::Season(year) => year,
    };
    if season < PIT_STOPS_FROM {
        return refuse(&format!(
            "Pit-stop data in this database starts in {PIT_STOPS_FROM}."
        ));
    }
    read_all(ctx, PIT_WORDS);
    read_all(ctx, &["stop", "stops"]);
    let who = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => PitWho::Driver(d.entity.id),
        (None, Some(c)) => PitWho::Team(c.entity.id),
        _ => PitWho::All,
    };
    let ask = if let (true, PitWho::Driver(id)) = (laps, who) {
        read_all(
            ctx,
            &[
                "which laps",
                "what laps",
                "laps did",
                "on which lap",
                "laps",
                "lap",
                "when",
                "on",
            ],
        );
        PitAsk::Laps(id)
    } else if average || total_time {
        read_all(
            ctx,
            &[
                "average", "mean", "avg", "total", "combined", "spent", "time", "times", "duration",
            ],
        );
        PitAsk::Time { average, who }
    } else if let PitWho::Team(id) = who {
        read_all(
            ctx,
            &[
                "how many",
                "number of",
                "in total",
                "total",
                "combined",
                "between them",
            ],
        );
        PitAsk::TeamStops(id)
    } else {
        return None;
    };
    Some(Ok(PitQuery { scope, ask }))
}
