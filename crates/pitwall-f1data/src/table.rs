//! Query results as a JSON-ready table, shared by the local engine and the
//! guarded LLM path so both answer in the same shape.

use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A query result: column names and rows of JSON values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column names, in select order.
    pub columns: Vec<String>,
    /// Rows; each has one value per column.
    pub rows: Vec<Vec<Value>>,
}

/// Converts one SQLite value to JSON. Whole floats become integers because
/// points are stored as REAL and "363" reads better than "363.0".
pub fn sqlite_to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(format!("<{} bytes>", b.len())),
    }
}

/// Runs `sql` with positional `params` and collects at most `max_rows` rows.
pub fn query_table(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[rusqlite::types::Value],
    max_rows: usize,
) -> rusqlite::Result<Table> {
    let mut stmt = conn.prepare_cached(sql)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let width = columns.len();
    let mut rows_out = Vec::new();
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    while let Some(row) = rows.next()? {
        if rows_out.len() >= max_rows {
            break;
        }
        let mut out = Vec::with_capacity(width);
        for i in 0..width {
            out.push(sqlite_to_json(row.get_ref(i)?));
        }
        rows_out.push(out);
    }
    Ok(Table {
        columns,
        rows: rows_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_reals_become_integers_and_nulls_stay_null() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let t = query_table(
            &conn,
            "SELECT 363.0 AS a, 202.5 AS b, NULL AS c, 'x' AS d",
            &[],
            10,
        )
        .unwrap();
        assert_eq!(t.columns, vec!["a", "b", "c", "d"]);
        assert_eq!(
            t.rows[0],
            vec![
                Value::from(363),
                Value::from(202.5),
                Value::Null,
                Value::from("x")
            ]
        );
    }

    #[test]
    fn row_cap_is_applied() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) SELECT i FROM n";
        let t = query_table(&conn, sql, &[], 7).unwrap();
        assert_eq!(t.rows.len(), 7);
    }
}
