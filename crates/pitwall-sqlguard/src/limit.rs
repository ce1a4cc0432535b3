//! The row cap, written into the statement itself so SQLite stops producing
//! rows early instead of the fetch loop discarding them.

use sqlparser::ast::{Expr, LimitClause, Query, UnaryOperator, Value};

use crate::GuardError;

/// Makes the outermost LIMIT at most `max_rows`: adds one when missing,
/// replaces a larger or non-literal one (an expression, `-1` meaning "no
/// limit" in SQLite, a subquery), keeps a smaller literal in any spelling
/// SQLite reads (`0x10`, `1_0`, `3.0`, `'4'`, `- -2`), keeps OFFSET.
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
    if !within_cap(expr, max_rows) {
        *expr = number(max_rows);
    }
}

/// Whether SQLite reads `expr` as a LIMIT of at most `max_rows` rows, or
/// refuses it as not an integer: then it is kept as written, so `LIMIT 0x10`,
/// `LIMIT 1_0`, `LIMIT 3.0` or `LIMIT '4'` still mean 16, 10, 3 and 4 rows.
/// Anything whose value is not plain from the literal is replaced.
fn within_cap(expr: &Expr, max_rows: u64) -> bool {
    match literal_value(expr) {
        Some(Num::Int(n)) => (0..=i128::from(max_rows)).contains(&n),
        // SQLite stops with "datatype mismatch" on a fractional LIMIT.
        Some(Num::Real(f)) if f.is_finite() && f.fract() != 0.0 => true,
        Some(Num::Real(f)) => (0.0..=max_rows as f64).contains(&f),
        None => false,
    }
}

/// A numeric value as SQLite reads it.
#[derive(Debug, Clone, Copy)]
enum Num {
    Int(i128),
    Real(f64),
}

/// The value of a literal number or numeric string, possibly parenthesised
/// or signed; `None` for anything else.
fn literal_value(expr: &Expr) -> Option<Num> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(text, _) => number_value(text),
            Value::SingleQuotedString(text) => string_value(text),
            _ => None,
        },
        Expr::Nested(inner) => literal_value(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => literal_value(expr),
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal_value(expr)? {
            Num::Int(n) => Some(Num::Int(-n)),
            Num::Real(f) => Some(Num::Real(-f)),
        },
        _ => None,
    }
}

/// A numeric literal token: decimal or `0x` hex (two's complement over 64
/// bits, as SQLite reads it), `_` separators allowed; integers past i64 are
/// reals to SQLite.
fn number_value(text: &str) -> Option<Num> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        let bits = u64::from_str_radix(hex, 16).ok()?;
        return Some(Num::Int(i128::from(bits as i64)));
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        let n: i128 = digits.parse().ok()?;
        return Some(match i64::try_from(n) {
            Ok(_) => Num::Int(n),
            Err(_) => Num::Real(n as f64),
        });
    }
    digits.parse::<f64>().ok().map(Num::Real)
}

/// A string SQLite turns into a number for LIMIT: only plain digits with an
/// optional fraction are recognised here; other strings are replaced.
fn string_value(text: &str) -> Option<Num> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) {
        return None;
    }
    if fraction.is_empty() && !text.contains('.') {
        number_value(whole)
    } else {
        text.parse::<f64>().ok().map(Num::Real)
    }
}

fn number(n: u64) -> Expr {
    Expr::value(Value::Number(n.to_string(), false))
}
