//! The API's JSON shapes (Ergast-compatible `MRData`), only the fields the
//! sync stores. Required fields are required: a renamed field fails to
//! parse and stops the sync with a clear error rather than storing holes.
#![allow(non_snake_case)] // field names are the API's

use serde::Deserialize;
use serde_json::Value;

/// The list a response pages over (schedule races, result rows, standings).
pub fn paged_list(body: &mut Value) -> Option<&mut Vec<Value>> {
    let mr = body.get_mut("MRData")?;
    if mr.get("StandingsTable").is_some() {
        let list = mr.pointer_mut("/StandingsTable/StandingsLists/0")?;
        let name = if list.get("DriverStandings").is_some() {
            "DriverStandings"
        } else {
            "ConstructorStandings"
        };
        return list.get_mut(name)?.as_array_mut();
    }
    if mr.pointer("/RaceTable/round").is_none() {
        return mr.pointer_mut("/RaceTable/Races")?.as_array_mut();
    }
    let race = mr.pointer_mut("/RaceTable/Races/0")?;
    let name = ["Results", "QualifyingResults", "SprintResults"]
        .into_iter()
        .find(|n| race.get(*n).is_some())?;
    race.get_mut(name)?.as_array_mut()
}

/// `{"MRData": …}`.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    /// The payload.
    pub MRData: MrData,
}

/// The payload: a race table or a standings table.
#[derive(Debug, Deserialize)]
pub struct MrData {
    /// Rows in all pages.
    pub total: String,
    /// Schedules and results.
    pub RaceTable: Option<RaceTable>,
    /// Standings.
    pub StandingsTable: Option<StandingsTable>,
}

/// Races of a schedule, or the one race of a round's results.
#[derive(Debug, Deserialize)]
pub struct RaceTable {
    /// The races.
    pub Races: Vec<Race>,
}

/// A session's date and time.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM:SSZ`, when known.
    pub time: Option<String>,
}

/// A race header, with the round's rows for result endpoints.
#[derive(Debug, Deserialize)]
pub struct Race {
    /// The season, as a string.
    pub season: String,
    /// The round, as a string.
    pub round: String,
    /// Wikipedia link, when the API has one.
    pub url: Option<String>,
    /// "Australian Grand Prix".
    pub raceName: String,
    /// Where.
    pub Circuit: Circuit,
    /// Race day.
    pub date: String,
    /// Race start.
    pub time: Option<String>,
    /// Practice 1.
    pub FirstPractice: Option<Session>,
    /// Practice 2.
    pub SecondPractice: Option<Session>,
    /// Practice 3.
    pub ThirdPractice: Option<Session>,
    /// Qualifying.
    pub Qualifying: Option<Session>,
    /// Sprint (its presence marks a sprint weekend).
    pub Sprint: Option<Session>,
    /// Sprint qualifying.
    pub SprintQualifying: Option<Session>,
    /// Race result rows.
    pub Results: Option<Vec<ResultRow>>,
    /// Sprint result rows.
    pub SprintResults: Option<Vec<ResultRow>>,
    /// Qualifying rows.
    pub QualifyingResults: Option<Vec<QualifyingRow>>,
}

/// A circuit, inline.
#[derive(Debug, Clone, Deserialize)]
pub struct Circuit {
    /// Ergast ref, e.g. `albert_park`.
    pub circuitId: String,
    /// Wikipedia link.
    pub url: Option<String>,
    /// Display name.
    pub circuitName: String,
    /// Where it is.
    pub Location: Location,
}

/// A circuit's location.
#[derive(Debug, Clone, Deserialize)]
pub struct Location {
    /// Latitude.
    pub lat: Option<String>,
    /// Longitude.
    pub long: Option<String>,
    /// Town.
    pub locality: Option<String>,
    /// Country.
    pub country: Option<String>,
}

