//! The qualifying order of one race: the top N ("quali top 3"), or the
//! whole classification, from `qualifying.position` (2003 on, when the
//! table is complete), with each driver's best session time.

use super::{label, race_params, read, title, RACE_SUB};
use crate::index::RaceInfo;
use crate::intents::ctx::{cell, join_and, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// The top N of qualifying (all of it for "results" / "order").
pub(super) fn top(ctx: &Ctx, race: &RaceInfo) -> Result<Option<Outcome>, EngineError> {
    if race.year < 2003 {
        return Ok(None);
    }
    let n = match ctx.top_n() {
        Some(n) => n,
        None if read(
            ctx,
            &["results", "result", "order", "classification", "full"],
        ) =>
        {
            30
        }
        None => return Ok(None),
    };
    read(
        ctx,
        &[
            "qualifying",
            "quali",
            "qualification",
            "who",
            "were",
            "the",
            "in",
        ],
    );
    let sql = format!(
        "SELECT q.position, {DRIVER_NAME} AS driver, COALESCE(q.q3, q.q2, q.q1) AS best_time FROM qualifying q \
         JOIN drivers d ON d.driverId = q.driverId WHERE q.raceId = {RACE_SUB} AND q.position <= ? ORDER BY q.position"
    );
    let mut params = race_params(race);
    params.push(serde_json::json!(n));
    let what = if n >= 30 {
        "Qualifying order".to_string()
    } else {
        format!("Qualifying top {n}")
    };
    ctx.interpret(format!("{what} · {}", label(race)));
    let conf = ctx.confidence(0, 0, 1);
    ctx.answer("qualifying_order", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let items: Vec<String> = (0..t.rows.len())
            .map(|i| format!("{}. {} ({})", cell(t, i, 0), cell(t, i, 1), cell(t, i, 2)))
            .collect();
        Some(format!("{what} at {}: {}.", title(race), join_and(&items)))
    })
}
