//! The typed-query route: parse the question into a [`Query`], compile it
//! to SQL, run it and phrase the rows. It claims a question only when the
//! parse reads a measure it can count; the full-coverage check then
//! decides whether every word was honoured.

use super::Ctx;
use crate::query::{
    Championship, PitAsk, PitScope, Query, RaceAsk, Shape, Subject, TableAsk, TableQuery, TableWhen,
};
use crate::{compile, parse, phrase, EngineError, Outcome};

/// Routes a question the typed query understands.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parse::parse(ctx) else {
        return Ok(None);
    };
    if !parse::supported(&q) {
        return Ok(None);
    }
    let subject_name = subject_name(ctx, &q);
    let circuit_ref = |id: i64| {
        ctx.idx
            .circuits
            .get(&id)
            .map_or_else(String::new, |c| c.circuit_ref.clone())
    };
    let compiled = if q.also.is_empty() {
        compile::compile(&q, ctx.idx.last_complete_season, circuit_ref)
    } else {
        compile::compile_each(&q, ctx.idx.last_complete_season, circuit_ref)
    };
    let r = ctx.r;
    let confidence = ctx.confidence(r.drivers.len(), r.constructors.len(), r.locs.len());
    ctx.interpret(phrase::interpretation(&q, &subject_name));
    let scope = scope(&q);
    // A partial reading is never answered (the router declines it or a
    // later route reads all of it): do not run its query. A scan run only
    // to be thrown away cost up to 30 ms ("Final top 3 ... with points").
    let unread = super::unread(ctx, intent_of(&q));
    if !unread.is_empty() {
        return Ok(Some(super::not_understood(unread, confidence)));
    }
    if q.shape == Shape::EachSeason {
        ctx.series_rows();
    }
    ctx.answer_or_pass(
        intent_of(&q),
        &compiled.sql,
        compiled.params,
        confidence,
        |t| {
            if q.also.is_empty() {
                phrase::sentence(&q, t, &subject_name, &scope)
            } else {
                phrase::each_sentence(&q, t, &subject_name, &scope)
            }
        },
    )
}

/// Routes a question about one race: its winner, a place or the top N, a
/// named driver's result, a grid place or its fastest lap.
pub(crate) fn route_race(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_one_race(ctx, parse::race::race(ctx))
}

/// Routes a question about one race's sprint.
pub(crate) fn route_sprint(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_one_race(ctx, parse::race::sprint(ctx))
}

/// Compiles, runs and phrases a one-race query.
fn route_one_race(
    ctx: &Ctx,
    parsed: Option<Result<crate::query::RaceQuery, Box<Outcome>>>,
) -> Result<Option<Outcome>, EngineError> {
    let q = match parsed {
        None => return Ok(None),
        Some(Err(refusal)) => return Ok(Some(*refusal)),
        Some(Ok(q)) => q,
    };
    let drivers_used = if q.uses_driver() {
        ctx.r.drivers.len().min(1)
    } else {
        0
    };
    let confidence = ctx.confidence(drivers_used, 0, 1);
    if let Some(reason) = q.unavailable() {
        return Ok(Some(ctx.refuse(&reason)));
    }
    let driver = match q.ask {
        RaceAsk::Driver(id) => ctx.idx.driver_name(id),
        _ => String::new(),
    };
    ctx.interpret(phrase::race::interpretation(&q, &driver));
    let compiled = compile::race::race(&q);
    ctx.answer(
        q.intent(),
        &compiled.sql,
        compiled.params,
        confidence,
        |t| phrase::race::sentence(&q, t, &driver),
    )
}

/// Routes a question about the standings after a round or a named race.
pub(crate) fn route_after_round(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_table(ctx, parse::table::after_round(ctx))
}

/// Routes a question about a season's champion or final table.
pub(crate) fn route_season(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_table(ctx, parse::table::season(ctx))
}

/// Compiles, runs and phrases a championship-table query.
fn route_table(
    ctx: &Ctx,
    parsed: Option<Result<TableQuery, Box<Outcome>>>,
) -> Result<Option<Outcome>, EngineError> {
    let q = match parsed {
        None => return Ok(None),
        Some(Err(refusal)) => return Ok(Some(*refusal)),
        Some(Ok(q)) => q,
    };
    let teams = q.championship == Championship::Constructors;
    let name = |id: i64| {
        if teams {
            ctx.idx.constructor_name(id)
        } else {
            ctx.idx.driver_name(id)
        }
    };
    let names: Vec<String> = match q.ask {
        TableAsk::Of(id) => vec![name(id)],
        TableAsk::Gap(a, b) => vec![name(a), name(b)],
        TableAsk::Place(_) | TableAsk::Top(_) => Vec::new(),
    };
    // A race read by the query is a place it used; a name it did not use
    // (a driver beside a team table) lowers confidence.
    let (named, race) = (
        q.named(),
        usize::from(matches!(q.when, TableWhen::After(_))),
    );
    let confidence = if teams {
        ctx.confidence(0, named, race)
    } else {
        ctx.confidence(named, 0, race)
    };
    ctx.interpret(phrase::table::interpretation(&q, &names));
    let compiled = compile::table(&q);
    ctx.answer(
        q.intent(),
        &compiled.sql,
        compiled.params,
        confidence,
        |t| phrase::table::sentence(&q, t, &names),
    )
}