/// A driver, inline.
#[derive(Debug, Clone, Deserialize)]
pub struct Driver {
    /// Ergast ref, e.g. `max_verstappen`.
    pub driverId: String,
    /// Permanent car number.
    pub permanentNumber: Option<String>,
    /// Three-letter code.
    pub code: Option<String>,
    /// Wikipedia link.
    pub url: Option<String>,
    /// First name(s).
    pub givenName: String,
    /// Surname.
    pub familyName: String,
    /// `YYYY-MM-DD`.
    pub dateOfBirth: Option<String>,
    /// Demonym.
    pub nationality: Option<String>,
}

/// A constructor, inline.
#[derive(Debug, Clone, Deserialize)]
pub struct Constructor {
    /// Ergast ref, e.g. `red_bull`.
    pub constructorId: String,
    /// Wikipedia link.
    pub url: Option<String>,
    /// Display name.
    pub name: String,
    /// Demonym.
    pub nationality: Option<String>,
}

/// A time with milliseconds.
#[derive(Debug, Clone, Deserialize)]
pub struct Timing {
    /// Total milliseconds.
    pub millis: Option<String>,
    /// As displayed.
    pub time: Option<String>,
}

/// A lap time.
#[derive(Debug, Clone, Deserialize)]
pub struct LapTime {
    /// As displayed.
    pub time: Option<String>,
}

/// An average speed.
#[derive(Debug, Clone, Deserialize)]
pub struct Speed {
    /// km/h.
    pub speed: Option<String>,
}

/// A fastest lap.
#[derive(Debug, Clone, Deserialize)]
pub struct FastestLap {
    /// Rank among the race's fastest laps.
    pub rank: Option<String>,
    /// Lap number.
    pub lap: Option<String>,
    /// Lap time.
    pub Time: Option<LapTime>,
    /// Average speed.
    pub AverageSpeed: Option<Speed>,
}

/// One race or sprint result row.
#[derive(Debug, Clone, Deserialize)]
pub struct ResultRow {
    /// Car number.
    pub number: Option<String>,
    /// Classification order.
    pub position: String,
    /// Position, or R/D/W/N/E/F.
    pub positionText: String,
    /// Points scored.
    pub points: String,
    /// Who.
    pub Driver: Driver,
    /// For whom.
    pub Constructor: Constructor,
    /// Grid slot.
    pub grid: Option<String>,
    /// Laps completed.
    pub laps: Option<String>,
    /// Finish status text.
    pub status: String,
    /// Race time.
    pub Time: Option<Timing>,
    /// Fastest lap.
    pub FastestLap: Option<FastestLap>,
}

/// One qualifying row.
#[derive(Debug, Clone, Deserialize)]
pub struct QualifyingRow {
    /// Car number.
    pub number: Option<String>,
    /// Qualifying position.
    pub position: Option<String>,
    /// Who.
    pub Driver: Driver,
    /// For whom.
    pub Constructor: Constructor,
    /// Q1 time.
    pub Q1: Option<String>,
    /// Q2 time.
    pub Q2: Option<String>,
    /// Q3 time.
    pub Q3: Option<String>,
}

/// Standings after a round.
#[derive(Debug, Deserialize)]
pub struct StandingsTable {
    /// One list (after the round asked for) or none yet.
    pub StandingsLists: Vec<StandingsList>,
}

/// The standings after one round.
#[derive(Debug, Deserialize)]
pub struct StandingsList {
    /// Season.
    pub season: String,
    /// Round.
    pub round: String,
    /// Drivers' championship.
    pub DriverStandings: Option<Vec<DriverStanding>>,
    /// Constructors' championship.
    pub ConstructorStandings: Option<Vec<ConstructorStanding>>,
}

/// A driver's championship row.
#[derive(Debug, Deserialize)]
pub struct DriverStanding {
    /// Place.
    pub position: Option<String>,
    /// Place as text.
    pub positionText: String,
    /// Points.
    pub points: String,
    /// Wins so far.
    pub wins: String,
    /// Who.
    pub Driver: Driver,
}

/// A constructor's championship row.
#[derive(Debug, Deserialize)]
pub struct ConstructorStanding {
    /// Place.
    pub position: Option<String>,
    /// Place as text.
    pub positionText: String,
    /// Points.
    pub points: String,
    /// Wins so far.
    pub wins: String,
    /// Who.
    pub Constructor: Constructor,
}
