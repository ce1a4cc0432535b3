//! Writes API rows into the next generation's SQLite file in the Ergast
//! schema. New drivers, constructors, circuits and statuses get the next
//! free numeric id in the order they are first met; rounds are merged in
//! calendar order, so the same data always gets the same ids.

mod rows;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::SyncError;
use crate::round::RoundRef;
use crate::wire::{Circuit, Constructor, Driver, Race};

/// Per-round provenance, so every synced row can be traced to its source
/// and licence.
const PROVENANCE_SQL: &str = "CREATE TABLE IF NOT EXISTS sync_rounds (
    raceId   INTEGER PRIMARY KEY REFERENCES races(raceId),
    year     INTEGER NOT NULL,
    round    INTEGER NOT NULL,
    source   TEXT NOT NULL,
    licence  TEXT NOT NULL,
    parts    TEXT NOT NULL,
    complete INTEGER NOT NULL
)";

/// The licence recorded with every synced round.
pub const LICENCE: &str = "Jolpica F1 / Ergast data, CC BY-NC-SA 4.0 (non-commercial)";

/// The race and sprint result tables (same columns, minus `fastestLapSpeed` for sprints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultTable {
    /// `results`.
    Race,
    /// `sprint_results`.
    Sprint,
}

impl ResultTable {
    pub(crate) fn name(self) -> &'static str {
        match self {
            ResultTable::Race => "results",
            ResultTable::Sprint => "sprint_results",
        }
    }
}

pub(crate) fn int(v: Option<&str>) -> Option<i64> {
    v.and_then(|s| s.trim().parse().ok())
}

pub(crate) fn real(v: Option<&str>) -> Option<f64> {
    v.and_then(|s| s.trim().parse().ok())
}

/// Merges into one connection and counts what it added.
pub struct Merger<'c> {
    conn: &'c Connection,
    /// Rows inserted per table, and `races_updated` for schedule changes.
    pub added: BTreeMap<&'static str, i64>,
}

impl<'c> Merger<'c> {
    /// A merger over `conn` (the next generation), with the provenance table.
    pub fn new(conn: &'c Connection) -> Result<Self, SyncError> {
        conn.execute_batch(PROVENANCE_SQL)
            .map_err(|e| SyncError::sqlite("creating sync_rounds", e))?;
        Ok(Merger {
            conn,
            added: BTreeMap::new(),
        })
    }

    /// Whether anything was written.
    pub fn changed(&self) -> bool {
        self.added.values().any(|n| *n > 0)
    }

    pub(crate) fn bump(&mut self, table: &'static str) {
        *self.added.entry(table).or_default() += 1;
    }

    pub(crate) fn next_id(&self, table: &str, column: &str) -> Result<i64, SyncError> {
        self.conn
            .query_row(
                &format!("SELECT coalesce(max({column}), 0) + 1 FROM {table}"),
                [],
                |r| r.get(0),
            )
            .map_err(|e| SyncError::sqlite(format!("next id of {table}"), e))
    }

    fn lookup(&self, sql: &str, key: &str) -> Result<Option<i64>, SyncError> {
        self.conn
            .query_row(sql, [key], |r| r.get(0))
            .optional()
            .map_err(|e| SyncError::sqlite(sql.to_string(), e))
    }

