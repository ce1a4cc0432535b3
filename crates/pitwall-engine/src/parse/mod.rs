//! Words to a typed [`Query`]: the subject, the measure, the qualifiers and
//! the shape of the answer. Every word read is consumed on the context, so
//! the full-coverage check sees exactly what the query honours.

pub(crate) mod calendar;
pub(crate) mod circuit;
pub(crate) mod driver;
pub(crate) mod flags;
pub(crate) mod head_to_head;
pub(crate) mod laps;
mod measure;
mod nationality;
pub(crate) mod pits;
pub(crate) mod place;
pub(crate) mod quali;
mod qualifiers;
pub(crate) mod race;
pub(crate) mod race_detail;
pub(crate) mod rate;
pub(crate) mod record;
pub(crate) mod roster;
pub(crate) mod season;
pub(crate) mod series;
mod shape;
pub(crate) mod status;
mod subject;
mod supported;
pub(crate) mod table;
pub(crate) mod table_gap;

pub(crate) use qualifiers::MONTHS;
pub(crate) use supported::supported;

use nationality::{country_of_adjective, team_nationality};

use crate::intents::{Ctx, Stat};
use crate::pick::Loc;
use crate::query::{Filters, Measure, Query, Shape};

/// Whether any of these phrases is in the question with none of its words
/// read yet (by the parse or by an earlier reader); the first found is
/// consumed. Readers share words ("first" in "first season" and in "when
/// did he first"), so a word read by one qualifier is never read again.
pub(crate) fn take(ctx: &Ctx, phrases: &[&str]) -> bool {
    let words = &ctx.r.parsed.words;
    let used = &ctx.r.parsed.used;
    for phrase in phrases {
        for (i, n) in crate::words::phrase_hits(words, phrase) {
            let fresh = {
                let consumed = ctx.consumed.borrow();
                (i..i + n).all(|k| {
                    !consumed.get(k).copied().unwrap_or(true)
                        && !used.get(k).copied().unwrap_or(true)
                })
            };
            if fresh {
                ctx.consume(i, n);
                return true;
            }
        }
    }
    false
}

/// Reads every listed word or phrase present (`Ctx::any` stops at the
/// first); whether any was. For synonyms that may occur together.
pub(crate) fn read_all(ctx: &Ctx, list: &[&str]) -> bool {
    let mut found = false;
    for w in list {
        found |= ctx.any(&[w]);
    }
    found
}

/// Parses the question into a typed query, or `None` when it is not a
/// counting question of this shape (other intents may still claim it).
pub(crate) fn parse(ctx: &Ctx) -> Option<Query> {
    let r = ctx.r;
    if r.locs.len() > 1 || r.drivers.len() > 2 || r.constructors.len() > 2 {
        return None;
    }
    take(ctx, &["formula 1", "formula one"]);
    take(
        ctx,
        &[
            "world championship races",
            "world championship race",
            "world championship grands prix",
            "world championship grand prix",
        ],
    );
    let mut filters = Filters {
        seasons: qualifiers::seasons(ctx).ok()?,
        ..Filters::default()
    };
    qualifiers::season_frame(ctx);
    filters.team_nationality = team_nationality(ctx);
    let adjective_read =
        |place: &crate::pick::LocPick| {
            let matched = crate::text::key(&place.entity.matched);
            ctx.r.parsed.words.iter().enumerate().any(|(i, w)| {
                *w == matched && ctx.consumed.borrow().get(i).copied().unwrap_or(false)
            })
        };
    if let Some(country) = country_of_adjective(ctx) {
        filters.place_name = Some(country.clone());
        filters.place = Some(Loc::Country(country));
    } else if let Some(place) = r.locs.first().filter(|p| !adjective_read(p)) {
        let matched = crate::text::key(&place.entity.matched);
        filters.place_named_as_gp = ["grand prix", "gp", "prix", "grand"]
            .iter()
            .any(|w| matched.split(' ').any(|m| m == *w) || matched.contains(w));
        filters.place_name = Some(match &place.loc {
            Loc::RaceName(n) => format!("the {n}"),
            _ => place.entity.name.clone(),
        });
        filters.place = Some(place.loc.clone());
    }
    qualifiers::read(ctx, &mut filters);
    let age = take(ctx, &["how old", "what age", "at what age", "aged", "age"]);
    // "Which team did he make his debut with": the first start, with its
    // constructor.
    let debut = ctx.peek_any(&[
        "debut",
        "debuted",
        "first race",
        "first start",
        "first grand prix",
    ]);
    let with_team = debut
        && r.drivers.len() == 1
        && take(
            ctx,
            &[
                "which team",
                "what team",
                "which constructor",
                "what constructor",
                "for which team",
            ],
        );
    // "Ferrari won the drivers' title": the titles of Ferrari's drivers.
    let drivers_title = ctx.peek_any(subject::DRIVERS_TITLE);
    let team_title = ctx.peek_any(&[
        "constructors championship",
        "constructors championships",
        "constructors title",
        "constructors titles",
        "wcc",
        "wccs",
    ]);
    // "How old was Hamilton at the 2008 Brazilian Grand Prix": his age at
    // his start there.
    // "finish the season with", "end 2013 on": the final standings, so
    // only for a season that is complete in the data.
    let finished = ctx.peek_any(&["points", "pts"])
        && take(
            ctx,
            &[
                "finish the season with",
                "end the season with",
                "ended the season with",
                "finished the season with",
                "end up with",
                "ended up with",
                "finish with",
                "finished with",
                "end with",
                "ended with",
                "finish on",
                "finished on",
            ],
        )
        || (ctx.peek_any(&["points", "pts"])
            && take(ctx, &["finish", "finished", "end", "ended"])
            && {
                take(ctx, &["on", "with"]);
                true
            });
    if finished && !qualifiers_seasons_complete(ctx, &filters) {
        return None;
    }
    let mut measure = match measure(ctx) {
        Some(m) => m,
        None if (age || debut) && r.drivers.len() == 1 => Measure::Stat(Stat::Starts),
        None if ctx.peek_any(shape::BEST_PLACED) => Measure::Stat(Stat::Starts),
        None => return None,
    };
    // "wins, poles and titles": further measures of the same question.
    let mut also = Vec::new();
    while let Some(more) = measure::listed(ctx, measure) {
        if !also.contains(&more) {
            also.push(more);
        }
    }
    if !also.is_empty() {
        take(ctx, &["on", "in terms of", "for"]);
    }
    // "Raced at Magny-Cours" with nobody named and no driver asked for:
    // races held, not starts ("which driver has the most starts" stays).
    let asks_for_driver = ctx.peek_any(&["driver", "drivers", "who", "whom"]);
    if measure == Measure::Stat(Stat::Starts)
        && r.drivers.is_empty()
        && r.constructors.is_empty()
        && !asks_for_driver
    {
        measure = Measure::Held;
    }
    let (shape, implicit) = match shape::shape(ctx)? {
        (Shape::Count, true) if age => (Shape::First, false),
        other => other,
    };
    if misread_points_or_titles(ctx, measure, shape) {
        return None;
    }
    // "of all time": the whole history, as a ranking or count with no season
    // reads anyway; with a season named it is left unread (a contradiction).
    if matches!(shape, Shape::Leaders(_) | Shape::Count) && filters.seasons.is_none() {
        take(ctx, &["of all time", "all time", "alltime"]);
    }
    let subject = subject::subject(ctx, &mut filters, shape, drivers_title)?;
    Some(Query {
        subject,
        measure,
        filters,
        shape,
        age,
        with_team,
        team_title,
        implicit,
        also,
    })
}