/// Routes a question about pit stops.
pub(crate) fn route_pits(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = match parse::pits::pits(ctx) {
        None => return Ok(None),
        Some(Err(refusal)) => return Ok(Some(*refusal)),
        Some(Ok(q)) => q,
    };
    let confidence = match q.scope {
        // A season's fastest stop reads no race; it is the least certain
        // reading of "fastest pit stop of 2019" (lane time, not stationary).
        PitScope::Season(_) => ctx.confidence(0, 0, 0) * 0.9,
        PitScope::Race(_) => ctx.confidence(ctx.r.drivers.len().min(1), 0, 1),
    };
    let driver = match q.ask {
        PitAsk::Stops(id) | PitAsk::FirstStop(id) => ctx.idx.driver_name(id),
        _ => String::new(),
    };
    ctx.interpret(phrase::pits::interpretation(&q, &driver));
    let compiled = compile::pits(&q);
    ctx.answer(
        "pit_stops",
        &compiled.sql,
        compiled.params,
        confidence,
        |t| phrase::pits::sentence(&q, t, &driver),
    )
}

/// The intent name reported for a typed query (its family, as used by
/// evaluations and history).
fn intent_of(q: &Query) -> &'static str {
    match (&q.subject, q.shape) {
        (_, Shape::First | Shape::Last) => "stat_first_last",
        (_, Shape::EachSeason) => "stat_per_season",
        (Subject::Pair(..) | Subject::TeamPair(..), _) => "stat_compare",
        (_, Shape::Streak | Shape::Youngest | Shape::Oldest) => "stat_record",
        (Subject::Drivers | Subject::Constructors, _) => "stat_leaders",
        _ => "stat_count",
    }
}

fn subject_name(ctx: &Ctx, q: &Query) -> String {
    match q.subject {
        Subject::Driver(id) => ctx
            .idx
            .drivers
            .get(&id)
            .map_or_else(String::new, |d| d.name.clone()),
        Subject::Constructor(id) => ctx
            .idx
            .constructors
            .get(&id)
            .map_or_else(String::new, |c| c.name.clone()),
        Subject::Pair(a, b) => {
            let name = |id: i64| {
                ctx.idx
                    .drivers
                    .get(&id)
                    .map_or_else(String::new, |d| d.name.clone())
            };
            format!("{} vs {}", name(a), name(b))
        }
        Subject::TeamPair(a, b) => {
            let name = |id: i64| {
                ctx.idx
                    .constructors
                    .get(&id)
                    .map_or_else(String::new, |c| c.name.clone())
            };
            format!("{} vs {}", name(a), name(b))
        }
        Subject::Drivers | Subject::Constructors => String::new(),
    }
}

/// " with Ferrari at Monza in seasons 2000–2009" for sentences.
fn scope(q: &Query) -> String {
    let f = &q.filters;
    let mut s = String::new();
    if let Some((_, team)) = &f.team {
        s.push_str(&format!(" with {team}"));
    }
    if let Some((_, mate)) = &f.teammate {
        s.push_str(&format!(" with {mate} as teammate"));
    }
    if let Some(p) = &f.place_name {
        let at = if matches!(f.place, Some(crate::pick::Loc::Country(_))) {
            "in"
        } else {
            "at"
        };
        s.push_str(&format!(" {at} {p}"));
    }
    if let Some(y) = f.seasons {
        if y.from == y.to {
            s.push_str(&format!(" in {}", y.from));
        } else {
            s.push_str(&format!(" in {}–{}", y.from, y.to));
        }
    }
    if let Some(m) = f.month {
        s.push_str(&format!(
            " in races held in {}",
            crate::phrase::month_name(m)
        ));
    }
    if f.from_pole {
        s.push_str(" from pole");
    }
    match f.sprints {
        crate::query::Sprints::Included => s.push_str(" (sprints included)"),
        crate::query::Sprints::Excluded => s.push_str(" (Grands Prix only)"),
        crate::query::Sprints::Only => s.push_str(" in sprints"),
        crate::query::Sprints::Convention => {}
    }
    if f.rookie {
        s.push_str(" in the rookie season");
    }
    if let Some(n) = &f.team_nationality {
        s.push_str(&format!(" by {n} constructors"));
    }
    if let Some(n) = &f.driver_nationality {
        s.push_str(&format!(" by {n} drivers"));
    }
    if let Some(stat) = f.never {
        s.push_str(&format!(" among drivers with no career {}", stat.words()));
    }
    s
}
