//! Usage ledger and alerts for SQLite.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::batch::WriteOp;
use super::{ts, SqliteStore};
use crate::{clamp_limit, AlertRow, AlertState, StoreError, UsageRow};

fn parse_ts(raw: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt {
            field: "at",
            reason: e.to_string(),
        })
}

/// Questions (history) and LLM calls (raw ledger rows, and the daily
/// aggregates retention folded older ones into: a whole day counts once
/// its raw rows are folded) per principal since a time.
macro_rules! usage_top_sql {
    () => {
        "SELECT t.principal, u.name, SUM(t.requests) AS requests, SUM(t.llm) AS llm, \
         SUM(t.cost) AS cost FROM ( \
           SELECT principal, COUNT(*) AS requests, 0 AS llm, 0 AS cost FROM history \
             WHERE id >= ? GROUP BY principal \
           UNION ALL \
           SELECT principal, 0, COUNT(*), SUM(cost_micros) FROM usage_ledger \
             WHERE at >= ? GROUP BY principal \
           UNION ALL \
           SELECT principal, 0, SUM(calls), SUM(cost_micros) FROM usage_daily \
             WHERE day >= substr(?, 1, 10) GROUP BY principal \
         ) t LEFT JOIN users u ON 'user:' || u.id = t.principal GROUP BY t.principal"
    };
}

/// One principal's questions (history) and LLM calls (ledger) per UTC day:
/// both tables store RFC 3339 UTC text, so its first ten characters are the
/// day. Days retention folded into `usage_daily` come from there (a day's
/// raw rows and its aggregate add up). Fixed text: every value is bound.
const USAGE_BY_DAY_SQL: &str = "SELECT day, SUM(requests), SUM(llm), SUM(cost) FROM ( \
       SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS requests, 0 AS llm, 0 AS cost \
         FROM history WHERE principal = ?1 AND id >= ?2 GROUP BY 1 \
       UNION ALL \
       SELECT substr(at, 1, 10), 0, COUNT(*), SUM(cost_micros) FROM usage_ledger \
         WHERE principal = ?1 AND at >= ?3 GROUP BY 1 \
       UNION ALL \
       SELECT day, 0, SUM(calls), SUM(cost_micros) FROM usage_daily \
         WHERE principal = ?1 AND day >= substr(?3, 1, 10) GROUP BY 1 \
     ) GROUP BY day ORDER BY day DESC";

impl SqliteStore {
    pub(crate) async fn insert_usage_row(&self, r: &UsageRow) -> Result<(), StoreError> {
        self.writer.write(WriteOp::Usage(r.clone())).await?;
        Ok(())
    }

    pub(crate) fn queue_usage_row(&self, r: &UsageRow) {
        self.writer.submit(WriteOp::Usage(r.clone()));
    }

    pub(crate) async fn spend_since_ts(
        &self,
        since: DateTime<Utc>,
        principal: Option<&str>,
    ) -> Result<i64, StoreError> {
        let total: Option<i64> = match principal {
            Some(p) => {
                sqlx::query_scalar(
                    "SELECT SUM(cost_micros) FROM usage_ledger WHERE at >= ? AND principal = ?",
                )
                .bind(ts(since))
                .bind(p)
                .fetch_one(&self.pool)
                .await?
            }
            None => {
                sqlx::query_scalar("SELECT SUM(cost_micros) FROM usage_ledger WHERE at >= ?")
                    .bind(ts(since))
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(total.unwrap_or(0))
    }

    pub(crate) async fn spend_per_principal(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT principal, SUM(cost_micros) FROM usage_ledger WHERE at >= ? \
             GROUP BY principal",
        )
        .bind(ts(since))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    pub(crate) async fn usage_totals(
        &self,
        since: DateTime<Utc>,
        by: crate::UsageOrder,
        limit: u32,
    ) -> Result<Vec<crate::UsageTotal>, StoreError> {
        // One fixed statement per order: nothing is spliced into the SQL.
        let sql = match by {
            crate::UsageOrder::Cost => concat!(
                usage_top_sql!(),
                " ORDER BY cost DESC, requests DESC LIMIT ?"
            ),
            crate::UsageOrder::Requests => concat!(
                usage_top_sql!(),
                " ORDER BY requests DESC, cost DESC LIMIT ?"
            ),
            crate::UsageOrder::Llm => {
                concat!(usage_top_sql!(), " ORDER BY llm DESC, cost DESC LIMIT ?")
            }
        };
        let rows: Vec<(String, Option<String>, i64, i64, i64)> = sqlx::query_as(sql)
            .bind(crate::id_floor(since).to_string())
            .bind(ts(since))
            .bind(ts(since))
            .bind(clamp_limit(limit))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .into_iter()
            .map(
                |(principal, name, requests, llm_calls, cost_micros)| crate::UsageTotal {
                    principal,
                    name,
                    requests,
                    llm_calls,
                    cost_micros,
                },
            )
            .collect())
    }

    pub(crate) async fn usage_days(
        &self,
        principal: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<crate::UsageDay>, StoreError> {
        let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(USAGE_BY_DAY_SQL)
            .bind(principal)
            .bind(crate::id_floor(since).to_string())
            .bind(ts(since))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|(day, requests, llm_calls, cost_micros)| {
                let day = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|e| {
                    StoreError::Corrupt {
                        field: "at",
                        reason: e.to_string(),
                    }
                })?;
                Ok(crate::UsageDay {
                    day,
                    requests,
                    llm_calls,
                    cost_micros,
                })
            })
            .collect()
    }

