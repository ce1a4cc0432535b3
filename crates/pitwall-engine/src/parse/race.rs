//! Words to a [`RaceQuery`]: a question about one race (a season and a
//! place, a season and a round, the season's first or final race, or the
//! Nth World Championship race) and what is asked of it. Each word tested
//! is consumed as the query honours it, so the full-coverage check sees
//! exactly what was read.

use super::read_all;
use crate::intents::{Ctx, FINAL_RACE, FIRST_RACE};
use crate::query::{RaceAsk, RaceQuery, Session};
use crate::Outcome;

/// Words asking who started from a grid place (with an ordinal: who
/// qualified Nth).
const POLE: &[&str] = &[
    "pole",
    "pole position",
    "polesitter",
    "pole sitter",
    "qualified first",
    "started first",
    "first on the grid",
    "front of the grid",
    "top qualifier",
    "fastest in qualifying",
];

/// Words asking for the race's fastest lap.
const FASTEST_LAP: &[&str] = &[
    "fastest lap",
    "quickest lap",
    "fastest race lap",
    "quickest race lap",
];

/// Words asking for the margin of the win.
const MARGIN: &[&str] = &[
    "winning margin",
    "margin of victory",
    "victory margin",
    "by how much",
    "by what margin",
    "how big was the margin",
    "how far ahead",
    "margin",
];

/// Words a margin question carries around the race and the winner.
const MARGIN_FRAME: &[&str] = &[
    "win", "won", "winner", "the", "at", "in", "of", "what", "was", "did", "he", "she", "race",
    "grand", "prix", "gp", "his", "her", "it",
];

/// Words asking for the whole classification.
const RESULT: &[&str] = &[
    "result",
    "results",
    "classification",
    "finishing order",
    "full order",
    "order",
];

/// Words asking who won.
const WON: &[&str] = &[
    "win",
    "won",
    "winner",
    "victory",
    "victor",
    "victorious",
    "triumphed",
    // Longest first: `Ctx::any` reads the first phrase found.
    "took the chequered flag first",
    "took the checkered flag first",
    "chequered flag first",
    "checkered flag first",
    "crossed the line first",
    "first across the line",
    "first past the flag",
    "finished first",
    "finish first",
    "came first",
    "came in first",
    "placed first",
    "chequered flag",
    "checkered flag",
    "first",
];

/// Rows shown for a whole result ("the classification").
const WHOLE_RESULT: i64 = 30;

/// Parses a question about one race: `None` when it is not one (no single
/// race named, or standings words that make it a championship question),
/// `Err` with the refusal when the race named is not in the data or is not
/// one race.
pub(crate) fn race<'a>(ctx: &Ctx<'a>) -> Option<Result<RaceQuery<'a>, Box<Outcome>>> {
    if !names_one_race(ctx) {
        return None;
    }
    // A constructor alone ("Ferrari at Monza in 2019") asks for a team's
    // result, which this query does not read.
    if !ctx.r.constructors.is_empty() && ctx.r.drivers.is_empty() {
        return None;
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Some(Err(refusal)),
    };
    let ask = ask(ctx)?;
    Some(Ok(RaceQuery {
        race,
        session: Session::GrandPrix,
        ask,
    }))
}

/// Parses a question about one race's sprint ("who won the sprint at
/// Interlagos in 2021"): a named driver's result, a place or the top N,
/// else the winner. `None` when it names no sprint or no single race (a
/// season's sprint totals are counting queries).
pub(crate) fn sprint<'a>(ctx: &Ctx<'a>) -> Option<Result<RaceQuery<'a>, Box<Outcome>>> {
    if !ctx.any(&["sprint", "sprints"]) {
        return None;
    }
    ctx.year();
    if ctx.r.locs.is_empty() && ctx.r.parsed.rounds.is_empty() {
        return None;
    }
    let race = match ctx.the_race() {
        Ok(r) => r,
        Err(refusal) => return Some(Err(refusal)),
    };
    if !race.has_sprint {
        return Some(Err(Box::new(ctx.refuse(&format!(
            "There was no sprint at the {} {}.",
            race.year, race.name
        )))));
    }
    let ask = match ctx.r.drivers.first() {
        Some(d) => RaceAsk::Driver(d.entity.id),
        // Both are read, as words of the question: "the top 3 ... second"
        // leaves nothing unread but takes the place.
        None => match (ctx.ordinal(), ctx.top_n()) {
            (Some(n), _) => RaceAsk::Finish { n, exact: true },
            (None, Some(n)) => RaceAsk::Finish { n, exact: false },
            (None, None) => RaceAsk::Finish { n: 1, exact: true },
        },
    };
    Some(Ok(RaceQuery {
        race,
        session: Session::Sprint,
        ask,
    }))
}

/// Whether the question names one race: the Nth race of all with nothing
/// else locating it, or one season and a place, a round or the season's
/// first or final race, without championship words.
fn names_one_race(ctx: &Ctx) -> bool {
    let p = &ctx.r.parsed;
    if p.race_nth.is_some() {
        return p.years.is_empty() && ctx.r.locs.is_empty() && p.rounds.is_empty();
    }
    // "Round 14" beside a place is read too: the race must be both.
    let round_named = !p.rounds.is_empty() && ctx.any(&["race", "round"]);
    let has_place = !ctx.r.locs.is_empty()
        || round_named
        || ctx.peek_any(FINAL_RACE)
        || ctx.peek_any(FIRST_RACE);
    p.years.len() == 1 && has_place && !ctx.any(&["championship", "standings", "title", "champion"])
}

/// What is asked of the race, in order of precedence: a grid place, the
/// fastest lap, the winning margin, a named driver's result, a place, the
/// top N, the whole result, the winner.
fn ask(ctx: &Ctx) -> Option<RaceAsk> {
    if ctx.any(POLE) {
        return Some(RaceAsk::Grid(ctx.ordinal().unwrap_or(1)));
    }
    if ctx.any(FASTEST_LAP) {
        return Some(RaceAsk::FastestLap);
    }
    // "By how much did Hamilton win": one driver at most, as the winner.
    if ctx.r.drivers.len() <= 1 && read_all(ctx, MARGIN) {
        read_all(ctx, MARGIN_FRAME);
        return Some(RaceAsk::Margin(ctx.r.drivers.first().map(|d| d.entity.id)));
    }
    if let Some(d) = ctx.r.drivers.first() {
        return Some(RaceAsk::Driver(d.entity.id));
    }
    if let Some(n) = ctx.ordinal() {
        return Some(RaceAsk::Finish { n, exact: true });
    }
    if let Some(n) = ctx.top_n() {
        return Some(RaceAsk::Finish { n, exact: false });
    }
    if ctx.any(RESULT) {
        return Some(RaceAsk::Finish {
            n: WHOLE_RESULT,
            exact: false,
        });
    }
    if ctx.any(WON) {
        return Some(RaceAsk::Finish { n: 1, exact: true });
    }
    None
}
