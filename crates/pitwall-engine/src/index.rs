//! The in-memory entity index, built once in `Engine::load` so that
//! answering a question never scans the name tables.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::aliases::{build_aliases, Target};
use crate::EngineError;

/// A driver with the figures used to break ties between namesakes.
#[derive(Debug, Clone)]
pub(crate) struct DriverInfo {
    pub id: i64,
    pub driver_ref: String,
    pub name: String,
    pub surname: String,
    pub forename: String,
    pub code: Option<String>,
    pub number: Option<i64>,
    pub nationality: String,
    pub starts: i64,
    pub wins: i64,
    /// Seasons with at least one result row, ascending.
    pub years: Vec<i64>,
}

/// A constructor with its activity, for disambiguation.
#[derive(Debug, Clone)]
pub(crate) struct ConstructorInfo {
    pub id: i64,
    pub constructor_ref: String,
    pub name: String,
    pub entries: i64,
    pub wins: i64,
    pub years: Vec<i64>,
}

/// A circuit.
#[derive(Debug, Clone)]
pub(crate) struct CircuitInfo {
    pub id: i64,
    pub circuit_ref: String,
    pub name: String,
    pub location: String,
    pub country: String,
    pub races: i64,
}

/// One race of the calendar.
#[derive(Debug, Clone)]
pub(crate) struct RaceInfo {
    pub id: i64,
    pub year: i64,
    pub round: i64,
    pub circuit_id: i64,
    pub name: String,
    /// The race has result rows (false for calendar entries not yet run).
    pub has_results: bool,
    pub has_sprint: bool,
}

/// Everything the resolver and intents need, loaded once.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub drivers: HashMap<i64, DriverInfo>,
    pub constructors: HashMap<i64, ConstructorInfo>,
    pub circuits: HashMap<i64, CircuitInfo>,
    pub races: Vec<RaceInfo>,
    /// Distinct race names ("Italian Grand Prix").
    pub race_names: Vec<String>,
    /// Countries as written in circuits.country.
    pub countries: Vec<String>,
    /// Folded alias -> what it may mean.
    pub aliases: HashMap<String, Vec<Target>>,
    /// Longest alias in tokens.
    pub max_alias_tokens: usize,
    /// Every word that appears in an alias (spelling correction targets).
    pub vocab: HashSet<String>,
    /// `vocab` grouped by first letter: spelling correction only compares a
    /// word with candidates that share its first letter, so it scans one
    /// group instead of the whole vocabulary.
    pub vocab_by_initial: HashMap<char, Vec<String>>,
    /// Folded nationality word -> drivers.nationality value.
    pub nationality_words: HashMap<String, String>,
    /// Folded country -> drivers.nationality value ("brazil" -> "Brazilian").
    pub country_nationality: HashMap<String, String>,
    /// Driver codes ("VER") -> drivers.
    pub codes: HashMap<String, Vec<i64>>,
    /// Permanent numbers -> drivers.
    pub numbers: HashMap<i64, Vec<i64>>,
    /// Seasons with at least one result.
    pub first_year: i64,
    /// Last season with results, and its last round with results.
    pub last_year: i64,
    /// The last round with results in `last_year`.
    pub last_round: i64,
    /// Last season whose every scheduled race has results.
    pub last_complete_season: i64,
    /// "Today" for calendar questions (YYYY-MM-DD), when fixed by
    /// `Engine::with_today`; otherwise SQLite's `date('now')` (UTC).
    pub today: Option<String>,
}

