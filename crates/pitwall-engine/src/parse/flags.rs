//! Words to a [`FlagQuery`]. Each word tested is consumed as the query
//! honours it, in the order the decisions are made.

use super::read_all;
use crate::intents::Ctx;
use crate::pick::Loc;
use crate::query::{FlagAsk, FlagQuery, FlagScope, PlaceFilter, Stoppage};
use crate::Outcome;

/// Words that make the question about who or what caused them, which is
/// not counted here.
const CAUSES: &[&str] = &[
    "driver", "drivers", "who", "team", "teams", "caused", "cause", "causes", "why", "reason",
    "because",
];

/// Parses a safety-car or red-flag question: `None` when it is not one,
/// `Err` with the refusal for virtual safety cars or a race not found.
pub(crate) fn flags<'a>(ctx: &Ctx<'a>) -> Option<Result<FlagQuery<'a>, Box<Outcome>>> {
    let kind = if ctx.peek_any(&["safety car", "safety cars"]) {
        if ctx.peek_any(&["virtual", "vsc"]) {
            return Some(Err(Box::new(ctx.refuse(
                "The safety_cars table records full safety-car deployments only; virtual safety cars are not in the data.",
            ))));
        }
        read_all(ctx, &["safety car", "safety cars"]);
        Stoppage::SafetyCar
    } else if ctx.peek_any(&["red flag", "red flags", "red flagged"]) {
        read_all(ctx, &["red flag", "red flags", "red flagged"]);
        Stoppage::RedFlag
    } else {
        return None;
    };
    let r = ctx.r;
    if !r.drivers.is_empty()
        || !r.constructors.is_empty()
        || r.locs.len() > 1
        || ctx.peek_any(CAUSES)
    {
        return None;
    }
    let names_race =
        r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    let scope = if names_race {
        match ctx.the_race() {
            Ok(race) => FlagScope::Race(race),
            Err(refusal) => return Some(Err(refusal)),
        }
    } else {
        let mut label = Vec::new();
        let place = r.locs.first().map(|p| {
            label.push(format!("at {}", p.entity.name));
            place_filter(ctx, &p.loc)
        });
        let season = ctx.year();
        match season {
            Some(y) => label.push(format!("in {y}")),
            None => {
                read_all(ctx, &["ever", "all time", "in history"]);
                label.push("in the data".into());
            }
        }
        FlagScope::Races {
            place,
            season,
            label: label.join(" "),
        }
    };
    let one_race = matches!(scope, FlagScope::Race(_));
    let ask = if kind == Stoppage::SafetyCar
        && ctx.peek_any(&["laps"])
        && read_all(ctx, &["behind", "under", "laps"])
    {
        read_all(
            ctx,
            &[
                "how many laps",
                "laps were",
                "laps did",
                "run",
                "driven",
                "completed",
                "spent",
            ],
        );
        FlagAsk::LapsBehind
    } else if !one_race && ctx.has("most") {
        read_all(ctx, &["which race", "which grand prix", "what race"]);
        FlagAsk::MostInARace
    } else if !one_race
        && read_all(
            ctx,
            &["which races", "which grands prix", "what races", "list"],
        )
    {
        FlagAsk::Races
    } else {
        read_all(ctx, &["how many", "number of"]);
        FlagAsk::Count
    };
    Some(Ok(FlagQuery { kind, scope, ask }))
}

/// The SQL-ready filter for a place the question names: a circuit, a
/// race name, or every spelling of a country in `circuits.country`.
pub(crate) fn place_filter(ctx: &Ctx, loc: &Loc) -> PlaceFilter {
    match loc {
        Loc::Circuit(id) => PlaceFilter::Circuit(*id),
        Loc::RaceName(n) => PlaceFilter::RaceName(n.clone()),
        Loc::Country(c) => PlaceFilter::Countries(ctx.idx.country_spellings(c)),
    }
}
