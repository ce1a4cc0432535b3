//! Fastest laps beyond "who set it": the lap's average speed, a driver's
//! own best lap, and the refusals for what the load lacks (lap-by-lap
//! times, speed traps, a race with no fastest lap recorded). The fact
//! family's entry point and words; the query is `query::LapQuery`.

use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::query::LapQuery;
use crate::{EngineError, Outcome};

/// Words of a fastest-lap speed question that the answer honours.
#[rustfmt::skip]
pub(super) const SPEED_WORDS: &[&str] = &[
    "fastest", "quickest", "lap", "laps", "speed", "speeds", "kmh", "km", "h", "set", "who",
    "which", "what", "where", "and", "it", "race", "recorded", "clocked", "was", "his", "her",
    "highest", "best", "fast", "how",
];

/// Words of a driver's-own-best-lap question that the answer honours.
#[rustfmt::skip]
pub(super) const LAP_WORDS: &[&str] = &[
    "fastest", "quickest", "best", "lap", "time", "set", "his", "her", "own", "personal",
    "which", "what", "on", "recorded", "clocked", "number", "did", "was",
];

/// Claims fastest-lap speed, own-best-lap and lap-by-lap questions: a
/// typed query (`query::LapQuery`), kept in the fact families' order.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(crate::parse::laps::laps(ctx));
    let compiled = crate::compile::laps(&q);
    let (who, conf) = match q {
        LapQuery::Recorded(race) => {
            let t = ctx.run(&compiled.sql, &compiled.params)?;
            if cell(&t, 0, 0) != "0" {
                return Ok(None);
            }
            return Ok(Some(ctx.refuse(&format!(
                "The data has no fastest-lap record for the {} {} (no car has a fastest-lap rank).",
                race.year, race.name
            ))));
        }
        LapQuery::OwnLap { race, driver } => {
            let name = ctx.idx.driver_name(driver);
            let t = ctx.run(&compiled.sql, &compiled.params)?;
            let title = format!("the {} {}", race.year, race.name);
            if t.rows.is_empty() {
                return Ok(Some(
                    ctx.refuse(&format!("{name} did not take part in {title}.")),
                ));
            }
            if cell(&t, 0, 0) == "-" {
                return Ok(Some(ctx.refuse(&format!(
                    "The data has no fastest lap for {name} at {title}."
                ))));
            }
            (name, ctx.confidence(1, 0, 1))
        }
        LapQuery::Speed { driver, .. } => {
            let (_, word_mentions) = crate::parse::driver::named_drivers(ctx, &["speed"]);
            let conf = ctx.confidence(
                usize::from(driver.is_some()) + word_mentions,
                0,
                ctx.r.locs.len().min(1),
            );
            (
                driver.map(|d| ctx.idx.driver_name(d)).unwrap_or_default(),
                conf,
            )
        }
    };
    ctx.interpret(crate::phrase::laps::interpretation(&q, &who));
    ctx.answer(q.intent(), &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::laps::sentence(&q, t, &who)
    })
}
