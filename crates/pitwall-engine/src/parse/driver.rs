//! Words to a [`DriverFacts`] or a [`BirthQuery`]. Each word tested is
//! consumed as the query honours it.

use super::read_all;
use crate::intents::Ctx;
use crate::query::{BirthQuery, BirthRange, DriverFacts, DriverField};
use crate::Outcome;

/// The columns a question may ask for, and the phrases naming each.
#[rustfmt::skip]
const FIELDS: &[(&[&str], DriverField)] = &[
    (&["three letter code", "three letter", "driver code", "code", "abbreviation", "tla", "acronym"],
        DriverField::Code),
    (&["permanent race number", "permanent number", "race number", "car number", "driver number",
        "number"], DriverField::Number),
    (&["driverref", "driver ref", "ref", "reference", "driverid", "driver id", "ergast id", "id"],
        DriverField::Ref),
    (&["date of birth", "birth date", "birthdate", "dob", "born", "birthday", "birth"],
        DriverField::Dob),
    (&["nationality", "what country", "which country", "where is", "where was", "from"],
        DriverField::Nationality),
    (&["wikipedia", "wiki", "url", "web page", "webpage"], DriverField::Url),
];

/// Words saying the drivers took part ("have raced in F1"): the starts
/// convention.
#[rustfmt::skip]
const RACED: &[&str] = &[
    "raced", "race", "races", "started", "start", "starts", "competed", "compete", "driven",
    "drove", "grand prix", "gp",
];

/// Words that make "youngest" or "oldest" about something other than
/// the season's starters.
#[rustfmt::skip]
const NOT_STARTERS: &[&str] = &[
    "winner", "won", "win", "champion", "champions", "pole", "podium", "points", "scorer",
    "leader", "led", "debut", "rookie", "first", "ever", "born",
];

/// Parses a question about one driver's own columns: `None` when it is
/// not one, `Err` with the refusal for a birthplace.
pub(crate) fn driver_facts(ctx: &Ctx) -> Option<Result<DriverFacts, Box<Outcome>>> {
    let r = ctx.r;
    // "date of birth" may resolve "birth" to Edgar Barth: here it is the word.
    let (drivers, word_mentions) = named_drivers(ctx, &["birth", "born", "code", "number"]);
    let [driver] = drivers.as_slice() else {
        return None;
    };
    if !r.constructors.is_empty() || !r.locs.is_empty() {
        return None;
    }
    // "where was X born": a birthplace, which the data does not have.
    #[rustfmt::skip]
    let place: &[&str] = &[
        "where", "which city", "what city", "birthplace", "place of birth", "hometown",
    ];
    if ctx.peek_any(place) && ctx.peek_any(&["born", "birthplace", "birth", "hometown"]) {
        return Some(Err(Box::new(ctx.refuse(
            "The data has no birthplaces: only each driver's date of birth and nationality.",
        ))));
    }
    // "number of wins" counts; "number of Charles Leclerc" is his number.
    let p = &r.parsed;
    let counts = p.words.windows(3).enumerate().any(|(i, w)| {
        w[0] == "number" && w[1] == "of" && !p.used.get(i + 2).copied().unwrap_or(false)
    });
    if counts || ctx.peek_any(&["how many", "how old", "age"]) {
        return None;
    }
    // "from" names the nationality only with "where ... from" / "country".
    let asks_from = ctx.peek_any(&["where", "what country", "which country"]);
    // The word "birth" read as a name (spelling-corrected to "barth").
    let birth_mention = word_mentions > 0
        && r.drivers
            .iter()
            .any(|d| crate::text::fold(&d.entity.matched) == "birth");
    let fields: Vec<DriverField> = FIELDS
        .iter()
        .filter(|(phrases, field)| {
            (*field != DriverField::Nationality || asks_from || ctx.peek_any(&["nationality"]))
                && (ctx.peek_any(phrases) || (*field == DriverField::Dob && birth_mention))
        })
        .map(|(phrases, field)| {
            read_all(ctx, phrases);
            *field
        })
        .collect();
    // Several columns only when asked for together ("code and number"):
    // otherwise the second is a qualifier ("number on his birthday").
    if fields.is_empty() || (fields.len() > 1 && !ctx.peek_any(&["and"])) {
        return None;
    }
    let driver = *driver;
    // A number with a season is the number raced with that season.
    if fields == [DriverField::Number] && p.years.len() == 1 {
        let season = ctx.year()?;
        return Some(Ok(DriverFacts::SeasonNumbers { driver, season }));
    }
    Some(Ok(DriverFacts::Fields { driver, fields }))
}

