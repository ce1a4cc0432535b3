//! A real SQLite F1-schema database with synthetic rows, opened read-only, and
//! the corpus files. Shared by the integration tests of this crate.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use pitwall_sqlguard::GuardPolicy;
use rusqlite::{params, Connection, OpenFlags};

/// The database file, its directory, and its bytes right after creation.
pub struct TestDb {
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
    pub path: PathBuf,
    pub original_bytes: Vec<u8>,
}

impl TestDb {
    /// A new read-only connection (each test thread needs its own).
    pub fn open_read_only(&self) -> Connection {
        Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .unwrap()
    }

    /// Panics if the file's bytes changed or any other file appeared beside it.
    pub fn assert_unchanged(&self) {
        let now = std::fs::read(&self.path).unwrap();
        assert!(
            now == self.original_bytes,
            "database file changed ({} -> {} bytes)",
            self.original_bytes.len(),
            now.len()
        );
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec!["f1.sqlite".to_string()],
            "unexpected files in the db dir"
        );
    }
}

/// The shared database of this test binary, built once.
pub fn test_db() -> &'static TestDb {
    static DB: OnceLock<TestDb> = OnceLock::new();
    DB.get_or_init(build_db)
}

fn build_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f1.sqlite");
    {
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(pitwall_f1data::SCHEMA_SQL).unwrap();
        let tx = conn.transaction().unwrap();
        fill(&tx);
        tx.commit().unwrap();
        conn.execute_batch(pitwall_f1data::INDEXES_SQL).unwrap();
    }
    let original_bytes = std::fs::read(&path).unwrap();
    TestDb {
        dir: dir.path().to_path_buf(),
        path,
        original_bytes,
        _dir: dir,
    }
}

const SEASONS: std::ops::RangeInclusive<i64> = 2000..=2019;
const ROUNDS: i64 = 12;
const DRIVERS: i64 = 24;
const CONSTRUCTORS: i64 = 12;
const CIRCUITS: i64 = 15;

