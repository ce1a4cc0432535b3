//! How cars ended a race: retirements with a named cause, classified
//! finishers, starters, entrants, disqualifications, non-qualifiers and
//! retirements, counted or listed. The fact family's entry point and
//! words; the query is `query::StatusQuery`.

use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::parse::status::RETIRE_WORDS;
use crate::query::StatusWho;
use crate::{EngineError, Outcome};

/// Words of finish-status questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "how", "many", "number", "total", "cars", "car", "drivers", "who", "which", "were", "was",
    "did", "in", "at", "from", "of", "with", "a", "an", "the", "race", "grand", "prix", "gp",
    "there", "times", "has", "have", "had", "their", "his", "her", "its", "got", "get",
    "end", "ended", "up",
];

/// Lists longer than this are not given (a season's retirements): the
/// count is asked for instead, by another reading.
const MAX_LISTED: usize = 50;

/// Every status of the data (about 140 rows: more than `Ctx::run`
/// returns), the vocabulary of named retirement causes.
fn statuses(ctx: &Ctx) -> Result<Vec<String>, EngineError> {
    let mut stmt = ctx.conn.prepare("SELECT status FROM status")?;
    let statuses = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(statuses)
}

/// Claims questions counting or listing how cars ended races: a typed
/// query (`query::StatusQuery`), kept in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if !crate::parse::status::may_claim(ctx) {
        return Ok(None);
    }
    let statuses = if ctx.peek_any(RETIRE_WORDS) {
        statuses(ctx)?
    } else {
        Vec::new()
    };
    let q = parsed!(crate::parse::status::status(ctx, &statuses));
    if !q.counted {
        let size = crate::compile::status_list_size(&q);
        let total = ctx.run(&size.sql, &size.params)?;
        if cell(&total, 0, 0).parse::<usize>().unwrap_or(0) > MAX_LISTED {
            return Ok(None);
        }
    }
    let name = match q.who {
        StatusWho::Driver(_) => ctx.r.drivers.first().map(|d| d.entity.name.clone()),
        StatusWho::Team(_) => ctx.r.constructors.first().map(|c| c.entity.name.clone()),
        StatusWho::All => None,
    }
    .unwrap_or_default();
    ctx.interpret(crate::phrase::status::interpretation(&q));
    let r = ctx.r;
    let conf = ctx.confidence(r.drivers.len(), r.constructors.len(), r.locs.len());
    let compiled = crate::compile::status(&q);
    ctx.answer("finish_status", &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::status::sentence(&q, t, &name)
    })
}