/// Parses a birth-date filter or a season's youngest or oldest starter;
/// `None` when the question is neither.
pub(crate) fn birth(ctx: &Ctx) -> Option<BirthQuery> {
    let r = ctx.r;
    if !r.drivers.is_empty() || !r.constructors.is_empty() || !r.locs.is_empty() {
        return None;
    }
    if ctx.peek_any(&["youngest", "oldest"]) {
        return extreme_starter(ctx);
    }
    if !ctx.peek_any(&["born"]) {
        return None;
    }
    let range = birth_range(ctx)?;
    ctx.has("born");
    let nationality = ctx.nationality();
    let raced = read_all(ctx, RACED);
    let count = read_all(ctx, &["how many", "number of"]);
    Some(BirthQuery::Born {
        range,
        nationality,
        raced,
        count,
    })
}

/// The youngest (or oldest) starter of one season.
fn extreme_starter(ctx: &Ctx) -> Option<BirthQuery> {
    if ctx.r.parsed.years.len() != 1 || ctx.peek_any(NOT_STARTERS) {
        return None;
    }
    let youngest = ctx.has("youngest");
    if !youngest {
        ctx.has("oldest");
    }
    let season = ctx.year()?;
    read_all(ctx, RACED);
    #[rustfmt::skip]
    let field: &[&str] = &[
        "on the grid", "to start", "driver", "drivers", "field", "line up", "starter",
    ];
    read_all(ctx, field);
    Some(BirthQuery::ExtremeStarter { season, youngest })
}

/// The birth-date span of the question, read: "in 1995", "in 1995 or
/// later", "after 1995", "before 1950", "between 1990 and 1995", "in the
/// 1990s".
fn birth_range(ctx: &Ctx) -> Option<BirthRange> {
    let p = &ctx.r.parsed;
    let words = &p.words;
    let decade = words.iter().position(|w| {
        w.len() == 5 && w.ends_with('s') && w[..4].parse::<i64>().is_ok_and(|y| y % 10 == 0)
    });
    if let Some(at) = decade {
        if !p.years.is_empty() {
            return None;
        }
        let y: i64 = words[at][..4].parse().ok()?;
        ctx.consume(at, 1);
        return Some(BirthRange::Decade(y));
    }
    match (p.years.as_slice(), p.year_at.as_slice()) {
        ([a, b], [_, _]) if ctx.peek_any(&["between"]) => {
            ctx.year();
            for &at in &p.year_at {
                ctx.consume(at, 1);
            }
            read_all(ctx, &["between", "and"]);
            Some(BirthRange::Between((*a).min(*b), (*a).max(*b)))
        }
        ([y], [_]) => {
            let y = *y;
            ctx.year();
            #[rustfmt::skip]
            let later_words: &[&str] = &[
                "or later", "or after", "onwards", "onward", "since", "on or after", "and later",
                "or afterwards",
            ];
            let later = read_all(ctx, later_words);
            let earlier = read_all(
                ctx,
                &["or earlier", "or before", "in or before", "and earlier"],
            );
            Some(match (later, earlier) {
                (true, true) => return None,
                (true, false) => BirthRange::InOrLater(y),
                (false, true) => BirthRange::InOrEarlier(y),
                _ if ctx.has("after") => BirthRange::After(y),
                _ if ctx.has("before") => BirthRange::Before(y),
                _ => BirthRange::In(y),
            })
        }
        _ => None,
    }
}

/// The drivers named, without mentions that are really one of `words`
/// ("speed" resolves to Scott Speed, "birth" to Edgar Barth), and how many
/// such mentions there were (they count as read for confidence).
pub(crate) fn named_drivers(ctx: &Ctx, words: &[&str]) -> (Vec<i64>, usize) {
    let is_word = |m: &str| words.contains(&crate::text::fold(m).as_str());
    let drivers: Vec<i64> = ctx
        .r
        .drivers
        .iter()
        .filter(|d| !is_word(&d.entity.matched))
        .map(|d| d.entity.id)
        .collect();
    let words_read = ctx.r.drivers.len() - drivers.len();
    (drivers, words_read)
}
