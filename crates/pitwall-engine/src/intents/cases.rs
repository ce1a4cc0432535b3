//! Routes of the typed queries other than counting: one race (and its
//! sprint), a championship table (and its points gaps), pit stops, a
//! head-to-head, one season's facts, a roster (a driver's teams, a team's
//! drivers), a place with no season, a record with no one named, and a
//! series within a season (the standings after each round, race by race). Each
//! parses its query (`parse/`), compiles it (`compile/`), runs it and
//! phrases the rows (`phrase/`); the router's full-coverage check then
//! decides whether every word was honoured.

use super::{Ctx, Stat};
use crate::pick::Loc;
use crate::query::{
    Championship, Follow, PitAsk, PitScope, RaceAsk, RaceQuery, RecordQuery, RosterOf, SeriesQuery,
    TableAsk, TableQuery, TableWhen,
};
use crate::{compile, parse, phrase, EngineError, Outcome};

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
    parsed: Option<Result<RaceQuery, Box<Outcome>>>,
) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(parsed);
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
        RaceAsk::Driver(id) | RaceAsk::Margin(Some(id)) => ctx.idx.driver_name(id),
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

/// Routes a points-gap question: a title margin or the gap between two.
pub(crate) fn route_gap(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_table(ctx, parse::table_gap::gap(ctx))
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
    let q = parsed!(parsed);
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
        TableAsk::Margin(Some(id)) => vec![name(id)],
        TableAsk::Place(_) | TableAsk::Top(_) | TableAsk::Margin(None) => Vec::new(),
    };
    // A race read by the query is a place it used; a name it did not use
    // (a driver beside a team table) lowers confidence.
    let race = usize::from(matches!(q.when, TableWhen::After(_)));
    let named = q.named();
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
    let q = parsed!(parse::pits::pits(ctx));
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

/// Routes a head-to-head between two drivers.
pub(crate) fn route_head_to_head(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parse::head_to_head::head_to_head(ctx) else {
        return Ok(None);
    };
    let (first, second) = (ctx.idx.driver_name(q.first), ctx.idx.driver_name(q.second));
    let mut confidence = ctx.confidence(2, 0, 0);
    if q.assumed {
        confidence *= 0.9;
    }
    ctx.interpret(phrase::head_to_head::interpretation(&q, &first, &second));
    let compiled = compile::head_to_head(&q);
    let outcome = ctx.answer(
        "head_to_head",
        &compiled.sql,
        compiled.params,
        confidence,
        |t| phrase::head_to_head::sentence(&q, t, &first, &second),
    )?;
    let labels = phrase::head_to_head::labels(&q, &first, &second);
    Ok(outcome.map(|o| crate::present::relabel(o, &labels)))
}

/// Routes a question about one season as a whole.
pub(crate) fn route_season_facts(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parse::season::season(ctx) else {
        return Ok(None);
    };
    ctx.interpret(phrase::season::interpretation(&q));
    let compiled = compile::season(&q);
    ctx.answer(
        "season_facts",
        &compiled.sql,
        compiled.params,
        ctx.confidence(0, 0, 0),
        |t| phrase::season::sentence(&q, t),
    )
}

/// Routes a question about a driver's teams or a team's drivers.
pub(crate) fn route_roster(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parse::roster::roster(ctx) else {
        return Ok(None);
    };
    let (name, confidence) = match q.of {
        RosterOf::Driver(id) => (ctx.idx.driver_name(id), ctx.confidence(1, 0, 0)),
        RosterOf::Constructor(id) => (ctx.idx.constructor_name(id), ctx.confidence(0, 1, 0)),
    };
    ctx.interpret(phrase::roster::interpretation(&q, &name));
    let compiled = compile::roster(&q);
    ctx.answer(
        q.intent(),
        &compiled.sql,
        compiled.params,
        confidence,
        |t| phrase::roster::sentence(&q, t, &name),
    )
}

