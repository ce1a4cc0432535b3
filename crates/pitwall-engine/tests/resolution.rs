//! Entity resolution: accents, misspellings, nicknames, codes, numbers,
//! namesakes told apart by season, and race/circuit names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use pitwall_engine::{EntityKind, Resolution};

fn resolve(q: &str) -> Resolution {
    common::engine().resolve(q)
}

fn first_of(q: &str, kind: EntityKind) -> String {
    let r = resolve(q);
    r.entities
        .iter()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {q:?}: {r:?}"))
        .name
        .clone()
}

#[test]
fn accents_are_folded_both_ways() {
    assert_eq!(
        first_of("how many wins for Raikkonen", EntityKind::Driver),
        "Kimi Räikkönen"
    );
    assert_eq!(
        first_of("how many wins for Räikkönen", EntityKind::Driver),
        "Kimi Räikkönen"
    );
    assert_eq!(
        first_of("sergio perez poles", EntityKind::Driver),
        "Sergio Pérez"
    );
}

#[test]
fn small_misspellings_are_corrected() {
    let r = resolve("Who won the 2012 Canadain Grand Prix?");
    assert_eq!(r.entities[0].name, "Canadian Grand Prix");
    assert!(
        r.entities[0].score < 1.0,
        "a corrected match is less certain"
    );
    assert_eq!(
        first_of("wins of Fernando Alonzo", EntityKind::Driver),
        "Fernando Alonso"
    );
    assert_eq!(
        first_of("who won the brazillian gp in 2003", EntityKind::Race),
        "Brazilian Grand Prix"
    );
}

#[test]
fn nicknames_map_to_drivers_and_teams() {
    assert_eq!(
        first_of("how many poles did checo get", EntityKind::Driver),
        "Sergio Pérez"
    );
    assert_eq!(
        first_of("the professor wins", EntityKind::Driver),
        "Alain Prost"
    );
    assert_eq!(
        first_of("schumi titles", EntityKind::Driver),
        "Michael Schumacher"
    );
    assert_eq!(
        first_of("the iceman podiums", EntityKind::Driver),
        "Kimi Räikkönen"
    );
    assert_eq!(
        first_of("Brawn GP titles", EntityKind::Constructor),
        "Brawn"
    );
    assert_eq!(
        first_of("Red Bull Racing wins", EntityKind::Constructor),
        "Red Bull"
    );
    assert_eq!(
        first_of("Scuderia Ferrari wins", EntityKind::Constructor),
        "Ferrari"
    );
}

#[test]
fn codes_and_permanent_numbers() {
    assert_eq!(
        first_of("how many wins has VER got", EntityKind::Driver),
        "Max Verstappen"
    );
    assert_eq!(
        first_of("wins for #44", EntityKind::Driver),
        "Lewis Hamilton"
    );
    assert_eq!(
        first_of("wins for car number 16", EntityKind::Driver),
        "Charles Leclerc"
    );
    // A lowercase English word is not a driver code.
    assert!(resolve("how many points per race").entities.is_empty());
}

#[test]
fn namesakes_resolve_by_season_then_prominence() {
    assert_eq!(
        first_of("Hill wins in 1996", EntityKind::Driver),
        "Damon Hill"
    );
    assert_eq!(
        first_of("Hill wins in 1968", EntityKind::Driver),
        "Graham Hill"
    );
    assert_eq!(
        first_of("Schumacher points 2021", EntityKind::Driver),
        "Mick Schumacher"
    );
    assert_eq!(
        first_of("Schumacher points 2001", EntityKind::Driver),
        "Michael Schumacher"
    );
    assert_eq!(
        first_of("Verstappen wins in 1998", EntityKind::Driver),
        "Jos Verstappen"
    );
    let r = resolve("How many wins does Verstappen have?");
    assert_eq!(r.entities[0].name, "Max Verstappen");
    assert!(
        r.entities[0].score < 1.0,
        "prominence is a weaker signal than a season"
    );
}