    pub(crate) fn exec(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<usize, SyncError> {
        self.conn
            .execute(sql, params)
            .map_err(|e| SyncError::sqlite(sql.chars().take(60).collect::<String>(), e))
    }

    /// The season row, created if missing.
    pub fn season(&mut self, year: i64) -> Result<(), SyncError> {
        if self.exec(
            "INSERT OR IGNORE INTO seasons (year, url) VALUES (?1, NULL)",
            [year],
        )? > 0
        {
            self.bump("seasons");
        }
        Ok(())
    }

    /// The circuit's id, created from the inline object if new.
    pub fn circuit(&mut self, c: &Circuit) -> Result<i64, SyncError> {
        if let Some(id) = self.lookup(
            "SELECT circuitId FROM circuits WHERE circuitRef = ?1",
            &c.circuitId,
        )? {
            return Ok(id);
        }
        let id = self.next_id("circuits", "circuitId")?;
        let l = &c.Location;
        self.exec(
            "INSERT INTO circuits (circuitId, circuitRef, name, location, country, lat, lng, alt, url) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)",
            params![id, c.circuitId, c.circuitName, l.locality, l.country, real(l.lat.as_deref()), real(l.long.as_deref()), c.url],
        )?;
        self.bump("circuits");
        Ok(id)
    }

    /// The driver's id, created from the inline object if new.
    pub fn driver(&mut self, d: &Driver) -> Result<i64, SyncError> {
        if let Some(id) = self.lookup(
            "SELECT driverId FROM drivers WHERE driverRef = ?1",
            &d.driverId,
        )? {
            return Ok(id);
        }
        let id = self.next_id("drivers", "driverId")?;
        self.exec(
            "INSERT INTO drivers (driverId, driverRef, number, code, forename, surname, dob, nationality, url) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![id, d.driverId, int(d.permanentNumber.as_deref()), d.code, d.givenName, d.familyName, d.dateOfBirth, d.nationality, d.url],
        )?;
        self.bump("drivers");
        Ok(id)
    }

    /// The constructor's id, created from the inline object if new.
    pub fn constructor(&mut self, c: &Constructor) -> Result<i64, SyncError> {
        if let Some(id) = self.lookup(
            "SELECT constructorId FROM constructors WHERE constructorRef = ?1",
            &c.constructorId,
        )? {
            return Ok(id);
        }
        let id = self.next_id("constructors", "constructorId")?;
        self.exec(
            "INSERT INTO constructors (constructorId, constructorRef, name, nationality, url) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, c.constructorId, c.name, c.nationality, c.url],
        )?;
        self.bump("constructors");
        Ok(id)
    }

    /// The status's id, created if the text is new (e.g. `Did not start`).
    pub fn status(&mut self, text: &str) -> Result<i64, SyncError> {
        if let Some(id) = self.lookup(
            "SELECT statusId FROM status WHERE status = ?1 ORDER BY statusId LIMIT 1",
            text,
        )? {
            return Ok(id);
        }
        let id = self.next_id("status", "statusId")?;
        self.exec(
            "INSERT INTO status (statusId, status) VALUES (?1, ?2)",
            params![id, text],
        )?;
        self.bump("status");
        Ok(id)
    }

    /// Inserts or updates a schedule row; returns its `raceId`. A race that
    /// already has results keeps its name and date; session times missing
    /// in the row are filled. Nothing is written when nothing differs.
    pub fn schedule(&mut self, race: &Race, at: RoundRef) -> Result<i64, SyncError> {
        self.season(at.season)?;
        let circuit = self.circuit(&race.Circuit)?;
        let s =
            |x: &Option<crate::wire::Session>| x.as_ref().map(|s| (s.date.clone(), s.time.clone()));
        let (fp1, fp2, fp3, quali, sprint) = (
            s(&race.FirstPractice),
            s(&race.SecondPractice),
            s(&race.ThirdPractice),
            s(&race.Qualifying),
            s(&race.Sprint),
        );
        let split = |x: &Option<(String, Option<String>)>| {
            (
                x.as_ref().map(|v| v.0.clone()),
                x.as_ref().and_then(|v| v.1.clone()),
            )
        };
        let (f1d, f1t) = split(&fp1);
        let (f2d, f2t) = split(&fp2);
        let (f3d, f3t) = split(&fp3);
        let (qd, qt) = split(&quali);
        let (sd, st) = split(&sprint);
        let existing = self
            .conn
            .query_row(
                "SELECT raceId FROM races WHERE year = ?1 AND round = ?2",
                [at.season, at.round],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map_err(|e| SyncError::sqlite("finding a race", e))?;
        let Some(race_id) = existing else {
            let id = self.next_id("races", "raceId")?;
            self.exec(
                "INSERT INTO races (raceId, year, round, circuitId, name, date, time, url, fp1_date, fp1_time, fp2_date, fp2_time, \
                 fp3_date, fp3_time, quali_date, quali_time, sprint_date, sprint_time) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                params![id, at.season, at.round, circuit, race.raceName, race.date, race.time, race.url, f1d, f1t, f2d, f2t, f3d, f3t, qd, qt, sd, st],
            )?;
            self.bump("races");
            return Ok(id);
        };
        // Sessions: fill what is missing. Header: follow the schedule only
        // while the race has no results (a rescheduled race).
        let n = self.exec(
            "UPDATE races SET fp1_date = coalesce(fp1_date, ?2), fp1_time = coalesce(fp1_time, ?3), \
             fp2_date = coalesce(fp2_date, ?4), fp2_time = coalesce(fp2_time, ?5), fp3_date = coalesce(fp3_date, ?6), \
             fp3_time = coalesce(fp3_time, ?7), quali_date = coalesce(quali_date, ?8), quali_time = coalesce(quali_time, ?9), \
             sprint_date = coalesce(sprint_date, ?10), sprint_time = coalesce(sprint_time, ?11) \
             WHERE raceId = ?1 AND ((fp1_date IS NULL AND ?2 IS NOT NULL) OR (fp1_time IS NULL AND ?3 IS NOT NULL) \
             OR (fp2_date IS NULL AND ?4 IS NOT NULL) OR (fp2_time IS NULL AND ?5 IS NOT NULL) OR (fp3_date IS NULL AND ?6 IS NOT NULL) \
             OR (fp3_time IS NULL AND ?7 IS NOT NULL) OR (quali_date IS NULL AND ?8 IS NOT NULL) OR (quali_time IS NULL AND ?9 IS NOT NULL) \
             OR (sprint_date IS NULL AND ?10 IS NOT NULL) OR (sprint_time IS NULL AND ?11 IS NOT NULL))",
            params![race_id, f1d, f1t, f2d, f2t, f3d, f3t, qd, qt, sd, st],
        )?;
        let m = self.exec(
            "UPDATE races SET name = ?2, date = ?3, time = ?4, circuitId = ?5 WHERE raceId = ?1 \
             AND NOT EXISTS (SELECT 1 FROM results WHERE raceId = ?1) \
             AND (name IS NOT ?2 OR date IS NOT ?3 OR time IS NOT ?4 OR circuitId IS NOT ?5)",
            params![race_id, race.raceName, race.date, race.time, circuit],
        )?;
        if n + m > 0 {
            self.bump("races_updated");
        }
        Ok(race_id)
    }
}
