//! Per-minute roll-ups for SQLite: one upsert per row inside the writer's
//! commit (the flush is atomic), reads by minute range. Fixed statements,
//! every value bound.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::Connection;
use sqlx::Row;

use super::batch::WriteOp;
use super::SqliteStore;
use crate::rollup::LATENCY_SLOTS;
use crate::{RollupRow, RollupSeries, StoreError};

/// Roll-up rows deleted per transaction when pruning.
const PRUNE_CHUNK: i64 = 5_000;

const UPSERT: &str = concat!(
    "INSERT INTO rollup_minutes (minute, series, a, b, c, count, cost_micros, value, \
     l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ",
    rollup_add_on_conflict!()
);

const SELECT: &str = "SELECT minute, series, a, b, c, count, cost_micros, value, \
     l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15 \
     FROM rollup_minutes WHERE minute >= ? AND minute < ? AND (? IS NULL OR series = ?) \
     ORDER BY minute, series, a, b, c";

fn as_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Applies one flush inside the writer's transaction, all or nothing: a
/// failing upsert undoes the flush's earlier ones (the batch commit keeps
/// other writes), since the caller retries the whole flush and a partial
/// one would then count twice. Returns rows touched.
pub(crate) fn apply(conn: &Connection, rows: &[RollupRow]) -> rusqlite::Result<usize> {
    conn.prepare_cached("SAVEPOINT rollup_flush")?.execute([])?;
    match upsert_all(conn, rows) {
        Ok(changed) => {
            conn.prepare_cached("RELEASE rollup_flush")?.execute([])?;
            Ok(changed)
        }
        Err(e) => {
            // Best effort: if the database rolled the whole transaction
            // back, the batch commit reports that for every write.
            let _ = conn.execute_batch("ROLLBACK TO rollup_flush; RELEASE rollup_flush");
            Err(e)
        }
    }
}

fn upsert_all(conn: &Connection, rows: &[RollupRow]) -> rusqlite::Result<usize> {
    let mut stmt = conn.prepare_cached(UPSERT)?;
    let mut changed = 0;
    for r in rows {
        let mut args: Vec<Value> = vec![
            Value::Integer(r.minute.timestamp()),
            Value::Text(r.series.as_str().to_string()),
            Value::Text(r.a.clone()),
            Value::Text(r.b.clone()),
            Value::Text(r.c.clone()),
            Value::Integer(as_i64(r.count)),
            Value::Integer(r.cost_micros),
            // SQLite has no NaN: a value that is not a number counts as 0.
            Value::Real(if r.value.is_finite() { r.value } else { 0.0 }),
        ];
        args.extend(r.buckets.iter().map(|n| Value::Integer(as_i64(*n))));
        changed += stmt.execute(rusqlite::params_from_iter(args.iter()))?;
    }
    Ok(changed)
}

impl SqliteStore {
    pub(crate) async fn add_rollup_rows(&self, rows: &[RollupRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        self.writer.write(WriteOp::Rollups(rows.to_vec())).await?;
        Ok(())
    }

    pub(crate) async fn rollup_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        series: Option<RollupSeries>,
    ) -> Result<Vec<RollupRow>, StoreError> {
        let series = series.map(RollupSeries::as_str);
        let rows = sqlx::query(SELECT)
            .bind(from.timestamp())
            .bind(to.timestamp())
            .bind(series)
            .bind(series)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode).collect()
    }

    pub(crate) async fn prune_rollup_rows(
        &self,
        cutoff: DateTime<Utc>,
        series: Option<RollupSeries>,
    ) -> Result<u64, StoreError> {
        let series = series.map_or(Value::Null, |s| Value::Text(s.as_str().to_string()));
        let mut total = 0;
        loop {
            let deleted = self
                .writer
                .write(WriteOp::Exec {
                    sql: "DELETE FROM rollup_minutes WHERE (minute, series, a, b, c) IN \
                          (SELECT minute, series, a, b, c FROM rollup_minutes \
                           WHERE minute < ?1 AND (?2 IS NULL OR series = ?2) \
                           ORDER BY minute LIMIT ?3)",
                    args: vec![
                        Value::Integer(cutoff.timestamp()),
                        series.clone(),
                        Value::Integer(PRUNE_CHUNK),
                    ],
                })
                .await?;
            total += deleted;
            if deleted < PRUNE_CHUNK as u64 {
                return Ok(total);
            }
        }
    }
}

fn decode(row: &sqlx::sqlite::SqliteRow) -> Result<RollupRow, StoreError> {
    let corrupt = |field: &'static str, reason: String| StoreError::Corrupt { field, reason };
    let minute: i64 = row.try_get(0)?;
    let series: String = row.try_get(1)?;
    let count: i64 = row.try_get(5)?;
    let mut buckets = [0u64; LATENCY_SLOTS];
    for (i, slot) in buckets.iter_mut().enumerate() {
        let n: i64 = row.try_get(8 + i)?;
        *slot = u64::try_from(n).map_err(|e| corrupt("rollup_minutes.l*", e.to_string()))?;
    }
    Ok(RollupRow {
        minute: DateTime::from_timestamp(minute, 0)
            .ok_or_else(|| corrupt("rollup_minutes.minute", minute.to_string()))?,
        series: RollupSeries::parse(&series)
            .ok_or_else(|| corrupt("rollup_minutes.series", series.clone()))?,
        a: row.try_get(2)?,
        b: row.try_get(3)?,
        c: row.try_get(4)?,
        count: u64::try_from(count).map_err(|e| corrupt("rollup_minutes.count", e.to_string()))?,
        cost_micros: row.try_get(6)?,
        value: row.try_get(7)?,
        buckets,
    })
}
