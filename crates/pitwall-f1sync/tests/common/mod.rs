//! Shared set-up: a CSV-imported F1 database in a temp dir, a stand-in
//! over the shared replay files, and a sync config pointed at it with the
//! clock at 2026-08-01 (after 2026 round 11, before round 12).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use pitwall_f1sync::SyncConfig;
use pitwall_jolpica_standin::{spawn, Limits, StandinConfig, StandinHandle};

/// `…/shared/f1data`.
pub fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data")
}

/// A fresh import of the CSV dump (2025 round 21) at `dir/f1.sqlite`.
pub fn csv_db(dir: &Path) -> PathBuf {
    let path = dir.join("f1.sqlite");
    pitwall_f1data::import_dir(
        &shared_data().join("ergast-csv"),
        &path,
        &Default::default(),
    )
    .unwrap();
    path
}

/// The replay's "today": after 2026 round 11, before round 12's first session.
pub fn replay_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-08-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A stand-in with `limits` over the shared data.
pub async fn standin(limits: Limits) -> StandinHandle {
    let mut config = StandinConfig::over_shared_data(&shared_data());
    config.limits = limits;
    spawn(config).await.unwrap()
}

/// A sync config for `standin`, state in `dir`, fast retries.
pub fn config(dir: &Path, standin: &StandinHandle) -> SyncConfig {
    let mut c = SyncConfig::new(dir);
    c.base_url = standin.base_url();
    c.now = Some(replay_now());
    c.timeout = Duration::from_secs(2);
    c.max_retries = 2;
    c
}

/// One value from the database at `db`.
pub fn query<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The winner's driverRef of a round.
pub fn winner(db: &Path, season: i64, round: i64) -> String {
    query(
        db,
        &format!(
            "SELECT d.driverRef FROM results r JOIN races ra USING (raceId) JOIN drivers d USING (driverId) \
             WHERE ra.year = {season} AND ra.round = {round} AND r.position = 1"
        ),
    )
}

/// The championship leader (ref and points) after a round.
pub fn leader(db: &Path, season: i64, round: i64) -> (String, f64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        &format!(
            "SELECT d.driverRef, s.points FROM driver_standings s JOIN races ra USING (raceId) JOIN drivers d USING (driverId) \
             WHERE ra.year = {season} AND ra.round = {round} AND s.position = 1"
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}
