//! The shape of the answer: a count, a ranking, a list of years or races,
//! the first or last time, a streak, an age record.

use super::take;
use crate::intents::Ctx;
use crate::query::{Counted, Shape};

/// Words that ask for an unbroken run.
const STREAK: &[&str] = &[
    "longest winning streak",
    "winning streak",
    "longest streak",
    "consecutive",
    "in a row",
    "in succession",
    "back to back",
    "straight",
    "on the trot",
    "streak",
    "successive",
];

/// The answer's shape; `None` for shapes this parser does not read.
pub(crate) fn shape(ctx: &Ctx) -> Option<Shape> {
    if take(ctx, STREAK) {
        while take(ctx, STREAK) {}
        while take(
            ctx,
            &[
                "the most",
                "most",
                "the longest",
                "longest",
                "record for",
                "the record",
                "record",
                "holds",
                "run",
            ],
        ) {}
        return Some(Shape::Streak);
    }
    if take(ctx, &["the youngest", "youngest"]) {
        take(ctx, &["ever", "record"]);
        return Some(Shape::Youngest);
    }
    if take(ctx, &["the oldest", "oldest"]) {
        take(ctx, &["ever", "record"]);
        return Some(Shape::Oldest);
    }
    if take(
        ctx,
        &[
            "how many different",
            "how many distinct",
            "number of different",
            "number of distinct",
        ],
    ) {
        let counted = if take(ctx, &["drivers", "driver", "winners", "people", "men"]) {
            Counted::Drivers
        } else if take(
            ctx,
            &[
                "constructors",
                "constructor",
                "teams",
                "team",
                "manufacturers",
            ],
        ) {
            Counted::Constructors
        } else if take(ctx, &["circuits", "circuit", "tracks", "venues"]) {
            Counted::Circuits
        } else {
            return None;
        };
        return Some(Shape::Distinct(counted));
    }
    if take(
        ctx,
        &[
            "in which years",
            "in what years",
            "which years",
            "what years",
            "in which seasons",
            "in what seasons",
            "which seasons",
            "what seasons",
            "list the years",
            "list the seasons",
        ],
    ) {
        return Some(Shape::Years);
    }
    if take(
        ctx,
        &[
            "which races",
            "what races",
            "which grands prix",
            "what grands prix",
            "list the races",
            "which events",
            "which gps",
        ],
    ) {
        return Some(Shape::Races);
    }
    if take(
        ctx,
        &[
            "in which season",
            "in what season",
            "which season",
            "what season",
            "which year",
            "in which year",
            "what year",
        ],
    ) {
        if take(ctx, &["the most", "most", "his best", "her best", "best"]) {
            take(ctx, &["for"]);
            return Some(Shape::BestSeason);
        }
        return Some(Shape::Years);
    }
    if take(
        ctx,
        &["how many times", "how many", "number of", "count", "tally"],
    ) {
        return Some(Shape::Count);
    }
    let first = take(ctx, &["for the first time", "first", "maiden", "earliest"]);
    let last = !first && take(ctx, &["for the last time", "most recent", "last", "latest"]);
    if first || last {
        take(
            ctx,
            &[
                "on what date",
                "on which date",
                "what date",
                "which date",
                "date",
                "when",
                "which race",
                "what race",
                "which grand prix",
                "where",
                "ever",
            ],
        );
        return Some(if first { Shape::First } else { Shape::Last });
    }
    if take(
        ctx,
        &[
            "the most",
            "most",
            "the highest",
            "highest",
            "leader",
            "leaders",
            "record for",
        ],
    ) {
        take(ctx, &["holds", "has", "the record", "record"]);
        let n = ctx.top_n().unwrap_or(1);
        return Some(Shape::Leaders(n.clamp(1, 20)));
    }
    if let Some(n) = ctx.top_n() {
        return Some(Shape::Leaders(n.clamp(1, 20)));
    }
    Some(Shape::Count)
}
