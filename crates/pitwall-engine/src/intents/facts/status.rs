//! How cars ended a race: retirements with a named cause (`status`, e.g.
//! 'Engine', 'Gearbox'), classified finishers, starters, entrants,
//! disqualifications, non-qualifiers and retirements, counted or listed
//! for a race, a season, a place or all time, optionally for one driver or
//! team. Conventions: classified = numeric `positionText`; starters =
//! `positionText` not 'F'/'W'; entrants = every results row;
//! disqualified = 'D'; failed to qualify = 'F'; retired = 'R'.

use serde_json::{json, Value};

use super::{place_cond, race_params, read, title, RACE_SUB};
use crate::intents::ctx::{cell, join_and, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of finish-status questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "how", "many", "number", "total", "cars", "car", "drivers", "who", "which", "were", "was",
    "did", "in", "at", "from", "of", "with", "a", "an", "the", "race", "grand", "prix", "gp",
    "there", "times", "has", "have", "had", "their", "his", "her", "its", "got", "get",
    "end", "ended", "up",
];

/// What is counted, as a condition on `results r` (`status s` joined).
enum Kind {
    /// A named retirement cause, e.g. 'Gearbox'.
    Cause(String),
    /// Fixed conventions: (condition, plural and singular description).
    Fixed(&'static str, (&'static str, &'static str)),
}

/// Words that make a named status a reason a car stopped.
#[rustfmt::skip]
pub(super) const RETIRE_WORDS: &[&str] = &[
    "retired", "retire", "retires", "retiring", "retirement", "retirements", "dnf", "dnfs",
    "failure", "failures", "failed", "fail", "problem", "problems", "issue", "issues", "trouble",
    "troubles", "broke", "blew", "ran", "due to", "because of", "out", "stopped",
    "did not finish", "didnt finish", "failed to finish",
];

/// Statuses too generic to be named by one word of a question, or
/// handled by the fixed conventions.
const GENERIC: &[&str] = &[
    "finished",
    "retired",
    "withdrew",
    "not classified",
    "did not qualify",
    "did not prequalify",
    "disqualified",
    "excluded",
    "safety",
    "safety concerns",
    "damage",
    "mechanical",
    "technical",
    "fuel",
    "physical",
    "injury",
    "injured",
    "illness",
    "debris",
    "seat",
    "driver seat",
    "stalled",
    "not restarted",
    "107 rule",
];

/// The fixed kinds: (phrases, condition, (plural, singular) description,
/// race only). Entrants come first: their questions may add "including
/// those that failed to qualify".
type Fixed = (
    &'static [&'static str],
    &'static str,
    (&'static str, &'static str),
    bool,
);

/// The fixed kinds, tested in order.
const FIXED: &[Fixed] = &[
    (
        &["entered", "entrants", "entries", "entry list", "entry"],
        "1 = 1",
        ("were entered", "was entered"),
        true,
    ),
    (
        &[
            "disqualified",
            "disqualification",
            "disqualifications",
            "dsq",
            "dsqd",
        ],
        "r.positionText = 'D'",
        ("were disqualified", "was disqualified"),
        false,
    ),
    (
        &[
            "failed to qualify",
            "did not qualify",
            "didnt qualify",
            "dnq",
            "non qualifiers",
        ],
        "r.positionText = 'F'",
        ("failed to qualify", "failed to qualify"),
        false,
    ),
    (
        &[
            "classified",
            "classified finishers",
            "finishers",
            "finished",
            "at the finish",
        ],
        "r.positionText GLOB '[0-9]*'",
        ("were classified", "was classified"),
        true,
    ),
    (
        &[
            "started",
            "starters",
            "take the start",
            "took the start",
            "start",
        ],
        "r.positionText NOT IN ('F', 'W')",
        ("started", "started"),
        true,
    ),
    (
        &[
            "retired",
            "retirements",
            "dnfs",
            "dnf",
            "did not finish",
            "didnt finish",
            "failed to finish",
        ],
        "r.positionText = 'R'",
        ("retired", "retired"),
        true,
    ),
];

