//! Retention storage for SQLite: expired rows read by the readers, every
//! change one bounded write through the writer (see `crate::archive`).
//! Fixed statements, one per table: every value is bound.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::batch::WriteOp;
use super::{ts, SqliteStore};
use crate::archive::{day_of, ArchiveStore, ArchiveTable, ExpiredRow, Expiry, MAX_BATCH};
use crate::retention::NON_USER_PLAN;
use crate::{id_floor, RetentionCutoffs, StoreError};

/// Free pages given back per transaction: 1 MiB of 4 KiB pages. Every
/// answer waits for its history row on the same writer, so one step's
/// length is what an answer can wait during a reclaim: 4 MiB steps (~25 ms
/// here) made the last 30 s of a 10 M-row prune the slowest for answers
/// (BENCHMARKS.md, "Pruning history under load").
const RECLAIM_SQL: &str = "PRAGMA incremental_vacuum(256)";

/// History rows past their plan's cutoff (see `retention.rs`); walks the
/// table in rowid order (`+h.id` keeps the planner off the id index, so a
/// page never sorts the whole expired range). `?1` after, `?2` limit, `?3`
/// latest cutoff, `?4` plans JSON, `?5` non-user plan, `?6` other cutoff.
const HISTORY_EXPIRED: &str = "SELECT h.rowid AS _key, h.created_at AS _at, h.* FROM history h \
     LEFT JOIN users u ON substr(h.principal, 1, 5) = 'user:' AND u.id = substr(h.principal, 6) \
     LEFT JOIN json_each(?4) r ON r.key = COALESCE(u.plan, ?5) \
     WHERE h.rowid > ?1 AND +h.id < ?3 AND +h.id < COALESCE(r.value, ?6) \
     ORDER BY h.rowid LIMIT ?2";

const HISTORY_COUNT: &str = "SELECT count(*) FROM history h \
     LEFT JOIN users u ON substr(h.principal, 1, 5) = 'user:' AND u.id = substr(h.principal, 6) \
     LEFT JOIN json_each(?4) r ON r.key = COALESCE(u.plan, ?5) \
     WHERE h.rowid > ?1 AND h.id < ?3 AND h.id < COALESCE(r.value, ?6) AND ?2 = ?2";

/// Folds the ledger rows whose rowids are in the JSON array `?1` into their
/// day's aggregate; the next step deletes them, in the same savepoint.
const FOLD_USAGE: &str = "INSERT INTO usage_daily (day, principal, model, calls, prompt_tokens, \
     cached_tokens, completion_tokens, cost_micros) \
     SELECT substr(at, 1, 10), principal, model, count(*), sum(prompt_tokens), sum(cached_tokens), \
     sum(completion_tokens), sum(cost_micros) FROM usage_ledger \
     WHERE rowid IN (SELECT value FROM json_each(?1)) GROUP BY 1, 2, 3 \
     ON CONFLICT (day, principal, model) DO UPDATE SET calls = calls + excluded.calls, \
     prompt_tokens = prompt_tokens + excluded.prompt_tokens, \
     cached_tokens = cached_tokens + excluded.cached_tokens, \
     completion_tokens = completion_tokens + excluded.completion_tokens, \
     cost_micros = cost_micros + excluded.cost_micros";

/// Minute rows folded by one compaction: before `?1` (an hour's start), not
/// an hour's start, and at or below the key `(?2, ?3, ?4, ?5, ?6)`.
macro_rules! compactable {
    () => {
        "FROM rollup_minutes WHERE minute < ?1 AND minute % 3600 != 0 \
         AND (minute, series, a, b, c) <= (?2, ?3, ?4, ?5, ?6)"
    };
}

const COMPACT_ROLLUPS: &str = concat!(
    "INSERT INTO rollup_minutes (minute, series, a, b, c, count, cost_micros, value, \
     l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15) \
     SELECT minute - minute % 3600, series, a, b, c, sum(count), sum(cost_micros), max(value), \
     sum(l0), sum(l1), sum(l2), sum(l3), sum(l4), sum(l5), sum(l6), sum(l7), sum(l8), sum(l9), \
     sum(l10), sum(l11), sum(l12), sum(l13), sum(l14), sum(l15) ",
    compactable!(),
    " GROUP BY 1, 2, 3, 4, 5 ",
    rollup_add_on_conflict!()
);

const DELETE_COMPACTED: &str = concat!("DELETE ", compactable!());

