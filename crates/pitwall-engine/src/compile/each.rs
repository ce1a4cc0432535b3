//! Several measures of one question at once ("compare Senna and Prost on
//! wins, poles and titles"), as one statement, so every part is answered
//! or none is.

use super::{compile, Compiled};
use crate::query::Query;

/// Several measures of one question ("wins, poles and titles"): each
/// compiled alone, then stacked with a first column naming the measure, so
/// one statement answers every part.
pub(crate) fn compile_each(
    q: &Query,
    last_complete: i64,
    circuit_ref: impl Fn(i64) -> String,
) -> Compiled {
    let mut parts = Vec::new();
    let mut params = Vec::new();
    for measure in std::iter::once(q.measure).chain(q.also.iter().copied()) {
        let one = Query {
            measure,
            also: Vec::new(),
            ..q.clone()
        };
        let c = compile(&one, last_complete, &circuit_ref);
        parts.push(format!(
            "SELECT '{}' AS measure, * FROM ({})",
            measure.words(),
            c.sql
        ));
        params.extend(c.params);
    }
    Compiled {
        sql: parts.join(" UNION ALL "),
        params,
    }
}