/// The named retirement cause of the question, read: the longest status
/// whose words (a final plural "s" aside) appear in a row.
fn cause(ctx: &Ctx) -> Result<Option<String>, EngineError> {
    if !ctx.peek_any(RETIRE_WORDS) {
        return Ok(None);
    }
    // Every status (about 140 rows: more than `Ctx::run` returns).
    let mut stmt = ctx.conn.prepare("SELECT status FROM status")?;
    let statuses = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<Result<Vec<String>, _>>()?;
    let words = &ctx.r.parsed.words;
    let same = |q: &str, s: &str| {
        q == s || q.strip_suffix('s') == Some(s) || s.strip_suffix('s') == Some(q)
    };
    let mut best: Option<(usize, usize, String)> = None;
    for status in statuses {
        let key = crate::text::key(&status);
        if status.starts_with('+') || GENERIC.contains(&key.as_str()) {
            continue;
        }
        let parts: Vec<&str> = key.split(' ').collect();
        let n = parts.len();
        let found = (0..words.len().saturating_sub(n - 1)).find(|&at| {
            parts
                .iter()
                .enumerate()
                .all(|(k, p)| same(&words[at + k], p))
        });
        if let Some(at) = found {
            if best.as_ref().is_none_or(|(_, len, _)| n > *len) {
                best = Some((at, n, status));
            }
        }
    }
    Ok(best.map(|(at, n, status)| {
        ctx.consume(at, n);
        read(ctx, RETIRE_WORDS);
        status
    }))
}

/// Claims questions counting or listing how cars ended races.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if r.drivers.len() + r.constructors.len() > 1 || r.locs.len() > 1 {
        return Ok(None);
    }
    let kind = if let Some(c) = cause(ctx)? {
        Kind::Cause(c)
    } else {
        let Some((phrases, cond, what, race_only)) = FIXED.iter().find(|(p, ..)| ctx.peek_any(p))
        else {
            return Ok(None);
        };
        // Starters, entrants and finishers of one race only: a driver's
        // starts or a season's finishers are other questions.
        if *race_only && (!r.drivers.is_empty() || !r.constructors.is_empty() || r.locs.is_empty())
        {
            return Ok(None);
        }
        if *race_only && !ctx.peek_any(&["how many", "number of", "which", "who", "list"]) {
            return Ok(None);
        }
        read(ctx, phrases);
        if *cond == "1 = 1" {
            // Entrants include the cars that did not (pre-)qualify.
            read(
                ctx,
                &[
                    "including",
                    "those",
                    "that",
                    "failed",
                    "to",
                    "qualify",
                    "pre",
                    "prequalify",
                    "or",
                    "did",
                    "not",
                ],
            );
        }
        Kind::Fixed(cond, *what)
    };
    scope_and_answer(ctx, kind)
}

