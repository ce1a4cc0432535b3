//! History queries for SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

use super::batch::{EncodedHistory, WriteOp};
use super::SqliteStore;
use crate::{clamp_limit, AppStore, HistoryEntry, HistoryPage, StoreError};

/// History rows deleted per transaction when pruning.
const PRUNE_CHUNK: i64 = 2_000;

const COLUMNS: &str =
    "id, question, normalised, answer, source, status, reason, intent, sql_text, \
    columns_json, rows_json, params_json, row_count, truncated, confidence, latency_ms, request_id, principal, created_at, interpretation, unparsed_json, presentation_json";

#[async_trait]
impl AppStore for SqliteStore {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn table_rows(&self) -> Result<Vec<(&'static str, i64)>, StoreError> {
        let (history, usage, alerts, audit, security, rollups): (i64, i64, i64, i64, i64, i64) =
            sqlx::query_as(
                "SELECT (SELECT count(*) FROM history), (SELECT count(*) FROM usage_ledger), \
                 (SELECT count(*) FROM alerts), (SELECT count(*) FROM audit_log), \
                 (SELECT count(*) FROM security_events), (SELECT count(*) FROM rollup_minutes)",
            )
            .fetch_one(&self.pool)
            .await?;
        Ok(vec![
            ("history", history),
            ("usage_ledger", usage),
            ("alerts", alerts),
            ("audit_log", audit),
            ("security_events", security),
            ("rollup_minutes", rollups),
        ])
    }

    async fn insert_history(&self, e: &HistoryEntry) -> Result<(), StoreError> {
        let encoded = EncodedHistory {
            columns_json: serde_json::to_string(&e.columns)
                .map_err(|err| corrupt("columns_json", err))?,
            rows_json: serde_json::to_string(&e.rows).map_err(|err| corrupt("rows_json", err))?,
            params_json: serde_json::to_string(&e.params)
                .map_err(|err| corrupt("params_json", err))?,
            unparsed_json: serde_json::to_string(&e.unparsed)
                .map_err(|err| corrupt("unparsed_json", err))?,
            presentation_json: serde_json::to_string(&Presentation {
                column_labels: e.column_labels.clone(),
                chart: e.chart.clone(),
            })
            .map_err(|err| corrupt("presentation_json", err))?,
            entry: e.clone(),
        };
        self.writer
            .write(WriteOp::History(Box::new(encoded)))
            .await?;
        Ok(())
    }

