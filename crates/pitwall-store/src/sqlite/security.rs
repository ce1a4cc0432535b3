//! Security events for SQLite: fixed statements, every value bound.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

use super::batch::WriteOp;
use super::{ts, SqliteStore};
use crate::{SecurityCount, SecurityEventRow, StoreError};

/// Security events deleted per transaction when pruning.
const PRUNE_CHUNK: i64 = 2_000;

impl SqliteStore {
    pub(crate) async fn prune_security_rows(
        &self,
        cutoff: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut total = 0;
        loop {
            let deleted = self
                .writer
                .write(WriteOp::Exec {
                    sql: "DELETE FROM security_events WHERE rowid IN \
                          (SELECT rowid FROM security_events WHERE at < ? ORDER BY at LIMIT ?)",
                    args: vec![Value::Text(ts(cutoff)), Value::Integer(PRUNE_CHUNK)],
                })
                .await?;
            total += deleted;
            if deleted < PRUNE_CHUNK as u64 {
                return Ok(total);
            }
        }
    }

    pub(crate) async fn insert_security_row(&self, e: &SecurityEventRow) -> Result<(), StoreError> {
        self.writer
            .write(WriteOp::Exec {
                sql: "INSERT INTO security_events (at, kind, principal, ip_group, key_id, detail) \
                      VALUES (?, ?, ?, ?, ?, ?)",
                args: vec![
                    Value::Text(ts(e.at)),
                    Value::Text(e.kind.clone()),
                    Value::Text(e.principal.clone()),
                    Value::Text(e.ip_group.clone()),
                    e.key_id.clone().map_or(Value::Null, Value::Text),
                    Value::Text(e.detail.clone()),
                ],
            })
            .await?;
        Ok(())
    }

    pub(crate) async fn security_counts(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<SecurityCount>, StoreError> {
        let rows: Vec<(String, String, String, Option<String>, i64, String)> = sqlx::query_as(
            "SELECT kind, principal, ip_group, key_id, COUNT(*), MAX(at) FROM security_events \
             WHERE at >= ? AND at < ? GROUP BY kind, principal, ip_group, key_id \
             ORDER BY COUNT(*) DESC, MAX(at) DESC LIMIT 100",
        )
        .bind(ts(since))
        .bind(ts(until))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(kind, principal, ip_group, key_id, events, last)| {
                let last_at = DateTime::parse_from_rfc3339(&last)
                    .map_err(|e| StoreError::Corrupt {
                        field: "at",
                        reason: e.to_string(),
                    })?
                    .with_timezone(&Utc);
                Ok(SecurityCount {
                    kind,
                    principal,
                    ip_group,
                    key_id,
                    events,
                    last_at,
                })
            })
            .collect()
    }
}
