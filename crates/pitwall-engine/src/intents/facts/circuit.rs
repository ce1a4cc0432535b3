//! Circuit columns and circuit counts: one circuit's city, country,
//! coordinates, altitude, Wikipedia URL and reference; the circuit with
//! the highest (lowest, northernmost...) position; and how many different
//! circuits of a country (or of all) have held a Grand Prix, or which.

use serde_json::{json, Value};

use super::{country_names, read};
use crate::intents::ctx::{cell, join_and};
use crate::intents::Ctx;
use crate::pick::Loc;
use crate::text::fold;
use crate::{EngineError, Outcome};

/// Words of circuit questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "is", "are", "was", "the", "of", "does", "did", "in", "at", "which", "circuit",
    "circuits", "track", "tracks", "venue", "venues", "have", "has", "hosted", "host", "held",
    "hold", "used", "been", "different", "distinct", "world", "championship", "race", "races",
    "grand", "prix", "gp", "f1", "formula", "one", "1", "there", "and", "page", "article",
    "give", "me", "for", "situated", "lie", "lies", "sit", "sits",
];

/// The columns a question may ask for: (phrases, column, label).
const FIELDS: &[(&[&str], &str, &str)] = &[
    (
        &["latitude", "lat", "coordinates", "co ordinates", "gps"],
        "lat",
        "latitude",
    ),
    (
        &["longitude", "lng", "coordinates", "co ordinates", "gps"],
        "lng",
        "longitude",
    ),
    (
        &[
            "altitude",
            "elevation",
            "above sea level",
            "how high",
            "sea level",
            "height",
        ],
        "alt",
        "altitude (m)",
    ),
    (
        &["wikipedia", "wiki", "url", "link", "web page"],
        "url",
        "Wikipedia page",
    ),
    (
        &[
            "circuitref",
            "circuit ref",
            "reference",
            "ref",
            "circuit id",
            "circuitid",
        ],
        "circuitRef",
        "circuitRef",
    ),
    (
        &["city", "town", "location", "located", "where"],
        "location",
        "location",
    ),
    (&["country", "nation"], "country", "country"),
];

/// Superlatives over all circuits: (word, order by, label).
const EXTREMES: &[(&str, &str, &str)] = &[
    ("highest", "alt DESC", "highest altitude"),
    ("lowest", "alt ASC", "lowest altitude"),
    ("northernmost", "lat DESC", "northernmost"),
    ("southernmost", "lat ASC", "southernmost"),
    ("easternmost", "lng DESC", "easternmost"),
    ("westernmost", "lng ASC", "westernmost"),
];

