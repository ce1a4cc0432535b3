//! Words to a [`QualiQuery`]. Each word tested is consumed as the query
//! honours it, in the order the decisions are made.

use super::read_all;
use crate::intents::Ctx;
use crate::query::{
    GapPair, Knockout, QualiAsk, QualiQuery, KNOCKOUT_FROM, QUALI_ORDER_FROM, QUALI_TIMES_FROM,
};
use crate::Outcome;

/// Why qualifying times before 1994 are declined.
const PRE_1994: &str = "Qualifying times are in the data only from 1994; for earlier races only the starting grid (results.grid) is recorded.";

/// Why session questions before the knockout format are declined.
const PRE_2006: &str = "Q1, Q2 and Q3 (knockout qualifying) began in 2006; before that the data has a single qualifying time per driver.";

/// Words naming qualifying.
#[rustfmt::skip]
const QUALI: &[&str] = &[
    "qualifying", "quali", "qualification", "pole time", "pole lap", "pole position time",
    "pole margin", "pole gap", "qualifier", "qualifiers",
];

/// Words asking about a time, a gap or a session rather than a position.
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "time", "times", "laptime", "lap", "gap", "margin", "difference", "fastest", "quickest",
    "slowest", "topped", "how far", "by how much", "behind",
];

/// Words asking for a gap.
const GAP: &[&str] = &[
    "gap",
    "margin",
    "difference",
    "how far",
    "by how much",
    "behind",
];

/// Words of a gap question that the answer honours.
#[rustfmt::skip]
const GAP_WORDS: &[&str] = &[
    "gap", "margin", "difference", "how far", "by how much", "between", "how big", "how large",
    "and", "behind", "ahead", "placed", "qualifier", "qualifiers", "place", "position", "beat",
    "beaten", "outqualified", "time", "times", "fastest", "quickest",
];

/// Words asking who went out in, or got through, a session.
#[rustfmt::skip]
const KNOCKOUT_WORDS: &[&str] = &[
    "knocked out", "knockouts", "went out", "exited", "eliminated", "dropped out", "out in",
    "out of", "make it", "made it", "advanced", "progressed", "got through", "get through",
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

/// Whether the question asks who went out in, or got into, a session.
fn is_knockout(ctx: &Ctx) -> bool {
    let into_session = ctx.r.parsed.words.windows(2).any(|w| {
        matches!(
            w[0].as_str(),
            "made" | "make" | "reach" | "reached" | "into" | "to" | "missed"
        ) && matches!(w[1].as_str(), "q2" | "q3")
    });
    into_session || ctx.peek_any(KNOCKOUT_WORDS)
}

/// Parses a question about one race's qualifying: `None` when it is not
/// one, `Err` with the refusal for a race not found or a session the data
/// predates.
pub(crate) fn quali<'a>(ctx: &Ctx<'a>) -> Option<Result<QualiQuery<'a>, Box<Outcome>>> {
    let r = ctx.r;
    let s = session(ctx);
    let names_race =
        r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    if (s.is_none() && !ctx.peek_any(QUALI)) || !names_race {
        return None;
    }
    let knockout = is_knockout(ctx);
    let order = s.is_none()
        && !knockout
        && r.drivers.is_empty()
        && ctx.peek_any(&["top", "results", "result", "order", "classification"]);
    if s.is_none() && !knockout && !order && !ctx.peek_any(TIME_WORDS) {
        return None;
    }
    let race = match ctx.the_race() {
        Ok(race) => race,
        Err(refusal) => return Some(Err(refusal)),
    };
    let query = |ask| Some(Ok(QualiQuery { race, ask }));
    if order {
        return query(order_of(ctx, race.year)?);
    }
    if race.year < QUALI_TIMES_FROM {
        return Some(Err(Box::new(ctx.refuse(PRE_1994))));
    }
    if race.year < KNOCKOUT_FROM && (knockout || s.is_some_and(|s| s > 1)) {
        return Some(Err(Box::new(ctx.refuse(PRE_2006))));
    }
    read_all(ctx, &["q1", "q2", "q3"]);
    read_all(ctx, &["qualifying", "quali", "qualification", "session"]);
    if knockout {
        return query(knockouts(ctx, s?)?);
    }
    if ctx.peek_any(GAP) {
        let session = s.unwrap_or(if race.year >= KNOCKOUT_FROM { 3 } else { 1 });
        return query(gap(ctx, session)?);
    }
    if let Some(d) = r.drivers.first() {
        read_all(
            ctx,
            &["time", "times", "lap time", "laptime", "lap", "best"],
        );
        return query(QualiAsk::DriverTimes {
            driver: d.entity.id,
            session: s,
        });
    }
    query(fastest(ctx, s)?)
}

