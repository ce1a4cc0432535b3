//! Qualifiers: the parts of a question that narrow which results count.
//! Each reader consumes exactly the words it honours, so a qualifier with
//! no reader here stays unread and the engine declines the question.

use crate::intents::Ctx;
use crate::intents::Stat;
use crate::query::{Filters, Seasons, Sprints};

/// Month names, January first.
pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "2000s", "1990s", "90s", "'90s", "nineties" -> the decade's first season.
fn decade(word: &str) -> Option<i64> {
    const SPELLED: &[(&str, i64)] = &[
        ("fifties", 1950),
        ("sixties", 1960),
        ("seventies", 1970),
        ("eighties", 1980),
        ("nineties", 1990),
        ("noughties", 2000),
        ("naughties", 2000),
    ];
    if let Some((_, start)) = SPELLED.iter().find(|(w, _)| *w == word) {
        return Some(*start);
    }
    let digits = word.strip_suffix('s')?;
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    let start = match digits.len() {
        4 if n % 10 == 0 => n,
        2 if n % 10 == 0 => {
            if n >= 50 {
                1900 + n
            } else {
                2000 + n
            }
        }
        _ => return None,
    };
    Some(start)
}

/// Reads the seasons counted: a decade, a range ("between 2010 and 2014",
/// "from 2010 to 2014"), an open range ("since 2014", "before 1980",
/// "after 2010") or one season. `None` when no season is named; `Err` when
/// seasons are named in a way this reader does not understand (two seasons
/// with no range word), so the caller declines.
pub(crate) fn seasons(ctx: &Ctx) -> Result<Option<Seasons>, ()> {
    let p = &ctx.r.parsed;
    let (first, last) = (ctx.idx.first_year, ctx.idx.last_year);
    for (i, w) in p.words.iter().enumerate() {
        if let Some(start) = decade(w) {
            if !p.years.is_empty() {
                return Err(());
            }
            ctx.consume(i, 1);
            if i > 0 && p.words[i - 1] == "the" {
                ctx.consume(i - 1, 1);
            }
            return Ok(Some(Seasons {
                from: start.max(first),
                to: (start + 9).min(last),
            }));
        }
    }
    let word_before = |at: usize| at.checked_sub(1).and_then(|b| p.words.get(b));
    match (p.years.as_slice(), p.year_at.as_slice()) {
        ([], _) => Ok(None),
        ([y], [at]) => {
            let before = word_before(*at).map_or("", String::as_str);
            let range = match before {
                "since" => Seasons { from: *y, to: last },
                "before" => Seasons {
                    from: first,
                    to: y - 1,
                },
                "after" => Seasons {
                    from: y + 1,
                    to: last,
                },
                "until" | "till" => Seasons {
                    from: first,
                    to: *y,
                },
                _ => Seasons { from: *y, to: *y },
            };
            if range.from != range.to || matches!(before, "since" | "before" | "after" | "until") {
                ctx.consume(at - 1, 1);
            }
            ctx.consume(*at, 1);
            if range.from > range.to {
                return Err(());
            }
            Ok(Some(range))
        }
        ([a, b], [at_a, at_b]) if at_b > at_a && a < b => {
            let before = word_before(*at_a).map_or("", String::as_str);
            let between = p.words[at_a + 1..*at_b].iter().map(String::as_str);
            let joined: Vec<&str> = between.collect();
            let ok = matches!(
                (before, joined.as_slice()),
                ("between", ["and"]) | ("from", ["to" | "till" | "until" | "through"]) | (_, [])
            );
            if !ok {
                return Err(());
            }
            ctx.consume(*at_a, at_b - at_a + 1);
            if matches!(before, "between" | "from") {
                ctx.consume(at_a - 1, 1);
            }
            Ok(Some(Seasons { from: *a, to: *b }))
        }
        _ => Err(()),
    }
}

/// After the seasons are read: the words around them that only frame
/// them ("during the 1980s", "the 2016 season", "over the 2010-2014
/// seasons") are read too.
pub(crate) fn season_frame(ctx: &Ctx) {
    let p = &ctx.r.parsed;
    let is_season = |i: usize| {
        ctx.consumed.borrow().get(i).copied().unwrap_or(false)
            && p.words
                .get(i)
                .is_some_and(|w| decade(w).is_some() || p.year_at.contains(&i))
    };
    for i in 0..p.words.len() {
        if !is_season(i) {
            continue;
        }
        if p.words.get(i + 1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "season" | "seasons" | "campaign" | "championship"
            )
        }) && p.words.get(i + 2).is_none_or(|w| w != "points")
        {
            ctx.consume(i + 1, 1);
        }
        let mut b = i;
        while b > 0 && matches!(p.words[b - 1].as_str(), "the" | "of") {
            b -= 1;
        }
        if b > 0
            && matches!(
                p.words[b - 1].as_str(),
                "during" | "throughout" | "across" | "over"
            )
        {
            ctx.consume(b - 1, i - b + 1);
        }
    }
}

/// "in September" -> 9. "March" and "May" count only after "in"/"during",
/// and only when the parse did not read them as a name (March Engineering).
pub(crate) fn month(ctx: &Ctx) -> Option<u32> {
    let p = &ctx.r.parsed;
    for (i, w) in p.words.iter().enumerate() {
        let Some(m) = MONTHS.iter().position(|m| m == w) else {
            continue;
        };
        let after_in = i > 0 && matches!(p.words[i - 1].as_str(), "in" | "during");
        let ambiguous = matches!(w.as_str(), "march" | "may");
        if p.used.get(i).copied().unwrap_or(false) || (ambiguous && !after_in) {
            continue;
        }
        ctx.consume(i, 1);
        return u32::try_from(m + 1).ok();
    }
    None
}