/// Claims circuit-column and circuit-count questions.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !r.drivers.is_empty() || !r.constructors.is_empty() || !r.parsed.years.is_empty() {
        return Ok(None);
    }
    if ctx.peek_any(&["circuits", "tracks", "venues"]) {
        return circuits_of(ctx);
    }
    if r.locs.is_empty() {
        return extreme(ctx);
    }
    let Some(circuit) = the_circuit(ctx) else {
        return Ok(None);
    };
    let fields: Vec<(&str, &str)> = FIELDS
        .iter()
        .filter(|(phrases, ..)| ctx.peek_any(phrases))
        .map(|(phrases, col, label)| {
            read(ctx, phrases);
            (*col, *label)
        })
        .collect();
    if fields.is_empty()
        || fields
            .iter()
            .all(|(c, _)| matches!(*c, "location" | "country"))
    {
        // Where a circuit is: the circuit intent answers that.
        return Ok(None);
    }
    let sql = "SELECT name, location, country, lat, lng, alt, url, circuitRef FROM circuits WHERE circuitId = ?";
    let col_of = |c: &str| match c {
        "location" => 1,
        "country" => 2,
        "lat" => 3,
        "lng" => 4,
        "alt" => 5,
        "url" => 6,
        _ => 7,
    };
    let t = ctx.run(sql, &[json!(circuit)])?;
    let name = cell(&t, 0, 0);
    if let Some((_, label)) = fields.iter().find(|(c, _)| cell(&t, 0, col_of(c)) == "-") {
        return Ok(Some(
            ctx.refuse(&format!("The data has no {label} for {name}.")),
        ));
    }
    let labels: Vec<&str> = fields.iter().map(|(_, l)| *l).collect();
    ctx.interpret(format!("{} · {name}", labels.join(", ")));
    let conf = ctx.confidence(0, 0, 1);
    ctx.answer("circuit_details", sql, vec![json!(circuit)], conf, |t| {
        let parts: Vec<String> = fields
            .iter()
            .map(|(col, label)| format!("{label} {}", cell(t, 0, col_of(col))))
            .collect();
        Some(format!("{name}: {}.", parts.join(", ")))
    })
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
fn extreme(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some((word, order, label)) = EXTREMES.iter().find(|(w, ..)| ctx.peek_any(&[w])) else {
        return Ok(None);
    };
    if (*word == "highest" || *word == "lowest")
        && !ctx.peek_any(&["altitude", "elevation", "above sea level"])
    {
        return Ok(None);
    }
    if !ctx.peek_any(&["circuit", "track", "venue"]) {
        return Ok(None);
    }
    ctx.has(word);
    read(
        ctx,
        &[
            "altitude",
            "elevation",
            "above sea level",
            "with the",
            "circuit",
            "track",
            "venue",
        ],
    );
    let sql = format!(
        "SELECT name, location, country, lat, lng, alt FROM circuits WHERE circuitId IN (SELECT circuitId FROM races) \
         AND alt IS NOT NULL ORDER BY {order} LIMIT 1"
    );
    ctx.interpret(format!("Circuit with the {label}"));
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("circuit_details", &sql, Vec::new(), conf, |t| {
        (!t.rows.is_empty()).then(|| {
            format!(
                "The {label} circuit is {} ({}, {}): altitude {} m, latitude {}, longitude {}.",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 5),
                cell(t, 0, 3),
                cell(t, 0, 4)
            )
        })
    })
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
                Some(c) => country_names(ctx, c),
                None => by_nationality(idx.nationality_words.get(&key)?),
            },
            Loc::Circuit(_) => return None,
        };
        let mut all: Vec<String> = named.iter().flat_map(|c| country_names(ctx, c)).collect();
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
    let Some(at) = words.iter().position(|w| {
        matches!(
            w.as_str(),
            "many" | "number" | "which" | "what" | "list" | "name"
        )
    }) else {
        return false;
    };
    words[at + 1..]
        .iter()
        .find(|w| {
            matches!(
                w.as_str(),
                "circuits"
                    | "tracks"
                    | "venues"
                    | "races"
                    | "race"
                    | "grands"
                    | "gps"
                    | "times"
                    | "events"
                    | "years"
                    | "seasons"
            )
        })
        .is_some_and(|w| matches!(w.as_str(), "circuits" | "tracks" | "venues"))
}

/// How many different circuits (of a country) have held a Grand Prix,
/// or which.
fn circuits_of(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if ctx.r.locs.len() > 1 {
        return Ok(None);
    }
    if !counts_circuits(ctx) {
        return Ok(None);
    }
    let count = read(ctx, &["how many", "number of"]);
    let list = read(ctx, &["which", "list", "what", "name"]);
    if count == list {
        return Ok(None);
    }
    let place = if ctx.r.locs.is_empty() && ctx.r.parsed.nationality.is_none() {
        None
    } else {
        match countries(ctx) {
            Some(c) => Some(c),
            None => return Ok(None),
        }
    };
    read(
        ctx,
        &["circuits", "tracks", "venues", "different", "distinct"],
    );
    let (cond, params, scope) = match &place {
        Some(names) => (
            format!("ci.country IN ({})", vec!["?"; names.len()].join(", ")),
            names.iter().map(|n| Value::from(n.as_str())).collect(),
            format!("in {}", names.join(" / ")),
        ),
        None => ("1 = 1".to_string(), Vec::new(), "in the data".to_string()),
    };
    let sql = format!(
        "SELECT ci.name, ci.location, COUNT(*) AS races, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year, \
         COUNT(*) OVER () AS circuits FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId \
         WHERE {cond} GROUP BY ci.circuitId ORDER BY first_year, ci.name"
    );
    ctx.interpret(format!("Circuits that have held a Grand Prix · {scope}"));
    let conf = ctx.confidence(0, 0, ctx.r.locs.len());
    ctx.answer("circuit_details", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let n = cell(t, 0, 5);
        let names: Vec<String> = (0..t.rows.len())
            .map(|i| {
                format!(
                    "{} ({}, {}-{})",
                    cell(t, i, 0),
                    cell(t, i, 1),
                    cell(t, i, 3),
                    cell(t, i, 4)
                )
            })
            .collect();
        Some(if count {
            format!(
                "{n} different circuits {scope} have held a Grand Prix: {}.",
                join_and(&names)
            )
        } else {
            format!(
                "Circuits {scope} that have held a Grand Prix ({n}): {}.",
                join_and(&names)
            )
        })
    })
}
