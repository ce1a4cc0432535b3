//! Per-plan history retention for SQLite, in windows of history rows.
//!
//! Each step reads where the next window of `PRUNE_WINDOW` rows (in id
//! order) ends, then deletes that window's expired rows in one write. A
//! window bounds both the rows one transaction deletes and the rows it
//! looks at, so rows kept by a long-retention plan are scanned once per
//! prune, not once per batch, and answers' writes interleave.

use rusqlite::types::Value;

use super::batch::WriteOp;
use super::SqliteStore;
use crate::retention::NON_USER_PLAN;
use crate::{id_floor, RetentionCutoffs, StoreError};

/// History rows examined (and so deleted at most) per transaction.
const PRUNE_WINDOW: i64 = 2_000;

/// Deletes the expired rows of one window `(after, upto]` below the latest
/// cutoff. A row's plan is its user's, or `?5` for other principals; its
/// cutoff is that plan's in the JSON object `?4` (`""` keeps), or `?6` for
/// a plan not in it. Fixed text: every value is bound.
const PRUNE_WINDOW_SQL: &str = "DELETE FROM history WHERE rowid IN ( \
     SELECT h.rowid FROM history h \
     LEFT JOIN users u ON substr(h.principal, 1, 5) = 'user:' AND u.id = substr(h.principal, 6) \
     LEFT JOIN json_each(?4) r ON r.key = COALESCE(u.plan, ?5) \
     WHERE h.id > ?1 AND h.id <= ?2 AND h.id < ?3 AND h.id < COALESCE(r.value, ?6))";

impl SqliteStore {
    pub(crate) async fn prune_by_plan(
        &self,
        cutoffs: &RetentionCutoffs,
    ) -> Result<u64, StoreError> {
        let Some(latest) = cutoffs.latest() else {
            return Ok(0);
        };
        let latest = id_floor(latest).to_string();
        // "" sorts below every id: a plan that keeps everything.
        let floor = |c: &Option<chrono::DateTime<chrono::Utc>>| {
            c.map_or_else(String::new, |at| id_floor(at).to_string())
        };
        let plans: serde_json::Map<String, serde_json::Value> = cutoffs
            .by_plan
            .iter()
            .map(|(name, c)| (name.clone(), serde_json::Value::String(floor(c))))
            .collect();
        let plans = serde_json::Value::Object(plans).to_string();
        let other = floor(&cutoffs.other);
        let mut after = String::new();
        let mut total = 0;
        loop {
            let end: Option<String> = sqlx::query_scalar(
                "SELECT id FROM history WHERE id > ? AND id < ? ORDER BY id LIMIT 1 OFFSET ?",
            )
            .bind(&after)
            .bind(&latest)
            .bind(PRUNE_WINDOW - 1)
            .fetch_optional(&self.pool)
            .await?;
            let upto = end.clone().unwrap_or_else(|| latest.clone());
            total += self
                .writer
                .write(WriteOp::Exec {
                    sql: PRUNE_WINDOW_SQL,
                    args: vec![
                        Value::Text(after),
                        Value::Text(upto.clone()),
                        Value::Text(latest.clone()),
                        Value::Text(plans.clone()),
                        Value::Text(NON_USER_PLAN.to_string()),
                        Value::Text(other.clone()),
                    ],
                })
                .await?;
            match end {
                Some(_) => after = upto,
                None => return Ok(total),
            }
        }
    }
}
