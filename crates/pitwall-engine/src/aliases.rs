//! Alias building: every way a question may name a driver, team, circuit,
//! race or country, from the database plus `data/nicknames.toml`.

use std::collections::HashMap;

use crate::index::Index;
use crate::text::key;
use crate::EngineError;

/// The nickname file, compiled in so the binary has no runtime data path.
const NICKNAMES_TOML: &str = include_str!("../data/nicknames.toml");

/// What an alias may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    /// drivers.driverId
    Driver(i64),
    /// constructors.constructorId
    Constructor(i64),
    /// circuits.circuitId
    Circuit(i64),
    /// Index into `Index::race_names`.
    RaceName(usize),
    /// Index into `Index::countries`.
    Country(usize),
}

#[derive(Debug, Default, serde::Deserialize)]
struct Nicknames {
    #[serde(default)]
    drivers: HashMap<String, String>,
    #[serde(default)]
    constructors: HashMap<String, String>,
    #[serde(default)]
    circuits: HashMap<String, String>,
    #[serde(default)]
    races: HashMap<String, String>,
    #[serde(default)]
    nationalities: HashMap<String, String>,
    #[serde(default)]
    countries: HashMap<String, String>,
}

/// Words stripped from circuit names to get the short name people use.
const CIRCUIT_FILLER: &[&str] = &[
    "circuit",
    "circuito",
    "international",
    "autodromo",
    "internazionale",
    "nazionale",
    "internacional",
    "street",
    "grand",
    "prix",
    "raceway",
    "speedway",
    "de",
    "di",
    "do",
    "del",
    "of",
    "the",
    "park",
    "autodrom",
    "motor",
    "gp",
];

fn add(aliases: &mut HashMap<String, Vec<Target>>, alias: &str, target: Target) {
    let k = key(alias);
    if k.is_empty() {
        return;
    }
    let list = aliases.entry(k).or_default();
    if !list.contains(&target) {
        list.push(target);
    }
}

fn strip_filler(name: &str) -> String {
    let k = key(name);
    let words: Vec<&str> = k.split(' ').collect();
    let start = words.iter().position(|w| !CIRCUIT_FILLER.contains(w));
    let end = words.iter().rposition(|w| !CIRCUIT_FILLER.contains(w));
    match (start, end) {
        (Some(s), Some(e)) if s <= e => words[s..=e].join(" "),
        _ => String::new(),
    }
}

fn add_drivers(idx: &Index, aliases: &mut HashMap<String, Vec<Target>>) {
    for d in idx.drivers.values() {
        let t = Target::Driver(d.id);
        add(aliases, &d.name, t);
        add(aliases, &d.surname, t);
        add(aliases, &d.driver_ref.replace('_', " "), t);
        let fore = key(&d.forename);
        let fore_words: Vec<&str> = fore.split(' ').collect();
        if fore_words.len() > 1 {
            // "Andrea Kimi Antonelli" is often "Kimi Antonelli".
            if let Some(last) = fore_words.last() {
                add(aliases, &format!("{last} {}", d.surname), t);
            }
        }
        let sur = key(&d.surname);
        let sur_words: Vec<&str> = sur.split(' ').collect();
        if sur_words.len() > 1 {
            if let Some(last) = sur_words.last().filter(|w| w.len() >= 5) {
                add(aliases, last, t);
            }
        }
    }
}

fn add_constructors(idx: &Index, aliases: &mut HashMap<String, Vec<Target>>) {
    let plain: std::collections::HashSet<String> =
        idx.constructors.values().map(|c| key(&c.name)).collect();
    for c in idx.constructors.values() {
        let t = Target::Constructor(c.id);
        add(aliases, &c.name, t);
        add(aliases, &c.constructor_ref.replace(['_', '-'], " "), t);
        for suffix in [" F1 Team", " F1", " Racing"] {
            if let Some(stem) = c.name.strip_suffix(suffix) {
                add(aliases, stem, t);
            }
        }
        // "Cooper-Climax" is also just "Cooper" when no plain Cooper exists.
        if let Some((maker, _)) = c.name.split_once('-') {
            if !plain.contains(&key(maker)) {
                add(aliases, maker, t);
            }
        }
    }
}