fn load_drivers(conn: &Connection) -> Result<HashMap<i64, DriverInfo>, EngineError> {
    let mut years: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT driverId, year FROM agg_driver_season WHERE entries > 0 ORDER BY year, driverId",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (d, y) = row?;
        years.entry(d).or_default().push(y);
    }
    let mut stmt = conn.prepare(
        "SELECT d.driverId, d.driverRef, d.forename, d.surname, d.code, d.number, COALESCE(d.nationality, ''), \
         COALESCE(a.starts, 0), COALESCE(a.wins, 0) FROM drivers d LEFT JOIN agg_driver_career a ON a.driverId = d.driverId",
    )?;
    let rows = stmt.query_map([], |r| {
        let forename: String = r.get(2)?;
        let surname: String = r.get(3)?;
        let id: i64 = r.get(0)?;
        Ok(DriverInfo {
            id,
            driver_ref: r.get(1)?,
            name: format!("{forename} {surname}"),
            forename,
            surname,
            code: r.get::<_, Option<String>>(4)?.filter(|c| c.len() == 3),
            number: r.get(5)?,
            nationality: r.get(6)?,
            starts: r.get(7)?,
            wins: r.get(8)?,
            years: Vec::new(),
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let mut d = row?;
        d.years = years.remove(&d.id).unwrap_or_default();
        out.insert(d.id, d);
    }
    Ok(out)
}

fn load_constructors(conn: &Connection) -> Result<HashMap<i64, ConstructorInfo>, EngineError> {
    let mut years: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT constructorId, year FROM agg_constructor_season WHERE entries > 0 ORDER BY year, constructorId",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (c, y) = row?;
        years.entry(c).or_default().push(y);
    }
    let mut stmt = conn.prepare(
        "SELECT c.constructorId, c.constructorRef, c.name, COALESCE(a.entries, 0), COALESCE(a.wins, 0) \
         FROM constructors c LEFT JOIN agg_constructor_career a ON a.constructorId = c.constructorId",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ConstructorInfo {
            id: r.get(0)?,
            constructor_ref: r.get(1)?,
            name: r.get(2)?,
            entries: r.get(3)?,
            wins: r.get(4)?,
            years: Vec::new(),
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let mut c = row?;
        c.years = years.remove(&c.id).unwrap_or_default();
        out.insert(c.id, c);
    }
    Ok(out)
}

fn load_circuits(conn: &Connection) -> Result<HashMap<i64, CircuitInfo>, EngineError> {
    let mut stmt = conn.prepare(
        "SELECT ci.circuitId, ci.circuitRef, ci.name, COALESCE(ci.location, ''), COALESCE(ci.country, ''), \
         (SELECT COUNT(*) FROM races ra WHERE ra.circuitId = ci.circuitId) FROM circuits ci",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CircuitInfo {
            id: r.get(0)?,
            circuit_ref: r.get(1)?,
            name: r.get(2)?,
            location: r.get(3)?,
            country: r.get(4)?,
            races: r.get(5)?,
        })
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let c = row?;
        out.insert(c.id, c);
    }
    Ok(out)
}

fn load_races(conn: &Connection) -> Result<Vec<RaceInfo>, EngineError> {
    let mut stmt = conn.prepare(
        "SELECT ra.raceId, ra.year, ra.round, ra.circuitId, ra.name, ra.date, \
         EXISTS (SELECT 1 FROM results r WHERE r.raceId = ra.raceId), \
         EXISTS (SELECT 1 FROM sprint_results s WHERE s.raceId = ra.raceId) \
         FROM races ra ORDER BY ra.year, ra.round",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RaceInfo {
            id: r.get(0)?,
            year: r.get(1)?,
            round: r.get(2)?,
            circuit_id: r.get(3)?,
            name: r.get(4)?,
            has_results: r.get(6)?,
            has_sprint: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

impl Index {
    /// Loads the tables and builds every alias.
    pub fn load(conn: &Connection) -> Result<Index, EngineError> {
        let mut idx = Index {
            drivers: load_drivers(conn)?,
            constructors: load_constructors(conn)?,
            circuits: load_circuits(conn)?,
            races: load_races(conn)?,
            ..Index::default()
        };
        let mut names: Vec<String> = idx.races.iter().map(|r| r.name.clone()).collect();
        names.sort();
        names.dedup();
        idx.race_names = names;
        let mut countries: Vec<String> = idx.circuits.values().map(|c| c.country.clone()).collect();
        countries.sort();
        countries.dedup();
        idx.countries = countries;
        let run: Vec<&RaceInfo> = idx.races.iter().filter(|r| r.has_results).collect();
        idx.first_year = run.first().map_or(1950, |r| r.year);
        if let Some(last) = run.last() {
            idx.last_year = last.year;
            idx.last_round = last.round;
        }
        let unfinished = idx
            .races
            .iter()
            .filter(|r| !r.has_results)
            .map(|r| r.year)
            .min()
            .unwrap_or(i64::MAX);
        idx.last_complete_season = idx.last_year.min(unfinished - 1);
        for d in idx.drivers.values() {
            if let Some(code) = &d.code {
                idx.codes.entry(code.to_uppercase()).or_default().push(d.id);
            }
            if let Some(n) = d.number {
                idx.numbers.entry(n).or_default().push(d.id);
            }
        }
        build_aliases(&mut idx)?;
        Ok(idx)
    }

    /// How well known a driver is: used to pick among namesakes.
    pub fn driver_prominence(&self, id: i64) -> f32 {
        self.drivers
            .get(&id)
            .map_or(0.0, |d| (d.starts + 5 * d.wins) as f32 + 1.0)
    }

    /// How well known a constructor is.
    pub fn constructor_prominence(&self, id: i64) -> f32 {
        self.constructors
            .get(&id)
            .map_or(0.0, |c| (c.entries / 2 + 5 * c.wins) as f32 + 1.0)
    }

    /// Driver display name.
    pub fn driver_name(&self, id: i64) -> String {
        self.drivers
            .get(&id)
            .map_or_else(|| format!("driver {id}"), |d| d.name.clone())
    }

    /// Constructor display name.
    pub fn constructor_name(&self, id: i64) -> String {
        self.constructors
            .get(&id)
            .map_or_else(|| format!("constructor {id}"), |c| c.name.clone())
    }

    /// Every spelling of a country in `circuits.country`: "USA" and
    /// "United States" are one country.
    pub fn country_spellings(&self, country: &str) -> Vec<String> {
        let same = same_country(country);
        let known: Vec<String> = same
            .iter()
            .filter(|c| self.countries.iter().any(|k| k == *c))
            .cloned()
            .collect();
        if known.is_empty() {
            same
        } else {
            known
        }
    }

    /// The race of `year` and `round`.
    pub fn race(&self, year: i64, round: i64) -> Option<&RaceInfo> {
        self.races
            .iter()
            .find(|r| r.year == year && r.round == round)
    }

    /// Whether the driver has a result in `year`.
    pub fn driver_raced_in(&self, id: i64, year: i64) -> bool {
        self.drivers
            .get(&id)
            .is_some_and(|d| d.years.binary_search(&year).is_ok())
    }

    /// Whether the constructor has a result in `year`.
    pub fn constructor_raced_in(&self, id: i64, year: i64) -> bool {
        self.constructors
            .get(&id)
            .is_some_and(|c| c.years.binary_search(&year).is_ok())
    }
}

/// Every spelling `circuits.country` may use for `country` ("USA" and
/// "United States" are one country: Las Vegas is filed as the second).
/// For compilers, which bind them all; a spelling with no circuit matches
/// nothing.
pub(crate) fn same_country(country: &str) -> Vec<String> {
    const SAME: &[&[&str]] = &[&["USA", "United States"], &["UK", "United Kingdom"]];
    match SAME.iter().find(|set| set.contains(&country)) {
        Some(set) => set.iter().map(|c| c.to_string()).collect(),
        None => vec![country.to_string()],
    }
}
