//! Words to a [`PlaceQuery`]: one place named, no season and no driver or
//! constructor. Each word tested is consumed as the query honours it.

use crate::intents::{Ctx, Stat};
use crate::query::{PlaceAsk, PlaceQuery};

/// Words asking where a place is.
const WHERE: &[&str] = &[
    "where",
    "located",
    "which country",
    "what country",
    "which city",
    "what city",
    "which town",
    "what town",
    "location",
];

/// Parses a question about a place, or `None` when it is not one.
pub(crate) fn place(ctx: &Ctx) -> Option<PlaceQuery> {
    let r = ctx.r;
    if r.locs.len() != 1
        || !r.parsed.years.is_empty()
        || !r.drivers.is_empty()
        || !r.constructors.is_empty()
    {
        return None;
    }
    let ask = if ctx.any(WHERE) {
        PlaceAsk::Location
    } else if ctx.any(&["first", "last", "latest", "most recent", "inaugural"]) {
        PlaceAsk::FirstOrLast(ctx.any(&["last", "latest", "most recent"]))
    } else if ctx.has("most")
        && !ctx.peek_any(&["most recent"])
        && (ctx.stat().is_some() || ctx.any(&["successful", "often", "times"]))
    {
        // "Most successful" and "most often" are wins.
        let stat = match ctx.stat() {
            Some(s @ (Stat::Poles | Stat::Podiums)) => s,
            _ => Stat::Wins,
        };
        PlaceAsk::Most {
            stat,
            teams: ctx.about_teams(),
        }
    } else if ctx.any(&["how many", "number of", "how often"]) {
        PlaceAsk::Held
    } else {
        return None;
    };
    Some(PlaceQuery {
        place: r.locs[0].loc.clone(),
        ask,
    })
}
