//! The calendar: the next race after today, a season's first and last race
//! (its opener and finale), and the date and place of a race that is
//! scheduled but has no results yet (the CSV dump and the sync store the
//! season's schedule in `races`). The fact family's entry point; the
//! query is `query::CalendarQuery`.

use crate::intents::Ctx;
use crate::query::CalendarQuery;
use crate::{EngineError, Outcome};

/// Claims "when is the next race", a season's opener or finale, and
/// questions about a scheduled race: a typed query
/// (`query::CalendarQuery`), kept first in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = crate::parse::calendar::calendar(ctx) else {
        return Ok(None);
    };
    let idx = ctx.idx;
    let results_to = (idx.last_year, idx.last_round);
    let conf = match q {
        CalendarQuery::Scheduled(_) => ctx.confidence(0, 0, 1),
        _ => ctx.confidence(0, 0, 0),
    };
    ctx.interpret(crate::phrase::calendar::interpretation(&q));
    let compiled = crate::compile::calendar(&q);
    let sentence = |t: &pitwall_f1data::Table| crate::phrase::calendar::sentence(&q, t, results_to);
    if !matches!(q, CalendarQuery::Next { .. }) {
        return ctx.answer("calendar", &compiled.sql, compiled.params, conf, sentence);
    }
    let outcome = ctx.answer_or_pass("calendar", &compiled.sql, compiled.params, conf, sentence)?;
    Ok(Some(outcome.unwrap_or_else(|| {
        let last = idx.races.iter().max_by_key(|r| (r.year, r.round));
        ctx.refuse(&match last {
            Some(r) => format!(
                "No race is scheduled after today in the data: its calendar ends with the {} {} (round {}).",
                r.year, r.name, r.round
            ),
            None => "The data has no calendar.".into(),
        })
    })))
}