/// Expired rows of a table with one time column (`?1` after, `?2` cutoff
/// timestamp, `?3` limit); `_key` is the rowid, `_at` the time of the row.
fn before_sql(table: ArchiveTable) -> &'static str {
    match table {
        ArchiveTable::History => {
            "SELECT rowid AS _key, created_at AS _at, * FROM history \
             WHERE rowid > ?1 AND +id < ?2 ORDER BY rowid LIMIT ?3"
        }
        ArchiveTable::UsageLedger => {
            "SELECT rowid AS _key, at AS _at, * FROM usage_ledger \
             WHERE rowid > ?1 AND at < ?2 ORDER BY rowid LIMIT ?3"
        }
        ArchiveTable::UsageDaily => {
            "SELECT rowid AS _key, day AS _at, * FROM usage_daily \
             WHERE rowid > ?1 AND day < substr(?2, 1, 10) ORDER BY rowid LIMIT ?3"
        }
        ArchiveTable::Alerts => {
            "SELECT rowid AS _key, at AS _at, * FROM alerts \
             WHERE rowid > ?1 AND resolved_at IS NOT NULL AND resolved_at < ?2 \
             ORDER BY rowid LIMIT ?3"
        }
        ArchiveTable::SecurityEvents => {
            "SELECT rowid AS _key, at AS _at, * FROM security_events \
             WHERE rowid > ?1 AND at < ?2 ORDER BY rowid LIMIT ?3"
        }
        ArchiveTable::AuditLog => {
            "SELECT rowid AS _key, at AS _at, * FROM audit_log \
             WHERE rowid > ?1 AND at < ?2 ORDER BY rowid LIMIT ?3"
        }
    }
}

fn count_sql(table: ArchiveTable) -> &'static str {
    match table {
        ArchiveTable::History => "SELECT count(*) FROM history WHERE id < ?1",
        ArchiveTable::UsageLedger => "SELECT count(*) FROM usage_ledger WHERE at < ?1",
        ArchiveTable::UsageDaily => {
            "SELECT count(*) FROM usage_daily WHERE day < substr(?1, 1, 10)"
        }
        ArchiveTable::Alerts => {
            "SELECT count(*) FROM alerts \
             WHERE resolved_at IS NOT NULL AND resolved_at < ?1"
        }
        ArchiveTable::SecurityEvents => "SELECT count(*) FROM security_events WHERE at < ?1",
        ArchiveTable::AuditLog => "SELECT count(*) FROM audit_log WHERE at < ?1",
    }
}

fn delete_sql(table: ArchiveTable) -> &'static str {
    match table {
        ArchiveTable::History => {
            "DELETE FROM history WHERE rowid IN (SELECT value FROM json_each(?1))"
        }
        ArchiveTable::UsageLedger => {
            "DELETE FROM usage_ledger WHERE rowid IN (SELECT value FROM json_each(?1))"
        }
        ArchiveTable::UsageDaily => {
            "DELETE FROM usage_daily WHERE rowid IN (SELECT value FROM json_each(?1))"
        }
        ArchiveTable::Alerts => {
            "DELETE FROM alerts WHERE resolved_at IS NOT NULL \
             AND rowid IN (SELECT value FROM json_each(?1))"
        }
        ArchiveTable::SecurityEvents => {
            "DELETE FROM security_events WHERE rowid IN (SELECT value FROM json_each(?1))"
        }
        ArchiveTable::AuditLog => {
            "DELETE FROM audit_log WHERE rowid IN (SELECT value FROM json_each(?1))"
        }
    }
}

/// The id bound for a cutoff: history compares time-ordered ids, the other
/// tables RFC 3339 text.
fn bound(table: ArchiveTable, at: DateTime<Utc>) -> String {
    match table {
        ArchiveTable::History => id_floor(at).to_string(),
        _ => ts(at),
    }
}

/// The per-plan binds of [`HISTORY_EXPIRED`]: latest, plans JSON, other.
fn plan_binds(cutoffs: &RetentionCutoffs) -> Option<(String, String, String)> {
    let latest = id_floor(cutoffs.latest()?).to_string();
    // "" sorts below every id: a plan that keeps everything.
    let floor =
        |c: &Option<DateTime<Utc>>| c.map_or_else(String::new, |at| id_floor(at).to_string());
    let plans: serde_json::Map<String, serde_json::Value> = cutoffs
        .by_plan
        .iter()
        .map(|(name, c)| (name.clone(), serde_json::Value::String(floor(c))))
        .collect();
    Some((
        latest,
        serde_json::Value::Object(plans).to_string(),
        floor(&cutoffs.other),
    ))
}

fn keys_json(keys: &[i64]) -> Result<String, StoreError> {
    if keys.len() > MAX_BATCH {
        return Err(StoreError::Write(format!(
            "{} keys in one retention batch (at most {MAX_BATCH})",
            keys.len()
        )));
    }
    serde_json::to_string(keys).map_err(|e| StoreError::Write(e.to_string()))
}

fn limit_of(limit: usize) -> i64 {
    i64::try_from(limit.clamp(1, MAX_BATCH)).unwrap_or(1)
}

