//! Safety-car deployments and red flags (`safety_cars`, `red_flags`: one
//! row per deployment or stoppage, keyed by Race = '<year> <race name>'):
//! how many in a race, a season or at a place, which races had them, the
//! race with the most, and laps run behind the safety car.

use serde_json::{json, Value};

use super::{names_race, place_cond, read, title};
use crate::intents::ctx::{cell, join_and};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of safety-car and red-flag questions that the answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "how", "many", "times", "number", "total", "was", "were", "there", "during", "in", "at",
    "deployed", "deployment", "deployments", "out", "came", "come", "called", "period",
    "periods", "appearance", "appearances", "shown", "waved", "thrown", "brought", "occur",
    "occurred", "happen", "happened", "interruptions", "interrupted", "stoppage", "stoppages",
    "stopped", "any", "race", "races", "grand", "prix", "gp", "season", "did", "have", "had",
];

/// Which table a question is about.
struct Table {
    /// The table's name (a constant, never user text).
    name: &'static str,
    /// The intent answering from it.
    intent: &'static str,
    /// Plural noun for sentences.
    noun: &'static str,
    /// The column giving the lap of each row.
    lap: &'static str,
}

/// Safety-car deployments.
const SAFETY_CARS: Table = Table {
    name: "safety_cars",
    intent: "safety_cars",
    noun: "safety-car deployments",
    lap: "Deployed",
};

/// Red-flag stoppages.
const RED_FLAGS: Table = Table {
    name: "red_flags",
    intent: "red_flags",
    noun: "red flags",
    lap: "Lap",
};