#[test]
fn circuits_races_years_and_rounds() {
    assert_eq!(
        first_of("who won spa in 98", EntityKind::Circuit),
        "Circuit de Spa-Francorchamps"
    );
    assert_eq!(resolve("who won spa in 98").years, vec![1998]);
    assert_eq!(resolve("podium at hockenheim '19").years, vec![2019]);
    assert_eq!(
        first_of("podium at hockenheim 2019", EntityKind::Circuit),
        "Hockenheimring"
    );
    assert_eq!(
        first_of("wins at COTA", EntityKind::Circuit),
        "Circuit of the Americas"
    );
    assert_eq!(
        first_of("Italian GP 2019", EntityKind::Race),
        "Italian Grand Prix"
    );
    let r = resolve("Who led after round 12 of 2021?");
    assert_eq!((r.years.clone(), r.rounds.clone()), (vec![2021], vec![12]));
    // "top 10" is not a season.
    assert!(resolve("top 10 drivers by wins").years.is_empty());
}

#[test]
fn cache_key_ignores_spelling_of_names() {
    let a = resolve("How many wins does Kimi Raikkonen have?").cache_key;
    let b = resolve("how many wins does kimi räikkönen have?").cache_key;
    assert_eq!(a, b);
}

/// The key is the LLM answer cache's: two questions that differ in anything
/// but the spelling of a name or letter case may mean different things, so
/// they must never share a key (and so a cached answer).
#[test]
fn cache_key_keeps_everything_that_can_change_the_meaning() {
    let pairs = [
        ("races WHERE year > 2000", "races WHERE year < 2000"),
        ("races with year >= 2000", "races with year = 2000"),
        ("drivers with 10 wins", "drivers with 100 wins"),
        (
            "drivers with 1.5 wins per race",
            "drivers with 15 wins per race",
        ),
        ("races Hamilton won", "races Hamilton not won"),
        ("races Hamilton won", "races Hamilton didn't win"),
        ("wins of Hamilton - Rosberg", "wins of Hamilton + Rosberg"),
        ("average lap count in Italy?", "average lap count in Italy!"),
        ("points (2010)", "points [2010]"),
        ("a > b < c", "a < b > c"),
        ("Hamilton's wins", "Hamilton wins"),
        ("wins of #44", "wins of 44"),
    ];
    for (a, b) in pairs {
        let (ka, kb) = (resolve(a).cache_key, resolve(b).cache_key);
        assert_ne!(ka, kb, "{a:?} and {b:?} share the key {ka:?}");
    }
}

#[test]
fn cache_key_text_cannot_forge_an_entity_tag() {
    let named = resolve("wins of Lewis Hamilton").cache_key;
    let driver_tag = named.trim_start_matches("wins of ").to_string();
    assert!(driver_tag.contains("driver:"), "{named:?}");
    let forged = resolve(&format!("wins of {driver_tag}")).cache_key;
    assert_ne!(named, forged);
}

#[test]
fn answer_or_resolve_agrees_with_answer_and_resolve() {
    let engine = common::engine();
    let conn = common::conn();
    let answered = "Who won the 2019 Italian Grand Prix?";
    match engine.answer_or_resolve(&conn, answered).unwrap() {
        Ok(a) => match engine.answer(&conn, answered).unwrap() {
            pitwall_engine::Outcome::Answered(b) => assert_eq!(a, b),
            other => panic!("answer refused what answer_or_resolve answered: {other:?}"),
        },
        Err((u, _)) => panic!("refused a dev-set style question: {}", u.reason),
    }
    let refused = "What is the average lap count in races won by Lewis Hamilton in 2014?";
    match engine.answer_or_resolve(&conn, refused).unwrap() {
        Ok(a) => panic!("answered an out-of-scope question: {}", a.answer),
        Err((u, resolution)) => {
            assert_eq!(resolution, engine.resolve(refused));
            assert!(resolution.cache_key.contains("driver:"), "{resolution:?}");
            assert_eq!(resolution.years, vec![2014]);
            match engine.answer(&conn, refused).unwrap() {
                pitwall_engine::Outcome::Unanswered(v) => assert_eq!(u, v),
                other => panic!("answer differs: {other:?}"),
            }
        }
    }
}

#[test]
fn countries_get_distinct_cache_keys() {
    let italy = resolve("average lap count of races in Italy").cache_key;
    let brazil = resolve("average lap count of races in Brazil").cache_key;
    assert_ne!(italy, brazil);
    assert!(italy.contains("country:italy"), "{italy}");
    assert_eq!(
        italy,
        resolve("Average lap count of races in ITALY").cache_key,
        "letter case still shares a key"
    );
}
