//! Words to a [`PitQuery`]. Each word tested is consumed as the query
//! honours it.

use crate::intents::Ctx;
use crate::query::{PitAsk, PitQuery, PitScope, PIT_STOPS_FROM};
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