/// Reads every result qualifier except seasons and places (which the
/// caller reads, as it needs them to pick the subject).
pub(crate) fn read(ctx: &Ctx, f: &mut Filters) {
    f.month = month(ctx);
    f.from_pole = super::take(
        ctx,
        &[
            "from pole position",
            "from pole",
            "from the pole",
            "starting on pole",
            "starting from pole",
            "after starting on pole",
            "started on pole",
            "started from pole",
            "from p1 on the grid",
        ],
    );
    f.rookie = super::take(
        ctx,
        &[
            "rookie season",
            "rookie year",
            "debut season",
            "first season",
            "first full season",
            "first year",
            "debut year",
            "as a rookie",
        ],
    );
    f.never = NEVER
        .iter()
        .find(|(phrases, _)| super::take(ctx, phrases))
        .map(|(_, s)| *s);
    // Every phrase of the chosen kind is read ("from Grands Prix alone,
    // leaving out sprint points" says it twice); both kinds cannot hold.
    // Exclusions first: "not counting sprints" contains "counting sprints".
    if super::take(ctx, SPRINTS_EXCLUDED) {
        f.sprints = Sprints::Excluded;
        while super::take(ctx, SPRINTS_EXCLUDED) {}
    } else if super::take(ctx, SPRINTS_INCLUDED) {
        f.sprints = Sprints::Included;
        while super::take(ctx, SPRINTS_INCLUDED) {}
    } else if super::take(ctx, SPRINTS_ONLY) {
        f.sprints = Sprints::Only;
        while super::take(ctx, SPRINTS_ONLY) {}
    }
}

/// "Without ever ...": drivers who never had a result, most specific first.
const NEVER: &[(&[&str], Stat)] = &[
    (
        &[
            "without ever becoming world champion",
            "without ever becoming champion",
            "without becoming world champion",
            "without becoming champion",
            "without ever winning the world championship",
            "without ever winning the championship",
            "without ever winning the world title",
            "without winning the world title",
            "without ever winning the world championship",
            "without winning the world championship",
            "without ever winning the title",
            "without ever winning a title",
            "without winning the title",
            "without winning a title",
            "without a title",
            "never became champion",
            "never became world champion",
        ],
        Stat::Titles,
    ),
    (
        &[
            "without ever finishing on the podium",
            "without finishing on the podium",
            "without ever scoring a podium",
            "without ever reaching the podium",
            "without a podium finish",
            "without a podium",
            "without ever a podium",
        ],
        Stat::Podiums,
    ),
    (
        &[
            "without ever taking pole",
            "without taking pole",
            "without a pole position",
            "without a pole",
        ],
        Stat::Poles,
    ),
    (
        &[
            "without ever scoring a point",
            "without scoring a point",
            "without scoring points",
            "without a point",
        ],
        Stat::Points,
    ),
    (
        &[
            "without ever winning a grand prix",
            "without winning a grand prix",
            "without ever winning a race",
            "without winning a race",
            "without ever winning one",
            "without winning one",
            "without ever winning",
            "without winning",
            "without a win",
            "without a victory",
            "never won",
            "never winning",
        ],
        Stat::Wins,
    ),
];

/// Phrases that count sprint results alone.
const SPRINTS_ONLY: &[&str] = &[
    "in sprint races",
    "in the sprint races",
    "in sprints",
    "in the sprints",
    "from sprints",
    "from sprint races",
    "sprint race",
    "sprint",
    "sprints",
];

/// Phrases that add sprint results to the count.
const SPRINTS_INCLUDED: &[&str] = &[
    "counting sprint wins too",
    "counting sprints too",
    "counting sprints as well",
    "counting sprint wins as well",
    "including sprints as well",
    "sprints as well",
    "if sprint wins are counted too",
    "if sprint wins are counted",
    "if sprints are counted",
    "counting sprint wins",
    "counting sprints",
    "including sprints",
    "including sprint wins",
    "including sprint races",
    "sprints included",
    "with sprints",
    "plus sprints",
    "plus sprint wins",
    "including sprint",
    "sprint wins included",
    "sprint wins too",
    "and sprints",
];

/// Phrases that keep sprint results out.
const SPRINTS_EXCLUDED: &[&str] = &[
    "ignoring sprint points",
    "ignoring sprints",
    "ignoring the sprints",
    "leaving sprint points out",
    "leaving sprints out",
    "leave out sprint points",
    "leaving out sprint points",
    "leaving out sprints",
    "excluding sprint points",
    "excluding sprints",
    "without sprint points",
    "without sprints",
    "not counting sprints",
    "not counting sprint points",
    "from grands prix alone",
    "from grand prix alone",
    "from grands prix only",
    "grands prix only",
    "grand prix only",
    "gp points only",
    "only grand prix points",
];

#[cfg(test)]
mod tests {
    use super::decade;

    #[test]
    fn decades_read_as_their_first_season() {
        assert_eq!(decade("2000s"), Some(2000));
        assert_eq!(decade("1990s"), Some(1990));
        assert_eq!(decade("90s"), Some(1990));
        assert_eq!(decade("10s"), Some(2010));
        assert_eq!(decade("1995s"), None);
        assert_eq!(decade("laps"), None);
    }
}