/// Builds the scope (race, season, place, driver, team) and answers.
fn scope_and_answer(ctx: &Ctx, kind: Kind) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    let mut conds: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut scope: Vec<String> = Vec::new();
    let one_race = r.parsed.years.len() == 1 && (!r.locs.is_empty() || !r.parsed.rounds.is_empty());
    if one_race {
        let race = match ctx.the_race() {
            Ok(x) => x,
            Err(refusal) => return Ok(Some(*refusal)),
        };
        conds.push(format!("r.raceId = {RACE_SUB}"));
        params.extend(race_params(race));
        scope.push(format!("at {}", title(race)));
    } else {
        if let Some(p) = r.locs.first() {
            let (cond, args) = place_cond(ctx, &p.loc);
            conds.push(cond);
            params.extend(args);
            scope.push(format!("at {}", p.entity.name));
        }
        if r.parsed.years.len() > 1 {
            return Ok(None);
        }
        if let Some(y) = ctx.year() {
            conds.push("ra.year = ?".into());
            params.push(json!(y));
            scope.push(format!("in {y}"));
        }
    }
    let mut who = "cars".to_string();
    let mut driver = None;
    if let Some(d) = r.drivers.first() {
        conds.push("r.driverId = ?".into());
        params.push(json!(d.entity.id));
        driver = Some(d.entity.name.clone());
    } else if let Some(c) = r.constructors.first() {
        conds.push("r.constructorId = ?".into());
        params.push(json!(c.entity.id));
        who = format!("{} cars", c.entity.name);
    }
    let (cond, what, what_one) = match &kind {
        Kind::Cause(status) => {
            params.push(json!(status));
            let what = format!("retired with '{status}'");
            ("s.status = ?".to_string(), what.clone(), what)
        }
        Kind::Fixed(cond, (many, one)) => (cond.to_string(), many.to_string(), one.to_string()),
    };
    conds.push(cond);
    let scope = if scope.is_empty() {
        read(ctx, &["ever", "all time", "in history", "career"]);
        "in all races in the data".to_string()
    } else {
        scope.join(" ")
    };
    let count = read(ctx, &["how many", "number of", "how often"]);
    let listed = read(
        ctx,
        &["which drivers", "which cars", "who", "which", "list"],
    );
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, c.name AS constructor, ra.year, ra.name AS race, r.positionText, s.status FROM results r \
         JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId \
         JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId \
         LEFT JOIN status s ON s.statusId = r.statusId WHERE {} ORDER BY ra.date, r.positionOrder",
        conds.join(" AND ")
    );
    // A list when asked "which" / "who" (of one race, or of a season
    // that has at most 50 such cars); a count otherwise.
    let counted = count || driver.is_some() || (!one_race && !listed);
    let sql = match (counted, one_race) {
        (true, true) => {
            format!("SELECT COUNT(*) AS n, GROUP_CONCAT(driver, '; ') AS cars FROM ({sql})")
        }
        (true, false) => format!("SELECT COUNT(*) AS n FROM ({sql})"),
        (false, _) => {
            let total = ctx.run(&format!("SELECT COUNT(*) FROM ({sql})"), &params)?;
            if cell(&total, 0, 0).parse::<usize>().unwrap_or(0) > 50 {
                return Ok(None);
            }
            sql
        }
    };
    ctx.interpret(format!("Cars that {what} · {scope}"));
    let conf = ctx.confidence(r.drivers.len(), r.constructors.len(), r.locs.len());
    ctx.answer("finish_status", &sql, params, conf, |t| {
        if counted {
            let n = cell(t, 0, 0);
            let list = if one_race && n != "0" {
                let names: Vec<String> = cell(t, 0, 1).split("; ").map(str::to_string).collect();
                format!(": {}", join_and(&names))
            } else {
                String::new()
            };
            return Some(match &driver {
                Some(name) if one_race => match n.as_str() {
                    "0" => format!("No: {name} was not among the cars that {what} {scope}."),
                    _ => format!("Yes: {name} {what_one} {scope}."),
                },
                Some(name) => format!("{name} {what_one} {n} times {scope}."),
                None => format!("{n} {who} {what} {scope}{list}."),
            });
        }
        let names: Vec<String> = (0..t.rows.len())
            .map(|i| match one_race {
                true => format!("{} ({}, {})", cell(t, i, 0), cell(t, i, 1), cell(t, i, 5)),
                false => format!(
                    "{} ({} {}, {})",
                    cell(t, i, 0),
                    cell(t, i, 2),
                    cell(t, i, 3),
                    cell(t, i, 1)
                ),
            })
            .collect();
        Some(if names.is_empty() {
            format!("No {who} {what} {scope}.")
        } else {
            format!(
                "{} {who} {what} {scope}: {}.",
                names.len(),
                join_and(&names)
            )
        })
    })
}