/// The top N of qualifying (all of it for "results" / "order"), from 2003.
fn order_of(ctx: &Ctx, year: i64) -> Option<QualiAsk> {
    if year < QUALI_ORDER_FROM {
        return None;
    }
    let n = match ctx.top_n() {
        Some(n) => n,
        None if read_all(
            ctx,
            &["results", "result", "order", "classification", "full"],
        ) =>
        {
            30
        }
        None => return None,
    };
    let words: &[&str] = &[
        "qualifying",
        "quali",
        "qualification",
        "who",
        "were",
        "the",
        "in",
    ];
    read_all(ctx, words);
    Some(QualiAsk::Order(n))
}

/// Who was knocked out in (or failed to reach, or reached) session `s`.
fn knockouts(ctx: &Ctx, s: usize) -> Option<QualiAsk> {
    let not = read_all(
        ctx,
        &["did not", "didnt", "failed to", "not", "missed", "fail to"],
    );
    let out_of = ctx.phrase("out of");
    #[rustfmt::skip]
    let out = !out_of && read_all(ctx, &[
        "knocked out", "eliminated", "dropped out", "went out", "out in", "out", "exit", "exited",
        "fell", "knockouts", "knockout",
    ]);
    // "got knocked out" is going out, not getting through.
    #[rustfmt::skip]
    let reach_words: &[&str] = if out {
        &["got", "get"]
    } else {
        &[
            "reach", "reached", "make", "made", "make it", "made it", "into", "advanced",
            "progressed", "through", "get", "got",
        ]
    };
    let reach = read_all(ctx, reach_words) && !out;
    let which = match (out, out_of, reach, not, s) {
        (true, _, false, false, 1) => Knockout::OutInQ1,
        (true, _, false, false, 2) => Knockout::OutInQ2,
        (false, true, _, false, 1) => Knockout::OutOfQ1,
        (false, true, _, false, 2) => Knockout::OutOfQ2,
        (false, false, true, false, 2) => Knockout::ReachedQ2,
        (false, false, true, false, 3) => Knockout::ReachedQ3,
        (false, false, _, true, 2) => Knockout::MissedQ2,
        (false, false, _, true, 3) => Knockout::MissedQ3,
        _ => return None,
    };
    let count = read_all(ctx, &["how many", "number of"]);
    read_all(ctx, &["which", "drivers", "who", "cars"]);
    Some(QualiAsk::Knockouts { which, count })
}

/// The gap between two qualifiers in a session: two named drivers, or
/// pole and P2 (another place when one is named).
fn gap(ctx: &Ctx, session: usize) -> Option<QualiAsk> {
    read_all(ctx, GAP_WORDS);
    let drivers = &ctx.r.drivers;
    let pair = if drivers.len() == 2 {
        GapPair::Drivers(drivers[0].entity.id, drivers[1].entity.id)
    } else if drivers.is_empty() {
        read_all(ctx, &["pole", "pole sitter", "polesitter", "p1", "first"]);
        let n = ctx.ordinal().unwrap_or(2);
        ctx.any(&["place", "position", "placed"]);
        GapPair::PoleAnd(n)
    } else {
        return None;
    };
    Some(QualiAsk::Gap { session, pair })
}

/// The fastest (or slowest) time of a session, or the pole time.
fn fastest(ctx: &Ctx, session: Option<usize>) -> Option<QualiAsk> {
    let slowest = ctx.any(&["slowest"]);
    #[rustfmt::skip]
    let top = read_all(ctx, &[
        "fastest", "quickest", "topped", "top", "best", "p1", "pole time", "pole",
    ]) || slowest;
    if !top {
        return None;
    }
    let words: &[&str] = &[
        "time",
        "times",
        "lap time",
        "lap",
        "who",
        "which driver",
        "driver",
    ];
    read_all(ctx, words);
    if session.is_none() && slowest {
        return None;
    }
    Some(QualiAsk::Fastest { session, slowest })
}