    async fn list_history(&self, page: HistoryPage) -> Result<Vec<HistoryEntry>, StoreError> {
        let limit = clamp_limit(page.limit);
        let rows = match page.before {
            Some(before) => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM history WHERE id < ? ORDER BY id DESC LIMIT ?"
                ))
                .bind(before.to_string())
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM history ORDER BY id DESC LIMIT ?"
                ))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(decode).collect()
    }

    async fn list_history_of(
        &self,
        principal: &str,
        page: HistoryPage,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let limit = clamp_limit(page.limit);
        let before = page
            .before
            .map_or_else(|| "~".to_string(), |b| b.to_string());
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM history WHERE principal = ? AND id < ? ORDER BY id DESC LIMIT ?"
        ))
        .bind(principal)
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode).collect()
    }

    async fn delete_history(&self, id: Uuid, principal: &str) -> Result<bool, StoreError> {
        let deleted = self
            .writer
            .write(WriteOp::Exec {
                sql: "DELETE FROM history WHERE id = ? AND principal = ?",
                args: vec![
                    rusqlite::types::Value::Text(id.to_string()),
                    rusqlite::types::Value::Text(principal.to_string()),
                ],
            })
            .await?;
        Ok(deleted > 0)
    }

    async fn delete_history_of(&self, principal: &str) -> Result<u64, StoreError> {
        self.writer
            .write(WriteOp::Exec {
                sql: "DELETE FROM history WHERE principal = ?",
                args: vec![rusqlite::types::Value::Text(principal.to_string())],
            })
            .await
    }

    async fn get_history(&self, id: Uuid) -> Result<Option<HistoryEntry>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM history WHERE id = ?"))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(decode).transpose()
    }

    async fn prune_history(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        // In chunks: one huge DELETE would hold the write lock (and the task
        // that commits it) for as long as it takes; chunks let answers'
        // history writes interleave.
        // By id: ids are UUIDv7, minted when the question is asked, so the
        // primary key's index serves retention and no `created_at` index is
        // written on every answer.
        let cutoff = crate::id_floor(cutoff).to_string();
        let mut total = 0;
        loop {
            let deleted = self
                .writer
                .write(WriteOp::PruneHistory {
                    cutoff: cutoff.clone(),
                    limit: PRUNE_CHUNK,
                })
                .await?;
            total += deleted;
            if deleted < PRUNE_CHUNK as u64 {
                return Ok(total);
            }
        }
    }

    async fn prune_history_by_plan(
        &self,
        cutoffs: &crate::RetentionCutoffs,
    ) -> Result<u64, StoreError> {
        self.prune_by_plan(cutoffs).await
    }

    async fn insert_usage(&self, row: &crate::UsageRow) -> Result<(), StoreError> {
        self.insert_usage_row(row).await
    }

    async fn queue_usage(&self, row: &crate::UsageRow) {
        self.queue_usage_row(row);
    }

    async fn spend_since(
        &self,
        since: DateTime<Utc>,
        principal: Option<&str>,
    ) -> Result<i64, StoreError> {
        self.spend_since_ts(since, principal).await
    }

    async fn spend_by_principal_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        self.spend_per_principal(since).await
    }

    async fn usage_top(
        &self,
        since: DateTime<Utc>,
        by: crate::UsageOrder,
        limit: u32,
    ) -> Result<Vec<crate::UsageTotal>, StoreError> {
        self.usage_totals(since, by, limit).await
    }

    async fn usage_by_day(
        &self,
        principal: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<crate::UsageDay>, StoreError> {
        self.usage_days(principal, since).await
    }

    async fn insert_security_event(
        &self,
        event: &crate::SecurityEventRow,
    ) -> Result<(), StoreError> {
        self.insert_security_row(event).await
    }

    async fn security_summary(
        &self,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<crate::SecurityCount>, StoreError> {
        self.security_counts(since, until).await
    }

    async fn prune_security_events(&self, cutoff: DateTime<Utc>) -> Result<u64, StoreError> {
        self.prune_security_rows(cutoff).await
    }

    async fn add_rollups(&self, rows: &[crate::RollupRow]) -> Result<(), StoreError> {
        self.add_rollup_rows(rows).await
    }

    async fn rollups(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        series: Option<crate::RollupSeries>,
    ) -> Result<Vec<crate::RollupRow>, StoreError> {
        self.rollup_rows(from, to, series).await
    }

    async fn prune_rollups(
        &self,
        cutoff: DateTime<Utc>,
        series: Option<crate::RollupSeries>,
    ) -> Result<u64, StoreError> {
        self.prune_rollup_rows(cutoff, series).await
    }

    async fn insert_alert(&self, alert: &crate::AlertRow) -> Result<(), StoreError> {
        self.insert_alert_row(alert).await
    }

    async fn list_alerts(
        &self,
        state: crate::AlertState,
        limit: u32,
    ) -> Result<Vec<crate::AlertRow>, StoreError> {
        self.list_alert_rows(state, limit).await
    }

    async fn resolve_alerts(
        &self,
        kind: &str,
        scope: Option<&str>,
        percent: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        self.resolve_alert_rows(kind, scope, percent, at).await
    }

    async fn alerts_since(
        &self,
        kind: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<crate::AlertRow>, StoreError> {
        self.alert_rows_since(kind, since).await
    }

    async fn alerts_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<crate::AlertRow>, StoreError> {
        self.alert_rows_between(from, to, limit).await
    }

    async fn schema_version(&self) -> Result<i64, StoreError> {
        // sqlx records every migration it applied, with whether it succeeded.
        let version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(version)
    }

    async fn min_reader_schema(&self) -> Result<Option<i64>, StoreError> {
        super::migrate::recorded_min_reader(&self.pool).await
    }

    async fn close(&self) {
        self.close_pools().await;
    }
}

/// What `presentation_json` holds; `{}` (rows stored before it) reads as
/// no labels and no chart.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Presentation {
    #[serde(default)]
    column_labels: Vec<String>,
    #[serde(default)]
    chart: Option<serde_json::Value>,
}

fn corrupt(field: &'static str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        field,
        reason: err.to_string(),
    }
}

fn decode(row: &SqliteRow) -> Result<HistoryEntry, StoreError> {
    let id: String = row.try_get("id")?;
    let columns: String = row.try_get("columns_json")?;
    let rows: String = row.try_get("rows_json")?;
    let params: String = row.try_get("params_json")?;
    let unparsed: String = row.try_get("unparsed_json")?;
    let presentation: String = row.try_get("presentation_json")?;
    let presentation: Presentation =
        serde_json::from_str(&presentation).map_err(|e| corrupt("presentation_json", e))?;
    let created: String = row.try_get("created_at")?;
    Ok(HistoryEntry {
        id: Uuid::parse_str(&id).map_err(|e| corrupt("id", e))?,
        question: row.try_get("question")?,
        normalised: row.try_get("normalised")?,
        answer: row.try_get("answer")?,
        source: row.try_get("source")?,
        status: row.try_get("status")?,
        reason: row.try_get("reason")?,
        intent: row.try_get("intent")?,
        interpretation: row.try_get("interpretation")?,
        unparsed: serde_json::from_str(&unparsed).map_err(|e| corrupt("unparsed_json", e))?,
        sql: row.try_get("sql_text")?,
        columns: serde_json::from_str(&columns).map_err(|e| corrupt("columns_json", e))?,
        rows: serde_json::from_str(&rows).map_err(|e| corrupt("rows_json", e))?,
        column_labels: presentation.column_labels,
        chart: presentation.chart,
        params: serde_json::from_str(&params).map_err(|e| corrupt("params_json", e))?,
        row_count: row.try_get("row_count")?,
        truncated: row.try_get("truncated")?,
        confidence: row.try_get("confidence")?,
        latency_ms: row.try_get("latency_ms")?,
        request_id: row.try_get("request_id")?,
        principal: row.try_get("principal")?,
        created_at: DateTime::parse_from_rfc3339(&created)
            .map_err(|e| corrupt("created_at", e))?
            .with_timezone(&Utc),
    })
}