/// One row as JSON, every column by name but the `_key` and `_at` helpers.
fn decode(row: &sqlx::sqlite::SqliteRow) -> Result<ExpiredRow, StoreError> {
    let key: i64 = row.try_get("_key")?;
    let at: String = row.try_get("_at")?;
    let day = day_of(&at).ok_or_else(|| StoreError::Corrupt {
        field: "retention time column",
        reason: at.clone(),
    })?;
    let mut out = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate().skip(2) {
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            serde_json::Value::Null
        } else {
            match raw.type_info().name() {
                "INTEGER" => serde_json::Value::from(row.try_get::<i64, _>(i)?),
                "REAL" => serde_json::Value::from(row.try_get::<f64, _>(i)?),
                _ => serde_json::Value::from(row.try_get::<String, _>(i)?),
            }
        };
        out.insert(column.name().to_string(), value);
    }
    Ok(ExpiredRow { key, day, row: out })
}

/// The start of `at`'s hour, in Unix seconds: compaction folds whole hours.
fn hour_start(at: DateTime<Utc>) -> i64 {
    let t = at.timestamp();
    t - t.rem_euclid(3600)
}

#[async_trait]
impl ArchiveStore for SqliteStore {
    async fn expired_rows(
        &self,
        table: ArchiveTable,
        expiry: &Expiry,
        after: i64,
        limit: usize,
    ) -> Result<Vec<ExpiredRow>, StoreError> {
        let rows = match (table, expiry) {
            (ArchiveTable::History, Expiry::ByPlan(cutoffs)) => {
                let Some((latest, plans, other)) = plan_binds(cutoffs) else {
                    return Ok(Vec::new());
                };
                sqlx::query(HISTORY_EXPIRED)
                    .bind(after)
                    .bind(limit_of(limit))
                    .bind(latest)
                    .bind(plans)
                    .bind(NON_USER_PLAN)
                    .bind(other)
                    .fetch_all(&self.pool)
                    .await?
            }
            (_, Expiry::ByPlan(_)) => return Ok(Vec::new()),
            (table, Expiry::Before(at)) => {
                sqlx::query(before_sql(table))
                    .bind(after)
                    .bind(bound(table, *at))
                    .bind(limit_of(limit))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter().map(decode).collect()
    }

    async fn count_expired(&self, table: ArchiveTable, expiry: &Expiry) -> Result<u64, StoreError> {
        let n: i64 = match (table, expiry) {
            (ArchiveTable::History, Expiry::ByPlan(cutoffs)) => {
                let Some((latest, plans, other)) = plan_binds(cutoffs) else {
                    return Ok(0);
                };
                sqlx::query_scalar(HISTORY_COUNT)
                    .bind(0_i64)
                    .bind(0_i64)
                    .bind(latest)
                    .bind(plans)
                    .bind(NON_USER_PLAN)
                    .bind(other)
                    .fetch_one(&self.pool)
                    .await?
            }
            (_, Expiry::ByPlan(_)) => 0,
            (table, Expiry::Before(at)) => {
                sqlx::query_scalar(count_sql(table))
                    .bind(bound(table, *at))
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn delete_rows(&self, table: ArchiveTable, keys: &[i64]) -> Result<u64, StoreError> {
        if keys.is_empty() {
            return Ok(0);
        }
        let keys = keys_json(keys)?;
        self.writer
            .write(WriteOp::Exec {
                sql: delete_sql(table),
                args: vec![Value::Text(keys)],
            })
            .await
    }

    async fn fold_usage(&self, keys: &[i64]) -> Result<u64, StoreError> {
        if keys.is_empty() {
            return Ok(0);
        }
        let keys = Value::Text(keys_json(keys)?);
        self.writer
            .write(WriteOp::Steps(vec![
                (FOLD_USAGE, vec![keys.clone()]),
                (delete_sql(ArchiveTable::UsageLedger), vec![keys]),
            ]))
            .await
    }

    async fn compact_rollups(
        &self,
        before: DateTime<Utc>,
        limit: usize,
    ) -> Result<u64, StoreError> {
        let before = hour_start(before);
        // The batch's last key: the `limit`-th foldable row, or every one left.
        let last: Option<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT minute, series, a, b, c FROM rollup_minutes \
             WHERE minute < ?1 AND minute % 3600 != 0 \
             ORDER BY minute, series, a, b, c LIMIT 1 OFFSET ?2",
        )
        .bind(before)
        .bind(limit_of(limit) - 1)
        .fetch_optional(&self.pool)
        .await?;
        let (m, s, a, b, c) = last.unwrap_or((
            i64::MAX,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ));
        let args = vec![
            Value::Integer(before),
            Value::Integer(m),
            Value::Text(s),
            Value::Text(a),
            Value::Text(b),
            Value::Text(c),
        ];
        self.writer
            .write(WriteOp::Steps(vec![
                (COMPACT_ROLLUPS, args.clone()),
                (DELETE_COMPACTED, args),
            ]))
            .await
    }

    async fn count_compactable(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM rollup_minutes WHERE minute < ?1 AND minute % 3600 != 0",
        )
        .bind(hour_start(before))
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn reclaim_space(&self) -> Result<u64, StoreError> {
        self.writer.write(WriteOp::Stepped(RECLAIM_SQL)).await?;
        let free: i64 = sqlx::query_scalar("PRAGMA freelist_count")
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(free).unwrap_or(0))
    }
}
