//! Pit stops beyond the fastest stop and a driver's count (those are
//! `intents::pits`): average and total pit-lane time of a driver, a team or
//! a race; a team's number of stops; the laps a driver pitted on. Times are
//! pit-lane times (`pit_stops.milliseconds`, from 2011); stationary times
//! and tyres are not in the data and are declined with that reason.

use serde_json::{json, Value};

use super::{label, names_race, race_params, read, title, RACE_SUB};
use crate::intents::ctx::{cell, join_and};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of pit-stop questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "pit", "pits", "pitted", "pitting", "pitstop", "pitstops", "stop", "stops", "time", "times",
    "duration", "durations", "seconds", "in", "lane", "did", "make", "made", "have", "had",
    "during", "at", "was", "were", "what", "team", "drivers", "cars", "both", "two", "their",
    "spent", "come", "came", "box", "boxed",
];

/// Words that make a question one about pit stops.
const PIT_WORDS: &[&str] = &[
    "pit", "pits", "pitted", "pitting", "pitstop", "pitstops", "boxed", "stops",
];

/// Claims average and total pit times, team stop counts and pit laps.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if ctx.peek_any(&[
        "tyre",
        "tyres",
        "tire",
        "tires",
        "compound",
        "compounds",
        "stint",
        "stints",
    ]) && !ctx.peek_any(super::status::RETIRE_WORDS)
    {
        return Ok(Some(ctx.refuse(
            "The data has no tyre, compound or stint information (pit_stops has only the lap, time and pit-lane duration of each stop).",
        )));
    }
    if !ctx.peek_any(PIT_WORDS) {
        return Ok(None);
    }
    if ctx.peek_any(&["stationary", "standstill", "static", "wheel change", "jack"]) {
        return Ok(Some(ctx.refuse(
            "pit_stops.duration is pit-lane time (entry to exit), not stationary time; stationary times are not in the data.",
        )));
    }
    let r = ctx.r;
    if r.drivers.len() + r.constructors.len() > 1 || r.locs.len() > 1 {
        return Ok(None);
    }
    let average = ctx.peek_any(&["average", "mean", "avg"]);
    let total_time = ctx.peek_any(&[
        "total time",
        "time spent",
        "combined time",
        "total pit lane time",
        "total pit time",
    ]);
    let laps = r.drivers.len() == 1 && ctx.peek_any(&["laps", "lap", "when"]);
    let team_count = r.constructors.len() == 1
        && !average
        && !total_time
        && !ctx.peek_any(&["fastest", "quickest", "shortest", "slowest", "longest"]);
    if !(average || total_time || laps || team_count) {
        return Ok(None);
    }
    // Scope: one race, or a season.
    let (scope_sql, mut params, scope, scope_label) = if names_race(ctx) {
        let race = match ctx.the_race() {
            Ok(x) => x,
            Err(refusal) => return Ok(Some(*refusal)),
        };
        (
            format!("p.raceId = {RACE_SUB}"),
            race_params(race),
            format!("at {}", title(race)),
            label(race),
        )
    } else if r.locs.is_empty() && !laps {
        let Some(y) = ctx.year() else {
            return Ok(None);
        };
        (
            "p.raceId IN (SELECT raceId FROM races WHERE year = ?)".to_string(),
            vec![json!(y)],
            format!("in {y}"),
            y.to_string(),
        )
    } else {
        return Ok(None);
    };
    if params
        .first()
        .and_then(Value::as_i64)
        .is_some_and(|y| y < 2011)
    {
        return Ok(Some(
            ctx.refuse("Pit-stop data in this database starts in 2011."),
        ));
    }
    read(ctx, PIT_WORDS);
    read(ctx, &["stop", "stops"]);
    let (who_sql, who) = if let Some(d) = r.drivers.first() {
        params.push(json!(d.entity.id));
        ("p.driverId = ?", d.entity.name.clone())
    } else if let Some(c) = r.constructors.first() {
        params.push(json!(c.entity.id));
        (
            "r.constructorId = ?",
            format!("{}'s drivers", c.entity.name),
        )
    } else {
        ("1 = 1", "all drivers".to_string())
    };
    let from = "FROM pit_stops p JOIN results r ON r.raceId = p.raceId AND r.driverId = p.driverId";
    let conf = ctx.confidence(r.drivers.len(), r.constructors.len(), r.locs.len());
    if laps {
        read(
            ctx,
            &[
                "which laps",
                "what laps",
                "laps did",
                "on which lap",
                "laps",
                "lap",
                "when",
                "on",
            ],
        );
        let sql = format!(
            "SELECT p.stop, p.lap, p.duration {from} WHERE {scope_sql} AND {who_sql} ORDER BY p.stop"
        );
        ctx.interpret(format!("Pit-stop laps · {who} · {scope_label}"));
        return ctx.answer("pit_stop_facts", &sql, params, conf, |t| {
            let laps: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 1)).collect();
            Some(if laps.is_empty() {
                format!("{who} made no pit stops {scope}.")
            } else {
                format!(
                    "{who} pitted {} times {scope}, on laps {}.",
                    laps.len(),
                    join_and(&laps)
                )
            })
        });
    }
    if average || total_time {
        read(
            ctx,
            &[
                "average", "mean", "avg", "total", "combined", "spent", "time", "times", "duration",
            ],
        );
        let sql = format!(
            "SELECT ROUND(AVG(p.milliseconds) / 1000.0, 3) AS avg_s, ROUND(SUM(p.milliseconds) / 1000.0, 3) AS total_s, COUNT(*) AS stops \
             {from} WHERE {scope_sql} AND {who_sql} AND p.milliseconds IS NOT NULL"
        );
        let what = if average { "Average" } else { "Total" };
        ctx.interpret(format!(
            "{what} pit-stop time (pit lane) · {who} · {scope_label}"
        ));
        return ctx.answer("pit_stop_facts", &sql, params, conf, |t| {
            (cell(t, 0, 2) != "0").then(|| {
                let (main, other) = if average {
                    (cell(t, 0, 0), format!("total {} s", cell(t, 0, 1)))
                } else {
                    (cell(t, 0, 1), format!("average {} s", cell(t, 0, 0)))
                };
                format!(
                    "{what} pit-stop time (pit lane) of {who} {scope}: {main} s over {} stops ({other}).",
                    cell(t, 0, 2)
                )
            })
        });
    }
    read(
        ctx,
        &[
            "how many",
            "number of",
            "in total",
            "total",
            "combined",
            "between them",
        ],
    );
    let sql = format!(
        "SELECT COUNT(*) AS stops, COUNT(DISTINCT p.driverId) AS drivers {from} WHERE {scope_sql} AND {who_sql}"
    );
    ctx.interpret(format!("Pit stops · {who} · {scope_label}"));
    ctx.answer("pit_stop_facts", &sql, params, conf, |t| {
        Some(format!(
            "{who} made {} pit stops in total {scope} ({} drivers).",
            cell(t, 0, 0),
            cell(t, 0, 1)
        ))
    })
}