/// Whether the one season named is complete in the data (its final
/// standings exist).
fn qualifiers_seasons_complete(ctx: &Ctx, f: &Filters) -> bool {
    f.seasons
        .is_some_and(|s| s.from == s.to && s.to <= ctx.idx.last_complete_season)
}

/// Who: one driver (a second one only as the teammate), one constructor
/// (or, for "which driver won the most for Ferrari", drivers of that
/// constructor), or everyone.
/// What is counted.
fn measure(ctx: &Ctx) -> Option<Measure> {
    if take(
        ctx,
        &[
            "finish first and second",
            "finished first and second",
            "first and second",
            "one two finish",
            "one two finishes",
            "one two",
            "1 2 finish",
            "1 2",
        ],
    ) {
        return Some(Measure::OneTwo);
    }
    if ctx.peek_any(&["how many seasons", "number of seasons"]) {
        take(ctx, &["seasons"]);
        take(
            ctx,
            &[
                "race", "raced", "drive", "drove", "compete", "competed", "spend", "spent",
            ],
        );
        return Some(Measure::Seasons);
    }
    if let Some(position) = measure::position(ctx) {
        return Some(position);
    }
    if let Some(average) = measure::average(ctx) {
        return Some(average);
    }
    if let Some(stat) = measure::stat(ctx) {
        return Some(stat);
    }
    measure::held(ctx)
}

/// Readings of points and titles that answer another question: "how many
/// points finishes" / "how many times did he finish in the points" count
/// races with points, not points (only a streak or a first/last reads them
/// as such); "who was last in the 2019 championship" is a place in the
/// table, not the most recent title.
fn misread_points_or_titles(ctx: &Ctx, measure: Measure, shape: Shape) -> bool {
    let runs = matches!(shape, Shape::Streak | Shape::First | Shape::Last);
    let finishes = measure == Measure::Stat(Stat::Points)
        && !runs
        && (ctx.peek_any(&[
            "points finish",
            "points finishes",
            "in the points",
            "scoring finish",
            "scoring finishes",
        ]) || ctx.peek_any(&["how many times", "how often", "number of times"]));
    #[rustfmt::skip]
    let last_place: &[&str] = &[
        "was last in", "last in the", "finished last", "came last", "placed last", "last place",
        "dead last", "bottom of",
    ];
    let placed_last = measure == Measure::Stat(Stat::Titles) && ctx.peek_any(last_place);
    finishes || placed_last
}
