//! Choosing one meaning per mention: kind (driver, team, place) by context
//! and prominence, namesakes by the season mentioned, then by fame.

use crate::aliases::Target;
use crate::index::Index;
use crate::resolve::{parse, Mention, Parsed};
use crate::{Entity, EntityKind};

/// Where a race happened, as the question named it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Loc {
    /// A circuit ("Monza", "Spa").
    Circuit(i64),
    /// A Grand Prix name ("Italian Grand Prix").
    RaceName(String),
    /// A country ("Brazil"), as in circuits.country.
    Country(String),
}

/// A picked driver or constructor.
#[derive(Debug, Clone)]
pub(crate) struct Picked {
    pub entity: Entity,
    pub start: usize,
}

/// A picked place.
#[derive(Debug, Clone)]
pub(crate) struct LocPick {
    pub loc: Loc,
    pub entity: Entity,
}

/// Everything resolved in a question.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    pub parsed: Parsed,
    pub drivers: Vec<Picked>,
    pub constructors: Vec<Picked>,
    pub locs: Vec<LocPick>,
    /// Mentions whose namesakes could not be told apart.
    pub ambiguous: Vec<String>,
}

fn is_loc(t: &Target) -> bool {
    matches!(
        t,
        Target::Circuit(_) | Target::RaceName(_) | Target::Country(_)
    )
}

/// Picks among same-kind candidates: the season filter first, then fame.
/// Returns (id, score factor, ambiguous).
fn choose(
    ids: &[i64],
    years: &[i64],
    raced: impl Fn(i64, i64) -> bool,
    prom: impl Fn(i64) -> f32,
) -> (i64, f32, bool) {
    let mut pool: Vec<i64> = ids.to_vec();
    if pool.len() > 1 && !years.is_empty() {
        let in_season: Vec<i64> = pool
            .iter()
            .copied()
            .filter(|id| years.iter().any(|y| raced(*id, *y)))
            .collect();
        if !in_season.is_empty() {
            pool = in_season;
        }
        if pool.len() == 1 {
            return (pool[0], 0.97, false);
        }
    }
    if pool.len() == 1 {
        return (pool[0], 1.0, false);
    }
    pool.sort_by(|a, b| prom(*b).total_cmp(&prom(*a)));
    let (top, second) = (prom(pool[0]), prom(pool[1]));
    if top >= 2.0 * second {
        (pool[0], 0.8, false)
    } else {
        (pool[0], 0.5, true)
    }
}

