//! The shape of the answer: a count, a ranking, a list of years or races,
//! the first or last time, a streak, an age record.

use super::take;
use crate::intents::Ctx;
use crate::query::{Counted, Shape};

/// Words that ask for a team's best finisher in a race.
pub(crate) const BEST_PLACED: &[&str] = &[
    "highest placed",
    "best placed",
    "highest finishing",
    "best finishing",
    "top finishing",
    "highest classified",
    "best classified",
    "top placed",
];

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
pub(crate) fn shape(ctx: &Ctx) -> Option<(Shape, bool)> {
    explicit(ctx)
        .map(|s| (s, false))
        .or(Some((Shape::Count, true)))
}

/// Words that ask for a value in every season.
const EACH_SEASON: &[&str] = &[
    "season by season",
    "year by year",
    "in each season",
    "in every season",
    "for each season",
    "for every season",
    "in each year",
    "in every year",
    "for each year",
    "each season",
    "every season",
    "per season",
    "by season",
    "each year",
    "every year",
    "per year",
    "by year",
];

/// The shape the question asks for, if it names one.
fn explicit(ctx: &Ctx) -> Option<Shape> {
    if take(ctx, EACH_SEASON) {
        // "How many wins did he have each season": a value per season.
        take(ctx, &["how many times", "how many", "number of"]);
        return Some(Shape::EachSeason);
    }
    if take(ctx, BEST_PLACED) {
        take(
            ctx,
            &[
                "and in what position",
                "and in which position",
                "in what position",
                "and what position",
                "and where did he finish",
            ],
        );
        return Some(Shape::BestPlaced);
    }
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
            "most successful season",
            "most successful year",
            "most prolific season",
            "best season",
            "best year",
        ],
    ) {
        take(ctx, &["in terms of", "for"]);
        return Some(Shape::BestSeason);
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
        if take(
            ctx,
            &[
                "most successful",
                "the most",
                "most",
                "his best",
                "her best",
                "best",
            ],
        ) {
            take(ctx, &["in terms of"]);
            take(ctx, &["for"]);
            return Some(Shape::BestSeason);
        }
        return Some(Shape::Years);
    }
    // "How many (Canadian) drivers have won at Monza" counts drivers, not
    // wins.
    if let Some(counted) = how_many_of_whom(ctx) {
        return Some(Shape::Distinct(counted));
    }
    if take(
        ctx,
        &["how many times", "how many", "number of", "count", "tally"],
    ) {
        return Some(Shape::Count);
    }
    let first = take(
        ctx,
        &[
            "make his formula 1 debut",
            "make his f1 debut",
            "make his debut",
            "made his debut",
            "his f1 debut",
            "his formula 1 debut",
            "his debut",
            "debuted",
            "debut",
            "for the first time",
            "first",
            "maiden",
            "earliest",
        ],
    );
    let last = !first
        && take(
            ctx,
            &[
                "for the last time",
                "most recent",
                "last",
                "latest",
                "final",
            ],
        );
    if first || last {
        take(
            ctx,
            &[
                "the last year",
                "the first year",
                "last year",
                "first year",
                "which year",
                "what year",
                "year",
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
            "the most successful",
            "most successful",
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
        take(ctx, &["by"]);
        let n = ctx.top_n().unwrap_or(1);
        return Some(Shape::Leaders(n.clamp(1, 20)));
    }
    if let Some(n) = ctx.top_n() {
        return Some(Shape::Leaders(n.clamp(1, 20)));
    }
    if which_of_whom(ctx) {
        return Some(Shape::Leaders(LIST_ALL));
    }
    None
}

/// How many rows a "which drivers" list names at most.
pub(crate) const LIST_ALL: i64 = 20;

/// "which [Spanish] drivers", "name the [Dutch] drivers", "list all the
/// teams": every driver or constructor with the result, best first.
fn which_of_whom(ctx: &Ctx) -> bool {
    let p = &ctx.r.parsed;
    let words = &p.words;
    for i in 0..words.len() {
        let lead = match (words[i].as_str(), words.get(i + 1).map(String::as_str)) {
            ("which" | "what", _) => 1,
            ("name" | "list", Some("all")) => {
                if words.get(i + 2).is_some_and(|w| w == "the") {
                    3
                } else {
                    2
                }
            }
            ("name" | "list", Some("the")) => 2,
            ("name" | "list", _) => 1,
            _ => continue,
        };
        let mut noun = i + lead;
        if p.nationality_at.contains(&noun) {
            noun += 1;
        }
        if words
            .get(noun)
            .is_some_and(|w| matches!(w.as_str(), "drivers" | "constructors" | "teams" | "winners"))
        {
            ctx.consume(i, lead);
            return true;
        }
    }
    false
}

/// "how many [<nationality>] drivers|winners|constructors|teams": a count of
/// different drivers or constructors. Consumes "how many" and the noun (the
/// nationality is read by the subject).
fn how_many_of_whom(ctx: &Ctx) -> Option<Counted> {
    let p = &ctx.r.parsed;
    let words = &p.words;
    let at = (0..words.len().saturating_sub(1))
        .find(|&i| words[i] == "how" && words[i + 1] == "many")?;
    let mut noun = at + 2;
    if p.nationality_at.contains(&noun) {
        noun += 1;
    }
    // "how many drivers' titles": the noun qualifies a measure.
    if words.get(noun + 1).is_some_and(|w| {
        matches!(
            w.as_str(),
            "titles" | "title" | "championships" | "championship" | "points" | "standings"
        )
    }) {
        return None;
    }
    // "how many Brazilian world champions": the champions, counted.
    let world = words.get(noun).is_some_and(|w| w == "world")
        && words.get(noun + 1).is_some_and(|w| w == "champions");
    let counted = match words.get(noun + usize::from(world)).map(String::as_str)? {
        "drivers" | "winners" | "champions" => Counted::Drivers,
        "constructors" | "teams" => Counted::Constructors,
        "circuits" | "tracks" | "venues" => Counted::Circuits,
        _ => return None,
    };
    ctx.consume(at, 2);
    ctx.consume(noun, 1 + usize::from(world));
    Some(counted)
}
