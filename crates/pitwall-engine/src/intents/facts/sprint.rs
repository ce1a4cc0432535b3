//! Sprint winners as a list: every driver (or team) with a sprint win,
//! with their number of wins, over all sprints or one season; or how many
//! different ones there have been. A driver's sprint totals and one
//! sprint's result are `intents::sprint`.

use serde_json::{json, Value};

use super::read;
use crate::intents::ctx::{cell, join_and, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of sprint-winner questions that the answer honours.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "sprint", "sprints", "race", "races", "have", "has", "ever", "who", "which", "did", "in",
    "a", "the", "so", "far", "all", "list", "name", "names", "winners", "won", "win", "wins",
];

/// Claims "which drivers (teams) have won a sprint".
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !ctx.peek_any(&["sprint", "sprints"])
        || !ctx.peek_any(&["won", "win", "winners", "winner"])
        || !r.drivers.is_empty()
        || !r.constructors.is_empty()
        || !r.locs.is_empty()
        || !r.parsed.rounds.is_empty()
        || r.parsed.years.len() > 1
        || ctx.peek_any(&["most", "first", "last", "youngest", "oldest"])
    {
        return Ok(None);
    }
    let teams = read(ctx, &["teams", "constructors", "which team", "what team"]);
    let listed = teams
        || read(
            ctx,
            &[
                "which drivers",
                "what drivers",
                "drivers",
                "list",
                "winners",
                "who",
                "different",
            ],
        );
    if !listed {
        return Ok(None);
    }
    read(
        ctx,
        &[
            "sprint",
            "sprints",
            "sprint race",
            "sprint races",
            "won",
            "win",
            "winner",
            "winners",
        ],
    );
    let count = read(ctx, &["how many", "number of"]);
    let (name, key, join) = if teams {
        (
            "c.name",
            "s.constructorId",
            "JOIN constructors c ON c.constructorId = s.constructorId",
        )
    } else {
        (
            DRIVER_NAME,
            "s.driverId",
            "JOIN drivers d ON d.driverId = s.driverId",
        )
    };
    let mut params: Vec<Value> = Vec::new();
    let mut year_cond = String::new();
    let scope = match ctx.year() {
        Some(y) => {
            params.push(json!(y));
            year_cond = " AND ra.year = ?".into();
            format!("in {y}")
        }
        None => format!(
            "(sprints to {} round {})",
            ctx.idx.last_year, ctx.idx.last_round
        ),
    };
    let sql = format!(
        "SELECT {name} AS winner, COUNT(*) AS sprint_wins FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId {join} \
         WHERE s.position = 1{year_cond} GROUP BY {key} ORDER BY sprint_wins DESC, winner"
    );
    let who = if teams { "teams" } else { "drivers" };
    ctx.interpret(format!("Sprint winners ({who}) · {scope}"));
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("sprint_winners", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let items: Vec<String> = (0..t.rows.len())
            .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
            .collect();
        Some(if count {
            format!(
                "{} different {who} have won a sprint {scope}: {}.",
                t.rows.len(),
                join_and(&items)
            )
        } else {
            format!("Sprint winners {scope}: {}.", join_and(&items))
        })
    })
}
