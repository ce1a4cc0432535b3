//! Words to a [`CircuitQuery`]. Each word tested is consumed as the query
//! honours it.

use super::read_all;
use crate::intents::Ctx;
use crate::pick::Loc;
use crate::query::{CircuitField, CircuitQuery, Extreme};
use crate::text::fold;

/// The columns a question may ask for, and the phrases naming each.
#[rustfmt::skip]
const FIELDS: &[(&[&str], CircuitField)] = &[
    (&["latitude", "lat", "coordinates", "co ordinates", "gps"], CircuitField::Latitude),
    (&["longitude", "lng", "coordinates", "co ordinates", "gps"], CircuitField::Longitude),
    (&["altitude", "elevation", "above sea level", "how high", "sea level", "height",
        "how many metres", "how many meters", "metres", "meters"], CircuitField::Altitude),
    (&["wikipedia", "wiki", "url", "link", "web page"], CircuitField::Url),
    (&["circuitref", "circuit ref", "reference", "ref", "circuit id", "circuitid"],
        CircuitField::Ref),
    (&["city", "town", "location", "located", "where"], CircuitField::Location),
    (&["country", "nation"], CircuitField::Country),
];

/// Superlatives over all circuits, and the word naming each.
const EXTREMES: &[(&str, Extreme)] = &[
    ("highest", Extreme::Highest),
    ("lowest", Extreme::Lowest),
    ("northernmost", Extreme::Northernmost),
    ("southernmost", Extreme::Southernmost),
    ("easternmost", Extreme::Easternmost),
    ("westernmost", Extreme::Westernmost),
];

/// Parses a circuit-column, circuit-extreme or circuit-count question;
/// `None` when it is none of them.
pub(crate) fn circuit(ctx: &Ctx) -> Option<CircuitQuery> {
    let r = ctx.r;
    if !r.drivers.is_empty() || !r.constructors.is_empty() || !r.parsed.years.is_empty() {
        return None;
    }
    if ctx.peek_any(&["circuits", "tracks", "venues"]) {
        return held_a_race(ctx);
    }
    if r.locs.is_empty() {
        return extreme(ctx);
    }
    let circuit = the_circuit(ctx)?;
    let fields: Vec<CircuitField> = FIELDS
        .iter()
        .filter(|(phrases, _)| ctx.peek_any(phrases))
        .map(|(phrases, field)| {
            read_all(ctx, phrases);
            *field
        })
        .collect();
    let only_where = fields
        .iter()
        .all(|f| matches!(f, CircuitField::Location | CircuitField::Country));
    if fields.is_empty() || only_where {
        // Where a circuit is: the place query answers that.
        return None;
    }
    Some(CircuitQuery::Fields { circuit, fields })
}

/// The one circuit named: a circuit, or a Grand Prix always held at one.
fn the_circuit(ctx: &Ctx) -> Option<i64> {
    match &ctx.r.locs.first()?.loc {
        Loc::Circuit(id) => Some(*id),
        Loc::RaceName(n) => {
            let mut ids: Vec<i64> = ctx
                .idx
                .races
                .iter()
                .filter(|r| &r.name == n)
                .map(|r| r.circuit_id)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            match ids.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        }
        Loc::Country(_) => None,
    }
}

/// The circuit with the highest altitude, the northernmost, and so on.
fn extreme(ctx: &Ctx) -> Option<CircuitQuery> {
    let (word, e) = EXTREMES.iter().find(|(w, _)| ctx.peek_any(&[w]))?;
    let altitude = ["altitude", "elevation", "above sea level"];
    if matches!(e, Extreme::Highest | Extreme::Lowest) && !ctx.peek_any(&altitude) {
        return None;
    }
    if !ctx.peek_any(&["circuit", "track", "venue"]) {
        return None;
    }
    ctx.has(word);
    read_all(ctx, &altitude);
    read_all(ctx, &["with the", "circuit", "track", "venue"]);
    Some(CircuitQuery::Extreme(*e))
}

/// The countries a question's place or nationality word means: "Italy",
/// "Italian", "United States" (with "USA").
fn countries(ctx: &Ctx) -> Option<Vec<String>> {
    let idx = ctx.idx;
    let by_nationality = |nat: &str| -> Vec<String> {
        idx.countries
            .iter()
            .filter(|c| {
                idx.country_nationality
                    .get(&fold(c))
                    .is_some_and(|n| n == nat)
            })
            .cloned()
            .collect()
    };
    if let Some(p) = ctx.r.locs.first() {
        let key = fold(&p.entity.matched);
        let named = match &p.loc {
            Loc::Country(c) => vec![c.clone()],
            Loc::RaceName(_) => match idx.countries.iter().find(|c| fold(c) == key) {
                Some(c) => idx.country_spellings(c),
                None => by_nationality(idx.nationality_words.get(&key)?),
            },
            Loc::Circuit(_) => return None,
        };
        let mut all: Vec<String> = named
            .iter()
            .flat_map(|c| idx.country_spellings(c))
            .collect();
        all.sort();
        all.dedup();
        return (!all.is_empty()).then_some(all);
    }
    let nat = ctx.nationality()?;
    let all = by_nationality(&nat);
    (!all.is_empty()).then_some(all)
}

/// Whether circuits are what is counted or listed: the first counted
/// noun after "how many" / "which" is "circuits", not "races" ("how many
/// races were held at circuits in Spain" counts races).
fn counts_circuits(ctx: &Ctx) -> bool {
    let words = &ctx.r.parsed.words;
    let asks = |w: &str| matches!(w, "many" | "number" | "which" | "what" | "list" | "name");
    let Some(at) = words.iter().position(|w| asks(w)) else {
        return false;
    };
    #[rustfmt::skip]
    let nouns: &[&str] = &[
        "circuits", "tracks", "venues", "races", "race", "grands", "gps", "times", "events",
        "years", "seasons",
    ];
    words[at + 1..]
        .iter()
        .find(|w| nouns.contains(&w.as_str()))
        .is_some_and(|w| matches!(w.as_str(), "circuits" | "tracks" | "venues"))
}

/// How many different circuits (of a country) have held a Grand Prix,
/// or which.
fn held_a_race(ctx: &Ctx) -> Option<CircuitQuery> {
    if ctx.r.locs.len() > 1 || !counts_circuits(ctx) {
        return None;
    }
    let count = read_all(ctx, &["how many", "number of"]);
    let list = read_all(ctx, &["which", "list", "what", "name"]);
    if count == list {
        return None;
    }
    let countries = if ctx.r.locs.is_empty() && ctx.r.parsed.nationality.is_none() {
        None
    } else {
        Some(countries(ctx)?)
    };
    read_all(
        ctx,
        &["circuits", "tracks", "venues", "different", "distinct"],
    );
    Some(CircuitQuery::HeldARace { countries, count })
}