/// Routes a question about a place with no season.
pub(crate) fn route_place(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parse::place::place(ctx) else {
        return Ok(None);
    };
    let idx = ctx.idx;
    let label = match &q.place {
        Loc::Circuit(id) => idx
            .circuits
            .get(id)
            .map_or_else(String::new, |c| c.name.clone()),
        Loc::RaceName(n) => format!("the {n}"),
        Loc::Country(c) => c.clone(),
    };
    ctx.interpret(phrase::place::interpretation(&q, &label));
    let compiled = compile::place_query(&q, |id| {
        idx.circuits
            .get(&id)
            .map_or_else(String::new, |c| c.circuit_ref.clone())
    });
    ctx.answer(
        "circuit_facts",
        &compiled.sql,
        compiled.params,
        ctx.confidence(0, 0, 1),
        |t| phrase::place::sentence(&q, t, &label),
    )
}

/// Routes a single-season record, a season's leader or an age record.
pub(crate) fn route_records(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_record(ctx, parse::record::season_or_age(ctx))
}

/// Routes the all-time leaders in a statistic.
pub(crate) fn route_all_time(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    route_record(ctx, parse::record::all_time(ctx))
}

/// Compiles, runs and phrases a record query.
pub(super) fn route_record(
    ctx: &Ctx,
    parsed: Option<RecordQuery>,
) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parsed else {
        return Ok(None);
    };
    let idx = ctx.idx;
    let scope = match q {
        RecordQuery::AllTime {
            stat: Stat::Titles, ..
        } => format!("seasons up to {}", idx.last_complete_season),
        RecordQuery::SprintWinners {
            season: Some(y), ..
        } => format!("in {y}"),
        RecordQuery::SprintWinners { season: None, .. } => {
            format!("(sprints to {} round {})", idx.last_year, idx.last_round)
        }
        _ => format!("data to {} round {}", idx.last_year, idx.last_round),
    };
    ctx.interpret(phrase::record::interpretation(&q));
    let compiled = compile::record(&q, idx.last_complete_season);
    ctx.answer(
        q.intent(),
        &compiled.sql,
        compiled.params,
        ctx.confidence(0, 0, 0),
        |t| phrase::record::sentence(&q, t, &scope),
    )
}

/// Routes the championship after each round of a season.
pub(crate) fn route_progression(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    match parse::series::standings(ctx) {
        None => Ok(None),
        Some(Err(refusal)) => Ok(Some(*refusal)),
        Some(Ok(q)) => route_series(ctx, q),
    }
}

/// Routes one or two drivers' results race by race.
pub(crate) fn route_race_by_race(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    match parse::series::race_by_race(ctx) {
        None => Ok(None),
        Some(q) => route_series(ctx, q),
    }
}

/// Compiles, runs and phrases a series, keeping every row of it.
fn route_series(ctx: &Ctx, q: SeriesQuery) -> Result<Option<Outcome>, EngineError> {
    let (names, confidence) = match &q {
        SeriesQuery::Standings {
            championship,
            follow,
            ..
        } => {
            let named = match follow {
                Follow::Named(ids) => ids.len(),
                Follow::Top(_) => 0,
            };
            let confidence = match championship {
                Championship::Constructors => ctx.confidence(0, named, 0),
                Championship::Drivers => ctx.confidence(named, 0, 0),
            };
            (Vec::new(), confidence)
        }
        SeriesQuery::RaceByRace { drivers, .. } => {
            let names: Vec<String> = drivers.iter().map(|id| ctx.idx.driver_name(*id)).collect();
            (names, ctx.confidence(drivers.len(), 0, 0))
        }
    };
    ctx.interpret(phrase::series::interpretation(&q, &names));
    ctx.series_rows();
    let compiled = compile::series(&q);
    let outcome = ctx.answer(
        q.intent(),
        &compiled.sql,
        compiled.params,
        confidence,
        |t| phrase::series::sentence(&q, t, &names),
    )?;
    let labels = phrase::series::labels(&q, &names);
    Ok(outcome.map(|o| crate::present::relabel(o, &labels)))
}