/// Deterministic synthetic data: 20 seasons x 12 rounds x 24 drivers gives
/// 5760 results (so a triple self-join is ~1.9e11 rows) and standings,
/// qualifying, pit stops and the four extra tables get rows too.
fn fill(tx: &rusqlite::Transaction<'_>) {
    for s in 1..=6 {
        tx.execute(
            "INSERT INTO status VALUES (?1, ?2)",
            params![
                s,
                [
                    "Finished",
                    "Engine",
                    "Collision",
                    "Gearbox",
                    "+1 Lap",
                    "Accident"
                ][s as usize - 1]
            ],
        )
        .unwrap();
    }
    for c in 1..=CIRCUITS {
        tx.execute(
            "INSERT INTO circuits VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
            params![
                c,
                format!("circuit{c}"),
                format!("Circuit {c}"),
                format!("Town {c}"),
                ["Italy", "UK", "Belgium", "Japan", "Brazil"][c as usize % 5],
                40.0 + c as f64,
                c as f64,
                c * 10
            ],
        )
        .unwrap();
    }
    for k in 1..=CONSTRUCTORS {
        tx.execute(
            "INSERT INTO constructors VALUES (?1, ?2, ?3, ?4, NULL)",
            params![
                k,
                format!("team{k}"),
                format!("Team {k}"),
                ["British", "Italian", "German"][k as usize % 3]
            ],
        )
        .unwrap();
    }
    for d in 1..=DRIVERS {
        tx.execute(
            "INSERT INTO drivers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
            params![
                d,
                format!("driver{d}"),
                d + 1,
                format!("D{d:02}"),
                format!("Given{d}"),
                format!("Family{d}"),
                format!("19{}-0{}-1{}", 70 + d, 1 + d % 9, d % 10),
                ["British", "German", "Finnish", "Spanish"][d as usize % 4]
            ],
        )
        .unwrap();
    }
    let mut race_id = 0;
    let mut result_id = 0;
    let mut standing_id = 0;
    for year in SEASONS {
        tx.execute("INSERT INTO seasons VALUES (?1, NULL)", params![year])
            .unwrap();
        let mut season_points = vec![0.0f64; DRIVERS as usize + 1];
        let mut season_wins = vec![0i64; DRIVERS as usize + 1];
        for round in 1..=ROUNDS {
            race_id += 1;
            let circuit = 1 + (round + year) % CIRCUITS;
            tx.execute(
                "INSERT INTO races (raceId, year, round, circuitId, name, date, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '14:00:00')",
                params![race_id, year, round, circuit, format!("Grand Prix {circuit}"), format!("{year}-{:02}-{:02}", 3 + round / 2, 1 + round)],
            )
            .unwrap();
            for slot in 0..DRIVERS {
                result_id += 1;
                // A rotating finishing order so every driver wins sometimes.
                let driver = 1 + (slot + race_id) % DRIVERS;
                let position = slot + 1;
                let points = [25.0, 18.0, 15.0, 12.0, 10.0, 8.0, 6.0, 4.0, 2.0, 1.0]
                    .get(slot as usize)
                    .copied()
                    .unwrap_or(0.0);
                let status = if slot < 18 { 1 } else { 2 + slot % 5 };
                season_points[driver as usize] += points;
                if position == 1 {
                    season_wins[driver as usize] += 1;
                }
                tx.execute(
                    "INSERT INTO results VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, ?12, ?13, ?14, NULL, NULL, ?15)",
                    params![result_id, race_id, driver, 1 + driver % CONSTRUCTORS, driver + 1, 1 + (slot * 7) % DRIVERS, position, position.to_string(), position, points, 58 - slot / 8, 5_400_000 + slot * 1000, 40 + slot % 10, 1 + slot, status],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO qualifying VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, NULL)",
                    params![
                        result_id,
                        race_id,
                        driver,
                        1 + driver % CONSTRUCTORS,
                        driver + 1,
                        1 + (slot * 7) % DRIVERS,
                        format!("1:{:02}.{:03}", 20 + slot % 10, 100 + slot)
                    ],
                )
                .unwrap();
                if slot % 3 == 0 {
                    tx.execute(
                        "INSERT INTO pit_stops VALUES (?1, ?2, 1, ?3, '14:30:00', ?4, ?5)",
                        params![
                            race_id,
                            driver,
                            10 + slot,
                            format!("2{}.{}", slot % 10, slot),
                            20_000 + slot * 100
                        ],
                    )
                    .unwrap();
                }
                standing_id += 1;
                tx.execute(
                    "INSERT INTO driver_standings VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5)",
                    params![
                        standing_id,
                        race_id,
                        driver,
                        season_points[driver as usize],
                        season_wins[driver as usize]
                    ],
                )
                .unwrap();
            }
            for team in 1..=CONSTRUCTORS {
                tx.execute(
                    "INSERT INTO constructor_results (raceId, constructorId, points, status) VALUES (?1, ?2, ?3, NULL)",
                    params![race_id, team, (team * 3 + race_id) % 44],
                )
                .unwrap();
                tx.execute(
                    "INSERT INTO constructor_standings (raceId, constructorId, points, position, positionText, wins) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![race_id, team, team * round, team, team.to_string(), round % 3],
                )
                .unwrap();
            }
        }
    }
    tx.execute("INSERT INTO sprint_results (resultId, raceId, driverId, constructorId, position, positionOrder, points, laps, statusId) SELECT resultId, raceId, driverId, constructorId, position, positionOrder, 8 - position, 20, 1 FROM results WHERE raceId % 4 = 0 AND position <= 8", []).unwrap();
    tx.execute_batch(
        "UPDATE driver_standings SET position = (SELECT count(*) FROM driver_standings o WHERE o.raceId = driver_standings.raceId AND o.points > driver_standings.points) + 1;
         UPDATE driver_standings SET positionText = position;
         INSERT INTO red_flags VALUES ('2010 Grand Prix 3', 12, 'Y', 'Rain', NULL), ('2015 Grand Prix 7', 1, 'N', 'Crash', NULL);
         INSERT INTO safety_cars VALUES ('2010 Grand Prix 3', 'Debris', 5, 8.0, 3), ('2012 Grand Prix 1', 'Crash', 1, 4.0, 3);
         INSERT INTO fatal_accidents_drivers VALUES ('Someone', 30, '1955-05-05', 'Test GP', 'Car', 'Race');
         INSERT INTO fatal_accidents_marshalls VALUES ('Someone Else', 40, '1961-09-10', 'Test GP');",
    )
    .unwrap();
}

/// The policy the tests run the corpus under: the F1 default with a short
/// time limit so the expensive-but-legal entries keep the suite fast.
pub fn fast_policy(timeout_ms: u64) -> GuardPolicy {
    GuardPolicy {
        timeout: Duration::from_millis(timeout_ms),
        ..GuardPolicy::f1_default()
    }
}

/// The crate's test data directory.
pub fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// One hostile input and what must happen to it.
#[derive(Debug, serde::Deserialize)]
pub struct HostileCase {
    pub sql: String,
    /// A `GuardError::code()` that `check` must return, or `timeout`
    /// (accepted, then interrupted), `stopped` (accepted, then any runtime
    /// error in time), `denied` (accepted, then refused by the authorizer)
    /// or `harmless` (accepted and runs; `absent` must not
    /// survive into the rewritten SQL).
    pub expect: String,
    #[serde(default)]
    pub absent: Option<String>,
}

/// The hostile corpus file.
pub fn hostile_corpus() -> Vec<HostileCase> {
    let text = std::fs::read_to_string(data_path("injection_corpus.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad corpus line {l}: {e}")))
        .collect()
}

/// The legitimate queries: blocks separated by blank lines.
pub fn legit_queries() -> Vec<String> {
    let text = std::fs::read_to_string(data_path("legit_queries.sql")).unwrap();
    text.split("\n\n")
        .map(|q| q.trim().to_string())
        .filter(|q| !q.is_empty())
        .collect()
}
