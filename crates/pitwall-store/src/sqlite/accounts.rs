//! Users, keys, plans, settings and the audit log for SQLite. Reads go
//! through the reader pool; writes through the one writer (group commit),
//! as fixed statements with bound values.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use uuid::Uuid;

use super::batch::WriteOp;
use super::{ts, SqliteStore};
use crate::accounts::{AccountStore, AuditRow, KeyRow, UserRow};
use crate::{clamp_limit, StoreError};

impl SqliteStore {
    async fn exec(&self, sql: &'static str, args: Vec<Value>) -> Result<u64, StoreError> {
        self.writer.write(WriteOp::Exec { sql, args }).await
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn opt_ts(at: Option<DateTime<Utc>>) -> Value {
    at.map_or(Value::Null, |t| Value::Text(ts(t)))
}

fn json_text(v: &serde_json::Value) -> Value {
    Value::Text(v.to_string())
}

#[async_trait]
impl AccountStore for SqliteStore {
    async fn insert_user(&self, u: &UserRow) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO users (id, name, plan, blocked, created_at) VALUES (?, ?, ?, ?, ?)",
            vec![
                text(&u.id.to_string()),
                text(&u.name),
                text(&u.plan),
                Value::Integer(i64::from(u.blocked)),
                text(&ts(u.created_at)),
            ],
        )
        .await?;
        Ok(())
    }

    async fn get_user(&self, id: Uuid) -> Result<Option<UserRow>, StoreError> {
        let row = sqlx::query("SELECT id, name, plan, blocked, created_at FROM users WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(|r| decode_user(r, "")).transpose()
    }

    async fn list_users(&self) -> Result<Vec<UserRow>, StoreError> {
        let rows = sqlx::query("SELECT id, name, plan, blocked, created_at FROM users ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| decode_user(r, "")).collect()
    }

    async fn update_user(&self, u: &UserRow) -> Result<bool, StoreError> {
        let changed = self
            .exec(
                "UPDATE users SET name = ?, plan = ?, blocked = ? WHERE id = ?",
                vec![
                    text(&u.name),
                    text(&u.plan),
                    Value::Integer(i64::from(u.blocked)),
                    text(&u.id.to_string()),
                ],
            )
            .await?;
        Ok(changed > 0)
    }

    async fn insert_key(&self, k: &KeyRow) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO api_keys (public_id, user_id, label, role, hash, created_at, expires_at, \
             revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                text(&k.public_id),
                text(&k.user_id.to_string()),
                text(&k.label),
                text(&k.role),
                Value::Blob(k.hash.clone()),
                text(&ts(k.created_at)),
                opt_ts(k.expires_at),
                opt_ts(k.revoked_at),
                opt_ts(k.last_used_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn find_key(&self, public_id: &str) -> Result<Option<(KeyRow, UserRow)>, StoreError> {
        let row = sqlx::query(
            "SELECT k.public_id, k.user_id, k.label, k.role, k.hash, k.created_at, k.expires_at, \
             k.revoked_at, k.last_used_at, u.id AS u_id, u.name AS u_name, u.plan AS u_plan, \
             u.blocked AS u_blocked, u.created_at AS u_created_at \
             FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.public_id = ?",
        )
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some((decode_key(&r)?, decode_user(&r, "u_")?))),
        }
    }

    async fn list_keys(&self, user: Uuid) -> Result<Vec<KeyRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT public_id, user_id, label, role, hash, created_at, expires_at, revoked_at, \
             last_used_at FROM api_keys WHERE user_id = ? ORDER BY created_at, public_id",
        )
        .bind(user.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode_key).collect()
    }

    async fn revoke_key(&self, public_id: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let at = ts(at);
        let found: Option<String> =
            sqlx::query_scalar("SELECT public_id FROM api_keys WHERE public_id = ?")
                .bind(public_id)
                .fetch_optional(&self.pool)
                .await?;
        if found.is_none() {
            return Ok(false);
        }
        self.exec(
            "UPDATE api_keys SET revoked_at = ? WHERE public_id = ? \
             AND (revoked_at IS NULL OR revoked_at > ?)",
            vec![text(&at), text(public_id), text(&at)],
        )
        .await?;
        Ok(true)
    }

    async fn touch_key(&self, public_id: &str, at: DateTime<Utc>) {
        self.writer.submit(WriteOp::Exec {
            sql: "UPDATE api_keys SET last_used_at = ? WHERE public_id = ?",
            args: vec![text(&ts(at)), text(public_id)],
        });
    }

