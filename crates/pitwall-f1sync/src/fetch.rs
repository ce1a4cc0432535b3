//! The fetching half of a sync: what the database already has per round,
//! and the parts of a round it lacks, fetched and checked to be the round
//! asked for.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::cache::Freshness;
use crate::client::ApiClient;
use crate::error::SyncError;
use crate::round::RoundRef;
use crate::wire::{ConstructorStanding, DriverStanding, Envelope, QualifyingRow, Race, ResultRow};

/// Which parts of a round the database already has.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Have {
    pub(crate) results: bool,
    pub(crate) sprint: bool,
    pub(crate) qualifying: bool,
    pub(crate) driver_standings: bool,
    pub(crate) constructor_standings: bool,
}

/// The parts of one round fetched from the API (`None`: had or not out).
#[derive(Debug, Default)]
pub(crate) struct RoundData {
    pub(crate) at: RoundRef,
    pub(crate) sprint_weekend: bool,
    pub(crate) results: Option<Vec<ResultRow>>,
    pub(crate) sprint: Option<Vec<ResultRow>>,
    pub(crate) qualifying: Option<Vec<QualifyingRow>>,
    pub(crate) driver_standings: Option<Vec<DriverStanding>>,
    pub(crate) constructor_standings: Option<Vec<ConstructorStanding>>,
}

/// Fetches the parts of one round the database lacks; `None` when its
/// results are not out yet.
pub(crate) async fn fetch_round(
    client: &ApiClient,
    at: RoundRef,
    have: Have,
    sprint_weekend: bool,
    fresh: Freshness,
    now: DateTime<Utc>,
) -> Result<Option<RoundData>, SyncError> {
    let mut data = RoundData {
        at,
        sprint_weekend,
        ..RoundData::default()
    };
    let ctx = |what: &str| format!("{at} {what}");
    if !have.results {
        let Some(race) = fetch_race(client, at, "results", fresh, now).await? else {
            return Ok(None);
        };
        data.results = Some(
            race.Results
                .ok_or_else(|| bad(&ctx("results"), "no Results in the race"))?,
        );
    }
    if sprint_weekend && !have.sprint {
        if let Some(race) = fetch_race(client, at, "sprint", fresh, now).await? {
            data.sprint = Some(
                race.SprintResults
                    .ok_or_else(|| bad(&ctx("sprint"), "no SprintResults"))?,
            );
        }
    }
    if !have.qualifying {
        if let Some(race) = fetch_race(client, at, "qualifying", fresh, now).await? {
            data.qualifying = Some(
                race.QualifyingResults
                    .ok_or_else(|| bad(&ctx("qualifying"), "no QualifyingResults"))?,
            );
        }
    }
    if !have.driver_standings {
        if let Some(list) = fetch_standings(client, at, "driverstandings", fresh, now).await? {
            data.driver_standings = Some(
                list.DriverStandings
                    .ok_or_else(|| bad(&ctx("driverstandings"), "no DriverStandings"))?,
            );
        }
    }
    if !have.constructor_standings {
        if let Some(list) = fetch_standings(client, at, "constructorstandings", fresh, now).await? {
            let rows = list
                .ConstructorStandings
                .ok_or_else(|| bad(&ctx("constructorstandings"), "no ConstructorStandings"))?;
            data.constructor_standings = Some(rows);
        }
    }
    Ok(Some(data))
}

/// The one race of a round's result endpoint, checked to be that round;
/// `None` when the API has none yet.
async fn fetch_race(
    client: &ApiClient,
    at: RoundRef,
    endpoint: &str,
    fresh: Freshness,
    now: DateTime<Utc>,
) -> Result<Option<Race>, SyncError> {
    let path = format!("{}/{}/{endpoint}", at.season, at.round);
    let url = client.url(&path, 0);
    let body = client.get(&path, fresh, now).await?;
    let table = parse::<Envelope>(&url, body)?
        .MRData
        .RaceTable
        .ok_or_else(|| bad(&url, "no RaceTable"))?;
    let Some(race) = table.Races.into_iter().next() else {
        return Ok(None);
    };
    if race.season != at.season.to_string() || race.round != at.round.to_string() {
        return Err(bad(
            &url,
            &format!(
                "asked for {at}, got {}/{} (a round served twice?)",
                race.season, race.round
            ),
        ));
    }
    Ok(Some(race))
}

/// The standings list after a round, checked to be that round.
async fn fetch_standings(
    client: &ApiClient,
    at: RoundRef,
    endpoint: &str,
    fresh: Freshness,
    now: DateTime<Utc>,
) -> Result<Option<crate::wire::StandingsList>, SyncError> {
    let path = format!("{}/{}/{endpoint}", at.season, at.round);
    let url = client.url(&path, 0);
    let body = client.get(&path, fresh, now).await?;
    let table = parse::<Envelope>(&url, body)?
        .MRData
        .StandingsTable
        .ok_or_else(|| bad(&url, "no StandingsTable"))?;
    let Some(list) = table.StandingsLists.into_iter().next() else {
        return Ok(None);
    };
    if list.season != at.season.to_string() || list.round != at.round.to_string() {
        return Err(bad(
            &url,
            &format!("asked for {at}, got {}/{}", list.season, list.round),
        ));
    }
    Ok(Some(list))
}

pub(crate) fn parse<T: DeserializeOwned>(url: &str, body: Value) -> Result<T, SyncError> {
    serde_json::from_value(body).map_err(|e| bad(url, &format!("schema drift: {e}")))
}

pub(crate) fn bad(url: &str, reason: &str) -> SyncError {
    SyncError::BadResponse {
        url: url.to_string(),
        reason: reason.to_string(),
    }
}

/// The last round with results, and which parts every round of that
/// season and later has.
pub(crate) fn read_state(
    conn: &rusqlite::Connection,
) -> Result<(Option<RoundRef>, HashMap<RoundRef, Have>), SyncError> {
    let err = |e| SyncError::sqlite("reading what the F1 database has", e);
    let key: Option<i64> = conn
        .query_row(
            "SELECT max(ra.year * 1000 + ra.round) FROM races ra WHERE EXISTS (SELECT 1 FROM results re WHERE re.raceId = ra.raceId)",
            [],
            |r| r.get(0),
        )
        .map_err(err)?;
    let last = key.map(|k| RoundRef {
        season: k / 1000,
        round: k % 1000,
    });
    let from = last.map_or(0, |r| r.season);
    let has = |t: &str| format!("EXISTS (SELECT 1 FROM {t} x WHERE x.raceId = ra.raceId)");
    let sql = format!(
        "SELECT ra.year, ra.round, {}, {}, {}, {}, {} FROM races ra WHERE ra.year >= ?1",
        has("results"),
        has("sprint_results"),
        has("qualifying"),
        has("driver_standings"),
        has("constructor_standings")
    );
    let mut stmt = conn.prepare(&sql).map_err(err)?;
    let rows = stmt
        .query_map([from], |r| {
            Ok((
                RoundRef {
                    season: r.get(0)?,
                    round: r.get(1)?,
                },
                Have {
                    results: r.get(2)?,
                    sprint: r.get(3)?,
                    qualifying: r.get(4)?,
                    driver_standings: r.get(5)?,
                    constructor_standings: r.get(6)?,
                },
            ))
        })
        .and_then(|it| it.collect::<Result<HashMap<_, _>, _>>())
        .map_err(err)?;
    Ok((last, rows))
}