    pub(crate) async fn insert_alert_row(&self, a: &AlertRow) -> Result<(), StoreError> {
        self.writer.write(WriteOp::Alert(a.clone())).await?;
        Ok(())
    }

    pub(crate) async fn list_alert_rows(
        &self,
        state: AlertState,
        limit: u32,
    ) -> Result<Vec<AlertRow>, StoreError> {
        // Three literal statements: the state picks one, no SQL is built.
        let sql = match state {
            AlertState::All => "SELECT * FROM alerts ORDER BY id DESC LIMIT ?",
            AlertState::Firing => {
                "SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY id DESC LIMIT ?"
            }
            AlertState::Resolved => {
                "SELECT * FROM alerts WHERE resolved_at IS NOT NULL ORDER BY id DESC LIMIT ?"
            }
        };
        // Up to 1,000: the alert engine reads every firing alert back.
        let rows = sqlx::query(sql)
            .bind(i64::from(limit.clamp(1, 1000)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode_alert).collect()
    }

    pub(crate) async fn resolve_alert_rows(
        &self,
        kind: &str,
        scope: Option<&str>,
        percent: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        use rusqlite::types::Value;
        let changed = self
            .writer
            .write(WriteOp::Exec {
                sql: "UPDATE alerts SET resolved_at = ? WHERE kind = ? \
                      AND coalesce(scope, '') = ? AND coalesce(percent, -1) = ? \
                      AND resolved_at IS NULL",
                args: vec![
                    Value::Text(ts(at)),
                    Value::Text(kind.to_string()),
                    Value::Text(scope.unwrap_or("").to_string()),
                    Value::Integer(percent.unwrap_or(-1)),
                ],
            })
            .await?;
        Ok(changed)
    }

    pub(crate) async fn alert_rows_since(
        &self,
        kind: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<AlertRow>, StoreError> {
        let rows = sqlx::query("SELECT * FROM alerts WHERE kind = ? AND at >= ? ORDER BY id")
            .bind(kind)
            .bind(ts(since))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode_alert).collect()
    }

    pub(crate) async fn alert_rows_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<AlertRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM alerts WHERE (at >= ?1 AND at < ?2) \
             OR (resolved_at >= ?1 AND resolved_at < ?2) ORDER BY id DESC LIMIT ?3",
        )
        .bind(ts(from))
        .bind(ts(to))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode_alert).collect()
    }
}

fn decode_alert(row: &sqlx::sqlite::SqliteRow) -> Result<AlertRow, StoreError> {
    let at: String = row.try_get("at")?;
    let resolved_at: Option<String> = row.try_get("resolved_at")?;
    Ok(AlertRow {
        kind: row.try_get("kind")?,
        message: row.try_get("message")?,
        scope: row.try_get("scope")?,
        percent: row.try_get("percent")?,
        at: parse_ts(&at)?,
        severity: row.try_get("severity")?,
        detail: row.try_get("detail")?,
        resolved_at: resolved_at.as_deref().map(parse_ts).transpose()?,
    })
}