    async fn put_plan(&self, name: &str, limits: &serde_json::Value) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO plans (name, limits_json, updated_at) VALUES (?, ?, ?) \
             ON CONFLICT(name) DO UPDATE SET limits_json = excluded.limits_json, \
             updated_at = excluded.updated_at",
            vec![text(name), json_text(limits), text(&ts(Utc::now()))],
        )
        .await?;
        Ok(())
    }

    async fn list_plans(&self) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT name, limits_json FROM plans ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter()
            .map(|(name, json)| Ok((name, parse_json("limits_json", &json)?)))
            .collect()
    }

    async fn put_setting(&self, name: &str, value: &serde_json::Value) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO settings (name, value_json, updated_at) VALUES (?, ?, ?) \
             ON CONFLICT(name) DO UPDATE SET value_json = excluded.value_json, \
             updated_at = excluded.updated_at",
            vec![text(name), json_text(value), text(&ts(Utc::now()))],
        )
        .await?;
        Ok(())
    }

    async fn get_setting(&self, name: &str) -> Result<Option<serde_json::Value>, StoreError> {
        let raw: Option<String> =
            sqlx::query_scalar("SELECT value_json FROM settings WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?;
        raw.map(|r| parse_json("value_json", &r)).transpose()
    }

    async fn insert_audit(&self, a: &AuditRow) -> Result<(), StoreError> {
        let json = |v: &Option<serde_json::Value>| v.as_ref().map_or(Value::Null, json_text);
        self.exec(
            "INSERT INTO audit_log (at, actor, action, target, before_json, after_json, request_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![
                text(&ts(a.at)),
                text(&a.actor),
                text(&a.action),
                text(&a.target),
                json(&a.before),
                json(&a.after),
                text(&a.request_id),
            ],
        )
        .await?;
        Ok(())
    }

    async fn list_audit(
        &self,
        limit: u32,
        before: Option<i64>,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, target, before_json, after_json, request_id \
             FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(clamp_limit(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode_audit).collect()
    }
}

fn corrupt(field: &'static str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        field,
        reason: err.to_string(),
    }
}

fn parse_json(field: &'static str, raw: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(raw).map_err(|e| corrupt(field, e))
}

fn parse_at(field: &'static str, raw: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(field, e))
}

fn parse_opt_at(
    field: &'static str,
    raw: Option<String>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    raw.map(|r| parse_at(field, &r)).transpose()
}

/// Decodes the user columns, named with `prefix` (`u_` in the key join).
fn decode_user(row: &SqliteRow, prefix: &str) -> Result<UserRow, StoreError> {
    let col = |name: &str| format!("{prefix}{name}");
    let id: String = row.try_get(col("id").as_str())?;
    let created: String = row.try_get(col("created_at").as_str())?;
    let blocked: i64 = row.try_get(col("blocked").as_str())?;
    Ok(UserRow {
        id: Uuid::parse_str(&id).map_err(|e| corrupt("users.id", e))?,
        name: row.try_get(col("name").as_str())?,
        plan: row.try_get(col("plan").as_str())?,
        blocked: blocked != 0,
        created_at: parse_at("users.created_at", &created)?,
    })
}

fn decode_key(row: &SqliteRow) -> Result<KeyRow, StoreError> {
    let user: String = row.try_get("user_id")?;
    let created: String = row.try_get("created_at")?;
    Ok(KeyRow {
        public_id: row.try_get("public_id")?,
        user_id: Uuid::parse_str(&user).map_err(|e| corrupt("api_keys.user_id", e))?,
        label: row.try_get("label")?,
        role: row.try_get("role")?,
        hash: row.try_get("hash")?,
        created_at: parse_at("api_keys.created_at", &created)?,
        expires_at: parse_opt_at("api_keys.expires_at", row.try_get("expires_at")?)?,
        revoked_at: parse_opt_at("api_keys.revoked_at", row.try_get("revoked_at")?)?,
        last_used_at: parse_opt_at("api_keys.last_used_at", row.try_get("last_used_at")?)?,
    })
}

fn decode_audit(row: &SqliteRow) -> Result<AuditRow, StoreError> {
    let at: String = row.try_get("at")?;
    let json = |name: &'static str| -> Result<Option<serde_json::Value>, StoreError> {
        let raw: Option<String> = row.try_get(name)?;
        raw.map(|r| parse_json(name, &r)).transpose()
    };
    Ok(AuditRow {
        id: row.try_get("id")?,
        at: parse_at("audit_log.at", &at)?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        before: json("before_json")?,
        after: json("after_json")?,
        request_id: row.try_get("request_id")?,
    })
}