fn add_circuits(idx: &mut Index, aliases: &mut HashMap<String, Vec<Target>>) {
    for c in idx.circuits.values() {
        let t = Target::Circuit(c.id);
        add(aliases, &c.name, t);
        add(aliases, &c.circuit_ref.replace(['_', '-'], " "), t);
        add(aliases, &c.location, t);
        add(aliases, &strip_filler(&c.name), t);
    }
    for (i, country) in idx.countries.iter().enumerate() {
        add(aliases, country, Target::Country(i));
    }
    let extra_countries = [
        ("great britain", "UK"),
        ("britain", "UK"),
        ("england", "UK"),
        ("united kingdom", "UK"),
        ("united states", "USA"),
        ("america", "USA"),
        ("united arab emirates", "UAE"),
        ("holland", "Netherlands"),
        ("south korea", "Korea"),
    ];
    for (alias, country) in extra_countries {
        if let Some(i) = idx.countries.iter().position(|c| c == country) {
            add(aliases, alias, Target::Country(i));
        }
    }
    for (i, name) in idx.race_names.iter().enumerate() {
        let t = Target::RaceName(i);
        add(aliases, name, t);
        let k = key(name);
        if let Some(stem) = k.strip_suffix(" grand prix") {
            add(aliases, stem, t);
            add(aliases, &format!("{stem} gp"), t);
            add(aliases, &format!("{stem} race"), t);
        }
    }
}

fn add_nicknames(
    idx: &mut Index,
    aliases: &mut HashMap<String, Vec<Target>>,
) -> Result<(), EngineError> {
    let nick: Nicknames = toml::from_str(NICKNAMES_TOML)
        .map_err(|e| EngineError::Data(format!("nicknames.toml: {e}")))?;
    let by_ref: HashMap<&str, i64> = idx
        .drivers
        .values()
        .map(|d| (d.driver_ref.as_str(), d.id))
        .collect();
    for (alias, r) in &nick.drivers {
        if let Some(id) = by_ref.get(r.as_str()) {
            // A nickname is a deliberate choice: it replaces namesakes.
            aliases.insert(key(alias), vec![Target::Driver(*id)]);
        }
    }
    let by_ref: HashMap<&str, i64> = idx
        .constructors
        .values()
        .map(|c| (c.constructor_ref.as_str(), c.id))
        .collect();
    for (alias, r) in &nick.constructors {
        if let Some(id) = by_ref.get(r.as_str()) {
            aliases.insert(key(alias), vec![Target::Constructor(*id)]);
        }
    }
    let by_ref: HashMap<&str, i64> = idx
        .circuits
        .values()
        .map(|c| (c.circuit_ref.as_str(), c.id))
        .collect();
    for (alias, r) in &nick.circuits {
        if let Some(id) = by_ref.get(r.as_str()) {
            add(aliases, alias, Target::Circuit(*id));
        }
    }
    for (alias, name) in &nick.races {
        if let Some(i) = idx.race_names.iter().position(|n| n == name) {
            add(aliases, alias, Target::RaceName(i));
        }
    }
    let mut nats: Vec<String> = idx
        .drivers
        .values()
        .map(|d| d.nationality.clone())
        .collect();
    nats.sort();
    nats.dedup();
    for n in nats.iter().filter(|n| !n.is_empty()) {
        idx.nationality_words.insert(key(n), n.clone());
    }
    for (word, n) in &nick.nationalities {
        idx.nationality_words.insert(key(word), n.clone());
    }
    for (word, n) in &nick.countries {
        idx.country_nationality.insert(key(word), n.clone());
    }
    Ok(())
}

/// Fills `idx.aliases`, `idx.vocab` and the nationality maps.
pub(crate) fn build_aliases(idx: &mut Index) -> Result<(), EngineError> {
    let mut aliases: HashMap<String, Vec<Target>> = HashMap::new();
    add_drivers(idx, &mut aliases);
    add_constructors(idx, &mut aliases);
    add_circuits(idx, &mut aliases);
    add_nicknames(idx, &mut aliases)?;
    idx.max_alias_tokens = aliases
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1);
    for k in aliases.keys() {
        for w in k.split(' ') {
            if w.len() >= 5 && !w.chars().all(|c| c.is_ascii_digit()) {
                idx.vocab.insert(w.to_string());
            }
        }
    }
    for w in idx.nationality_words.keys() {
        idx.vocab.insert(w.clone());
    }
    let mut by_initial: HashMap<char, Vec<String>> = HashMap::new();
    for w in &idx.vocab {
        if let Some(first) = w.chars().next() {
            by_initial.entry(first).or_default().push(w.clone());
        }
    }
    idx.vocab_by_initial = by_initial;
    idx.aliases = aliases;
    Ok(())
}
