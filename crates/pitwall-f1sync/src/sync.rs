//! One sync run: read where the F1 database ends, fetch the schedules of
//! that season and the next, fetch every finished round not yet complete
//! (only the parts missing), merge into the next generation, validate,
//! swap. Fetched responses are cached as they arrive, so a killed run
//! resumes without fetching them again; the served file changes only at
//! the final rename.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chrono::{DateTime, Datelike, Utc};
use pitwall_f1data::NextGeneration;

use crate::cache::Freshness;
use crate::client::ApiClient;
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::fetch::{bad, fetch_round, parse, read_state, RoundData};
use crate::merge::{Merger, ResultTable};
use crate::report::SyncReport;
use crate::round::{session_start, RoundRef};
use crate::validate::{counts, validate};
use crate::wire::{Envelope, Race};

/// When no schedule says when the next session is, cached answers of the
/// current season are trusted this long.
const DEFAULT_TTL: chrono::Duration = chrono::Duration::hours(6);

/// Runs one sync of the database at `db_path`.
pub async fn run(
    config: &SyncConfig,
    client: &ApiClient,
    db_path: &Path,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let sent_before = client.sent();
    let now = config.now();
    // Owned across the awaits below; borrowed only between them (a
    // connection is Send but not Sync).
    let generation = NextGeneration::begin(db_path)?;
    let before = counts(generation.conn())?;
    let (last, have) = read_state(generation.conn())?;
    let known_next = next_session_in_db(generation.conn(), now)?;
    let mut report = SyncReport::new(last, config.dry_run);

    // Schedules of the last season with results and of the next one.
    let first_season = last.map_or(i64::from(now.year()), |r| r.season);
    let mut schedules: Vec<(i64, Vec<Race>)> = Vec::new();
    for season in [first_season, first_season + 1] {
        let path = format!("{season}/races");
        let fetched = client.get(&path, freshness(season, now, known_next), now);
        let body = match fetched.await {
            Ok(body) => body,
            // Paused before any round: nothing to merge, resume later.
            Err(SyncError::BudgetSpent {
                resume_after_secs, ..
            }) => {
                report.paused_for_secs = Some(resume_after_secs);
                report.requests = client.sent() - sent_before;
                report.elapsed = started.elapsed();
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        let races = parse::<Envelope>(&client.url(&path, 0), body)?
            .MRData
            .RaceTable
            .map(|t| t.Races)
            .unwrap_or_default();
        schedules.push((season, races));
    }
    let next_session = schedules
        .iter()
        .flat_map(|(_, races)| races.iter())
        .flat_map(sessions)
        .filter(|t| *t > now)
        .min();
    report.next_session = next_session;
    for (season, _) in &schedules {
        let url = client.url(&format!("{season}/races"), 0);
        client
            .cache()
            .restamp(&url, freshness(*season, now, next_session))?;
    }
    let mut calendar = Vec::new();
    for (season, races) in &schedules {
        for race in races {
            let round = race
                .round
                .parse()
                .map_err(|_| bad(&race.round, "round is not a number"))?;
            calendar.push((
                RoundRef {
                    season: *season,
                    round,
                },
                race,
            ));
        }
    }
    calendar.sort_by_key(|(at, _)| *at);

    // Fetch what each finished round lacks, in calendar order.
    let delay = chrono::Duration::from_std(config.results_delay).unwrap_or(DEFAULT_TTL);
    let mut fetched = Vec::new();
    for (at, race) in &calendar {
        let start = session_start(&race.date, race.time.as_deref());
        if config.until.is_some_and(|u| *at > u) || start.is_none_or(|s| s + delay > now) {
            break;
        }
        let parts = have.get(at).copied().unwrap_or_default();
        let fresh = freshness(at.season, now, next_session);
        match fetch_round(client, *at, parts, race.Sprint.is_some(), fresh, now).await {
            Ok(Some(data)) => fetched.push(data),
            Ok(None) => {
                report.waiting_for = Some(*at);
                break;
            }
            Err(SyncError::BudgetSpent {
                resume_after_secs, ..
            }) => {
                report.paused_for_secs = Some(resume_after_secs);
                break;
            }
            Err(e) => return Err(e),
        }
    }
    report.requests = client.sent() - sent_before;

    // Merge: schedules, then rounds in calendar order (deterministic ids).
    // In a block: the merger borrows the connection, which must not live
    // across an await.
    let source = client.url("", 0);
    let source = source.split("//?").next().unwrap_or_default();
    let (added, touched) = {
        let mut merger = Merger::new(generation.conn())?;
        let mut ids = HashMap::new();
        for (at, race) in &calendar {
            ids.insert(*at, merger.schedule(race, *at)?);
        }
        let mut touched = Vec::new();
        for data in &fetched {
            let Some(race_id) = ids.get(&data.at).copied() else {
                continue;
            };
            if let Some(complete) = merge_round(&mut merger, race_id, data, source)? {
                touched.push(race_id);
                if complete {
                    report.merged.push(data.at);
                } else {
                    report.partial.push(data.at);
                }
            }
        }
        (merger.added.clone(), touched)
    };
    report.added = added.iter().map(|(k, v)| ((*k).to_string(), *v)).collect();
    let changed = added.values().any(|n| *n > 0);
    if !changed {
        report.elapsed = started.elapsed();
        return Ok(report);
    }
    generation.rebuild_derived()?;
    let validated = validate(generation.conn(), &before, &added, &touched);
    if let Err(e) = validated {
        drop(generation);
        crate::alert::validation_failed(config, &e).await;
        return Err(e);
    }
    if !config.dry_run {
        report.swap_pause = Some(generation.commit(db_path)?);
        report.swapped = true;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Merges one round's fetched parts; `Some(complete)` when rows were added.
fn merge_round(
    merger: &mut Merger<'_>,
    race_id: i64,
    data: &RoundData,
    source: &str,
) -> Result<Option<bool>, SyncError> {
    let mut changed = false;
    if let Some(rows) = &data.results {
        merger.results(ResultTable::Race, race_id, rows)?;
        merger.constructor_results(race_id)?;
        changed = true;
    }
    if let Some(rows) = &data.sprint {
        merger.results(ResultTable::Sprint, race_id, rows)?;
        changed = true;
    }
    if let Some(rows) = &data.qualifying {
        merger.qualifying(race_id, rows)?;
        changed = true;
    }
    if let Some(rows) = &data.driver_standings {
        merger.driver_standings(race_id, rows)?;
        changed = true;
    }
    if let Some(rows) = &data.constructor_standings {
        merger.constructor_standings(race_id, rows)?;
        changed = true;
    }
    if !changed {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for (table, part) in [
        ("results", "results"),
        ("qualifying", "qualifying"),
        ("sprint_results", "sprint"),
        ("driver_standings", "driverstandings"),
        ("constructor_standings", "constructorstandings"),
    ] {
        if merger.count(table, race_id)? > 0 {
            parts.push(part);
        }
    }
    let complete = ["results", "driverstandings", "constructorstandings"]
        .iter()
        .all(|p| parts.contains(p))
        && (!data.sprint_weekend || parts.contains(&"sprint"));
    merger.provenance(race_id, data.at, source, &parts, complete)?;
    Ok(Some(complete))
}

/// Finished seasons never change; the current one is fresh until its next
/// scheduled session.
fn freshness(season: i64, now: DateTime<Utc>, next_session: Option<DateTime<Utc>>) -> Freshness {
    if season < i64::from(now.year()) {
        Freshness::Forever
    } else {
        Freshness::Until(next_session.unwrap_or(now + DEFAULT_TTL))
    }
}

/// Every session start of a scheduled race.
fn sessions(race: &Race) -> Vec<DateTime<Utc>> {
    let mut out: Vec<DateTime<Utc>> = [
        &race.FirstPractice,
        &race.SecondPractice,
        &race.ThirdPractice,
        &race.Qualifying,
        &race.Sprint,
        &race.SprintQualifying,
    ]
    .into_iter()
    .flatten()
    .filter_map(|s| session_start(&s.date, s.time.as_deref()))
    .collect();
    out.extend(session_start(&race.date, race.time.as_deref()));
    out
}

/// The next race start after `now` that the database's calendar knows.
fn next_session_in_db(
    conn: &rusqlite::Connection,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, SyncError> {
    let mut stmt = conn
        .prepare("SELECT date, time FROM races WHERE date >= ?1 ORDER BY date LIMIT 3")
        .map_err(|e| SyncError::sqlite("reading the calendar", e))?;
    let day = now.format("%Y-%m-%d").to_string();
    let rows = stmt
        .query_map([day], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| SyncError::sqlite("reading the calendar", e))?;
    Ok(rows
        .iter()
        .filter_map(|(d, t)| session_start(d, t.as_deref()))
        .find(|t| *t > now))
}
