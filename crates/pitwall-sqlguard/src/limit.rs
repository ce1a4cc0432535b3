//! The row cap, written into the statement itself so SQLite stops producing
//! rows early instead of the fetch loop discarding them.

use sqlparser::ast::{Expr, LimitClause, Query, UnaryOperator, Value};

use crate::GuardError;

/// Makes the outermost LIMIT at most `max_rows`: adds one when missing,
/// replaces a larger or non-literal one (an expression, `-1` meaning "no
/// limit" in SQLite, a subquery), keeps a smaller literal, keeps OFFSET.
pub(crate) fn cap_limit(query: &mut Query, max_rows: u64) -> Result<(), GuardError> {
    match &mut query.limit_clause {
        None => {
            query.limit_clause = Some(LimitClause::LimitOffset {
                limit: Some(number(max_rows)),
                offset: None,
                limit_by: Vec::new(),
            });
        }
        Some(LimitClause::LimitOffset {
            limit, limit_by, ..
        }) => {
            if !limit_by.is_empty() {
                return Err(GuardError::UnsupportedClause {
                    clause: "LIMIT ... BY".to_string(),
                });
            }
            match limit {
                Some(expr) => cap_expr(expr, max_rows),
                // `LIMIT ALL` or a bare OFFSET: no cap yet.
                None => *limit = Some(number(max_rows)),
            }
        }
        // SQLite's `LIMIT offset, count`.
        Some(LimitClause::OffsetCommaLimit { limit, .. }) => cap_expr(limit, max_rows),
    }
    Ok(())
}

fn cap_expr(expr: &mut Expr, max_rows: u64) {
    match literal_count(expr) {
        Some(n) if n <= max_rows => {}
        _ => *expr = number(max_rows),
    }
}

/// The value of a non-negative integer literal (possibly parenthesised or
/// with a unary `+`); `None` for anything SQLite might read differently.
fn literal_count(expr: &Expr) -> Option<u64> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(text, false) => text.parse::<u64>().ok(),
            _ => None,
        },
        Expr::Nested(inner) => literal_count(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => literal_count(expr),
        _ => None,
    }
}

fn number(n: u64) -> Expr {
    Expr::value(Value::Number(n.to_string(), false))
}
