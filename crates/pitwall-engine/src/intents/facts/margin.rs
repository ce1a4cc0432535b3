//! A race's winning margin: the runner-up's gap to the winner as the
//! results record it (`results.time` of P2, "+2.345"), or the laps between
//! them when the runner-up was lapped ("+1 Lap" in `status`). "By how much
//! did Hamilton win the 2019 Monaco Grand Prix" names the winner: a driver
//! who did not win that race is told so, not given someone else's margin.

use super::{label, names_race, race_params, read, title, RACE_SUB};
use crate::intents::ctx::{cell, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Phrases that ask for the margin of a race win.
const MARGIN: &[&str] = &[
    "winning margin",
    "margin of victory",
    "victory margin",
    "by how much",
    "by what margin",
    "how big was the margin",
    "how far ahead",
    "margin",
];

/// Claims questions about the margin of one race's win.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !names_race(ctx) || !r.constructors.is_empty() || r.drivers.len() > 1 {
        return Ok(None);
    }
    if !ctx.peek_any(MARGIN) {
        return Ok(None);
    }
    let race = match ctx.the_race() {
        Ok(x) => x,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    read(ctx, MARGIN);
    read(
        ctx,
        &[
            "win", "won", "winner", "the", "at", "in", "of", "what", "was", "did", "he", "she",
            "race", "grand", "prix", "gp", "his", "her", "it",
        ],
    );
    let driver = r.drivers.first().map(|d| d.entity.id);
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, r.position, r.time, s.status, r.laps FROM results r \
         JOIN drivers d ON d.driverId = r.driverId LEFT JOIN status s ON s.statusId = r.statusId \
         WHERE r.raceId = {RACE_SUB} AND r.position IN (1, 2) ORDER BY r.position"
    );
    let params = race_params(race);
    let winner_named = driver.map(|d| ctx.idx.driver_name(d));
    ctx.interpret(format!("Winning margin · {}", label(race)));
    let conf = ctx.confidence(usize::from(driver.is_some()), 0, 1);
    ctx.answer("race_margin", &sql, params, conf, |t| {
        if t.rows.len() < 2 || cell(t, 0, 1) != "1" || cell(t, 1, 1) != "2" {
            return None;
        }
        let (winner, second) = (cell(t, 0, 0), cell(t, 1, 0));
        if let Some(named) = &winner_named {
            if *named != winner {
                return Some(format!(
                    "{named} did not win {}: {winner} did, ahead of {second}.",
                    title(race)
                ));
            }
        }
        let gap = cell(t, 1, 2);
        let status = cell(t, 1, 3);
        Some(if gap.starts_with('+') {
            format!(
                "{winner} won {} by {} s over {second}.",
                title(race),
                gap.trim_start_matches('+')
            )
        } else if status.starts_with('+') {
            format!(
                "{winner} won {} by at least a lap: {second}, second, finished {status} ({} laps).",
                title(race),
                cell(t, 1, 4)
            )
        } else {
            format!(
                "{winner} won {} ahead of {second}; the data records no time gap between them.",
                title(race)
            )
        })
    })
}