fn pick_mention(idx: &Index, p: &Parsed, m: &Mention, out: &mut Resolved) {
    let drivers: Vec<i64> = m
        .targets
        .iter()
        .filter_map(|t| {
            if let Target::Driver(d) = t {
                Some(*d)
            } else {
                None
            }
        })
        .collect();
    let cons: Vec<i64> = m
        .targets
        .iter()
        .filter_map(|t| {
            if let Target::Constructor(c) = t {
                Some(*c)
            } else {
                None
            }
        })
        .collect();
    let has_loc = m.targets.iter().any(is_loc);
    let prev = if m.start > 0 {
        p.words[m.start - 1].as_str()
    } else {
        ""
    };
    let place_context = matches!(prev, "at" | "in");
    let fuzz = if m.fuzzy { 0.85 } else { 1.0 };
    let d_prom = drivers
        .iter()
        .map(|d| idx.driver_prominence(*d))
        .fold(0.0, f32::max);
    let c_prom = cons
        .iter()
        .map(|c| idx.constructor_prominence(*c))
        .fold(0.0, f32::max);
    let want_loc = has_loc && (place_context || (drivers.is_empty() && cons.is_empty()));
    if !want_loc && !drivers.is_empty() && (cons.is_empty() || d_prom >= c_prom) {
        let (id, f, amb) = choose(
            &drivers,
            &p.years,
            |d, y| idx.driver_raced_in(d, y),
            |d| idx.driver_prominence(d),
        );
        if amb {
            out.ambiguous.push(m.matched.clone());
        }
        out.drivers.push(Picked {
            entity: Entity {
                kind: EntityKind::Driver,
                id,
                name: idx.driver_name(id),
                matched: m.matched.clone(),
                score: f * fuzz,
            },
            start: m.start,
        });
        return;
    }
    if !want_loc && !cons.is_empty() {
        let (id, f, amb) = choose(
            &cons,
            &p.years,
            |c, y| idx.constructor_raced_in(c, y),
            |c| idx.constructor_prominence(c),
        );
        if amb {
            out.ambiguous.push(m.matched.clone());
        }
        out.constructors.push(Picked {
            entity: Entity {
                kind: EntityKind::Constructor,
                id,
                name: idx.constructor_name(id),
                matched: m.matched.clone(),
                score: f * fuzz,
            },
            start: m.start,
        });
        return;
    }
    let matched_key = crate::text::key(&m.matched);
    let explicit_gp = matched_key.ends_with("grand prix")
        || matched_key.ends_with(" gp")
        || matched_key.ends_with(" race");
    let race_name = m.targets.iter().find_map(|t| {
        if let Target::RaceName(i) = t {
            Some(*i)
        } else {
            None
        }
    });
    let circuits: Vec<i64> = m
        .targets
        .iter()
        .filter_map(|t| {
            if let Target::Circuit(c) = t {
                Some(*c)
            } else {
                None
            }
        })
        .collect();
    let country = m.targets.iter().find_map(|t| {
        if let Target::Country(i) = t {
            Some(*i)
        } else {
            None
        }
    });
    // "Races held in the United States": a country's own name, without
    // "Grand Prix", is the country, not the race named after it.
    let names_country =
        !explicit_gp && country.is_some_and(|i| crate::text::key(&idx.countries[i]) == matched_key);
    let race_name = race_name.filter(|_| !names_country);
    let pick = if let (Some(i), true) = (race_name, explicit_gp || circuits.is_empty()) {
        let name = idx.race_names[i].clone();
        let id = idx
            .races
            .iter()
            .rev()
            .find(|r| r.name == name)
            .map_or(0, |r| r.id);
        Some((Loc::RaceName(name.clone()), EntityKind::Race, id, name, 1.0))
    } else if !circuits.is_empty() {
        let hosted = |c: i64, y: i64| idx.races.iter().any(|r| r.circuit_id == c && r.year == y);
        let (id, f, _) = choose(&circuits, &p.years, hosted, |c| {
            idx.circuits.get(&c).map_or(0.0, |x| x.races as f32)
        });
        let name = idx
            .circuits
            .get(&id)
            .map_or_else(String::new, |c| c.name.clone());
        Some((Loc::Circuit(id), EntityKind::Circuit, id, name, f.max(0.8)))
    } else {
        country.map(|i| {
            let c = idx.countries[i].clone();
            (Loc::Country(c.clone()), EntityKind::Circuit, 0, c, 1.0)
        })
    };
    if let Some((loc, kind, id, name, f)) = pick {
        out.locs.push(LocPick {
            loc,
            entity: Entity {
                kind,
                id,
                name,
                matched: m.matched.clone(),
                score: f * fuzz,
            },
        });
    }
}

/// Parses and resolves a question.
pub(crate) fn resolve(idx: &Index, question: &str) -> Resolved {
    let parsed = parse(idx, question);
    let mut out = Resolved::default();
    for m in &parsed.mentions {
        pick_mention(idx, &parsed, m, &mut out);
    }
    // The same person named twice ("Hamilton ... Lewis") counts once.
    let mut seen = Vec::new();
    out.drivers.retain(|d| {
        let fresh = !seen.contains(&d.entity.id);
        seen.push(d.entity.id);
        fresh
    });
    let mut seen = Vec::new();
    out.constructors.retain(|c| {
        let fresh = !seen.contains(&c.entity.id);
        seen.push(c.entity.id);
        fresh
    });
    out.parsed = parsed;
    out
}
