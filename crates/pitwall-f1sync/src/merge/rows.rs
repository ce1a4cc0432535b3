//! Round rows: race and sprint results, qualifying, standings, the
//! per-team race points and the provenance row.

use rusqlite::params;

use super::{int, real, Merger, ResultTable, LICENCE};
use crate::error::SyncError;
use crate::round::RoundRef;
use crate::wire::{ConstructorStanding, DriverStanding, QualifyingRow, ResultRow};

impl Merger<'_> {
    /// Rows of `table` for `race_id`.
    pub fn count(&self, table: &str, race_id: i64) -> Result<i64, SyncError> {
        self.conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE raceId = ?1"),
                [race_id],
                |r| r.get(0),
            )
            .map_err(|e| SyncError::sqlite(format!("counting {table}"), e))
    }

    /// Inserts a round's race or sprint results.
    pub fn results(
        &mut self,
        table: ResultTable,
        race_id: i64,
        rows: &[ResultRow],
    ) -> Result<(), SyncError> {
        for row in rows {
            let driver = self.driver(&row.Driver)?;
            let constructor = self.constructor(&row.Constructor)?;
            let status = self.status(&row.status)?;
            let id = self.next_id(table.name(), "resultId")?;
            let classified = row.positionText.trim().parse::<i64>().ok();
            let time = row.Time.as_ref();
            let fl = row.FastestLap.as_ref();
            let fl_time = fl
                .and_then(|f| f.Time.as_ref())
                .and_then(|t| t.time.clone());
            let speed = fl
                .and_then(|f| f.AverageSpeed.as_ref())
                .and_then(|s| real(s.speed.as_deref()));
            let common = params![
                id,
                race_id,
                driver,
                constructor,
                int(row.number.as_deref()),
                int(row.grid.as_deref()),
                classified,
                row.positionText,
                int(Some(&row.position)),
                real(Some(&row.points)),
                int(row.laps.as_deref()),
                time.and_then(|t| t.time.clone()),
                time.and_then(|t| int(t.millis.as_deref())),
                fl.and_then(|f| int(f.lap.as_deref())),
                fl.and_then(|f| int(f.rank.as_deref())),
                fl_time,
                status,
                speed,
            ];
            let sql = match table {
                ResultTable::Race => "INSERT INTO results (resultId, raceId, driverId, constructorId, number, grid, position, \
                    positionText, positionOrder, points, laps, time, milliseconds, fastestLap, rank, fastestLapTime, statusId, fastestLapSpeed) \
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                ResultTable::Sprint => "INSERT INTO sprint_results (resultId, raceId, driverId, constructorId, number, grid, position, \
                    positionText, positionOrder, points, laps, time, milliseconds, fastestLap, rank, fastestLapTime, statusId) \
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            };
            // Sprints have no average speed: the last parameter is race-only.
            let used = match table {
                ResultTable::Race => common,
                ResultTable::Sprint => &common[..17],
            };
            self.exec(sql, used)?;
            self.bump(table.name());
        }
        Ok(())
    }

    /// Inserts a round's qualifying.
    pub fn qualifying(&mut self, race_id: i64, rows: &[QualifyingRow]) -> Result<(), SyncError> {
        for row in rows {
            let driver = self.driver(&row.Driver)?;
            let constructor = self.constructor(&row.Constructor)?;
            let id = self.next_id("qualifying", "qualifyId")?;
            self.exec(
                "INSERT INTO qualifying (qualifyId, raceId, driverId, constructorId, number, position, q1, q2, q3) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![id, race_id, driver, constructor, int(row.number.as_deref()), int(row.position.as_deref()), row.Q1, row.Q2, row.Q3],
            )?;
            self.bump("qualifying");
        }
        Ok(())
    }

    /// Inserts the drivers' standings after a round.
    pub fn driver_standings(
        &mut self,
        race_id: i64,
        rows: &[DriverStanding],
    ) -> Result<(), SyncError> {
        for row in rows {
            let driver = self.driver(&row.Driver)?;
            let id = self.next_id("driver_standings", "driverStandingsId")?;
            self.exec(
                "INSERT INTO driver_standings (driverStandingsId, raceId, driverId, points, position, positionText, wins) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, race_id, driver, real(Some(&row.points)).unwrap_or(0.0), int(row.position.as_deref()), row.positionText, int(Some(&row.wins)).unwrap_or(0)],
            )?;
            self.bump("driver_standings");
        }
        Ok(())
    }

    /// Inserts the constructors' standings after a round.
    pub fn constructor_standings(
        &mut self,
        race_id: i64,
        rows: &[ConstructorStanding],
    ) -> Result<(), SyncError> {
        for row in rows {
            let constructor = self.constructor(&row.Constructor)?;
            let id = self.next_id("constructor_standings", "constructorStandingsId")?;
            self.exec(
                "INSERT INTO constructor_standings (constructorStandingsId, raceId, constructorId, points, position, positionText, wins) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id, race_id, constructor, real(Some(&row.points)).unwrap_or(0.0), int(row.position.as_deref()), row.positionText, int(Some(&row.wins)).unwrap_or(0)],
            )?;
            self.bump("constructor_standings");
        }
        Ok(())
    }

    /// Fills `constructor_results` (Grand Prix points per team) for a race
    /// that has results and none yet, as the Ergast dump has it.
    pub fn constructor_results(&mut self, race_id: i64) -> Result<(), SyncError> {
        if self.count("constructor_results", race_id)? > 0 || self.count("results", race_id)? == 0 {
            return Ok(());
        }
        let first = self.next_id("constructor_results", "constructorResultsId")?;
        let n = self.exec(
            "INSERT INTO constructor_results (constructorResultsId, raceId, constructorId, points, status) \
             SELECT ?1 + row_number() OVER (ORDER BY constructorId) - 1, raceId, constructorId, sum(points), NULL \
             FROM results WHERE raceId = ?2 GROUP BY raceId, constructorId",
            params![first, race_id],
        )?;
        *self.added.entry("constructor_results").or_default() += i64::try_from(n).unwrap_or(0);
        Ok(())
    }

    /// Records where a round's rows came from and whether it is complete.
    pub fn provenance(
        &mut self,
        race_id: i64,
        at: RoundRef,
        source: &str,
        parts: &[&str],
        complete: bool,
    ) -> Result<(), SyncError> {
        self.exec(
            "INSERT INTO sync_rounds (raceId, year, round, source, licence, parts, complete) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT(raceId) DO UPDATE SET parts = excluded.parts, complete = excluded.complete, source = excluded.source",
            params![race_id, at.season, at.round, source, LICENCE, parts.join(","), complete],
        )?;
        Ok(())
    }
}