/// Claims safety-car and red-flag questions.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let table = if ctx.peek_any(&["safety car", "safety cars"]) {
        if ctx.peek_any(&["virtual", "vsc"]) {
            return Ok(Some(ctx.refuse(
                "The safety_cars table records full safety-car deployments only; virtual safety cars are not in the data.",
            )));
        }
        read(ctx, &["safety car", "safety cars"]);
        SAFETY_CARS
    } else if ctx.peek_any(&["red flag", "red flags", "red flagged"]) {
        read(ctx, &["red flag", "red flags", "red flagged"]);
        RED_FLAGS
    } else {
        return Ok(None);
    };
    // Who or what caused them is not counted here.
    if !ctx.r.drivers.is_empty()
        || !ctx.r.constructors.is_empty()
        || ctx.r.locs.len() > 1
        || ctx.peek_any(&[
            "driver", "drivers", "who", "team", "teams", "caused", "cause", "causes", "why",
            "reason", "because",
        ])
    {
        return Ok(None);
    }
    // The races in scope, as SQL selecting their Race keys.
    let (scope_sql, params, scope, one_race) = if names_race(ctx) {
        let race = match ctx.the_race() {
            Ok(r) => r,
            Err(refusal) => return Ok(Some(*refusal)),
        };
        (
            "SELECT ra.year || ' ' || ra.name FROM races ra WHERE ra.year = ? AND ra.round = ?"
                .to_string(),
            vec![json!(race.year), json!(race.round)],
            title(race),
            true,
        )
    } else {
        let mut conds = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let mut scope = Vec::new();
        if let Some(p) = ctx.r.locs.first() {
            let (cond, args) = place_cond(ctx, &p.loc);
            conds.push(cond);
            params.extend(args);
            scope.push(format!("at {}", p.entity.name));
        }
        if let Some(y) = ctx.year() {
            conds.push("ra.year = ?".into());
            params.push(json!(y));
            scope.push(format!("in {y}"));
        } else {
            read(ctx, &["ever", "all time", "in history"]);
            scope.push("in the data".into());
        }
        if conds.is_empty() {
            conds.push("1 = 1".into());
        }
        (
            format!(
                "SELECT ra.year || ' ' || ra.name FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE {}",
                conds.join(" AND ")
            ),
            params,
            scope.join(" "),
            false,
        )
    };
    let conf = ctx.confidence(0, 0, ctx.r.locs.len());
    let name = table.name;
    let lap = table.lap;
    let noun = table.noun;
    if table.name == "safety_cars"
        && ctx.peek_any(&["laps"])
        && read(ctx, &["behind", "under", "laps"])
    {
        read(
            ctx,
            &[
                "how many laps",
                "laps were",
                "laps did",
                "run",
                "driven",
                "completed",
                "spent",
            ],
        );
        let sql = format!(
            "SELECT SUM(t.FullLaps) AS full_laps, COUNT(*) AS deployments FROM {name} t WHERE t.Race IN ({scope_sql})"
        );
        ctx.interpret(format!("Laps behind the safety car · {scope}"));
        return ctx.answer(table.intent, &sql, params, conf, |t| {
            Some(format!(
                "{} full laps were run behind the safety car {scope} ({} deployments).",
                cell(t, 0, 0).replace('-', "0"),
                cell(t, 0, 1)
            ))
        });
    }
    if !one_race && ctx.has("most") {
        let sql = format!(
            "SELECT t.Race AS race, COUNT(*) AS n, GROUP_CONCAT(t.{lap}, ', ') AS laps FROM {name} t WHERE t.Race IN ({scope_sql}) \
             GROUP BY t.Race ORDER BY n DESC LIMIT 3"
        );
        read(ctx, &["which race", "which grand prix", "what race"]);
        ctx.interpret(format!("Race with the most {noun} · {scope}"));
        return ctx.answer(table.intent, &sql, params, conf, |t| {
            (!t.rows.is_empty()).then(|| {
                let tie = t.rows.len() > 1 && cell(t, 1, 1) == cell(t, 0, 1);
                let note = if tie {
                    format!(" (tied with the {})", cell(t, 1, 0))
                } else {
                    String::new()
                };
                format!(
                    "The {} had the most {noun} {scope}: {} (laps {}){note}.",
                    cell(t, 0, 0),
                    cell(t, 0, 1),
                    cell(t, 0, 2)
                )
            })
        });
    }
    if !one_race
        && read(
            ctx,
            &["which races", "which grands prix", "what races", "list"],
        )
    {
        let sql = format!(
            "SELECT t.Race AS race, COUNT(*) AS n FROM {name} t JOIN races ra ON ra.year || ' ' || ra.name = t.Race \
             WHERE t.Race IN ({scope_sql}) GROUP BY t.Race ORDER BY MIN(ra.date)"
        );
        ctx.interpret(format!("Races with {noun} · {scope}"));
        return ctx.answer(table.intent, &sql, params, conf, |t| {
            let items: Vec<String> = (0..t.rows.len())
                .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
                .collect();
            Some(if items.is_empty() {
                format!("No races had {noun} {scope}.")
            } else {
                format!("Races with {noun} {scope}: {}.", join_and(&items))
            })
        });
    }
    let detail = match (one_race, name) {
        (false, _) => "NULL",
        (true, "safety_cars") => {
            "GROUP_CONCAT('lap ' || t.Deployed || ' (' || COALESCE(t.Cause, '?') || ')', ', ')"
        }
        (true, _) => "GROUP_CONCAT('lap ' || t.Lap, ', ')",
    };
    let sql = format!(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT t.Race) AS races, {detail} AS details FROM {name} t WHERE t.Race IN ({scope_sql})"
    );
    read(ctx, &["how many", "number of"]);
    ctx.interpret(format!("Number of {noun} · {scope}"));
    ctx.answer(table.intent, &sql, params, conf, |t| {
        let n = cell(t, 0, 0);
        Some(if one_race {
            match n.as_str() {
                "0" => format!("There were no {noun} at {scope} (0)."),
                "1" => format!(
                    "There was 1 {} at {scope}: {}.",
                    noun.trim_end_matches('s'),
                    cell(t, 0, 2)
                ),
                _ => format!("There were {n} {noun} at {scope}: {}.", cell(t, 0, 2)),
            }
        } else {
            format!("There were {n} {noun} {scope}, in {} races.", cell(t, 0, 1))
        })
    })
}
