//! Drivers by date of birth: who was born in, before, after or between
//! given years (optionally of one nationality, optionally only those who
//! started a race), and the youngest or oldest starter of a season.

use serde_json::{json, Value};

use super::read;
use crate::intents::ctx::{cell, join_and, DRIVER_NAME};
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of birth-date questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "which", "what", "who", "drivers", "driver", "were", "was", "have", "has", "had", "born",
    "in", "the", "a", "of", "to", "season", "grid", "on", "list", "all", "name", "names",
    "f1", "formula", "one", "1", "ever",
];

/// Words saying the drivers took part ("have raced in F1"): the starts
/// convention.
const RACED: &[&str] = &[
    "raced",
    "race",
    "races",
    "started",
    "start",
    "starts",
    "competed",
    "compete",
    "driven",
    "drove",
    "grand prix",
    "gp",
];

/// Claims birth-date filters and a season's youngest or oldest starter.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !r.drivers.is_empty() || !r.constructors.is_empty() || !r.locs.is_empty() {
        return Ok(None);
    }
    if ctx.peek_any(&["youngest", "oldest"]) {
        return extreme_starter(ctx);
    }
    if ctx.peek_any(&["born"]) {
        return born(ctx);
    }
    Ok(None)
}

/// The latest (earliest) date of birth among a season's starters.
fn extreme_starter(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let p = &ctx.r.parsed;
    if p.years.len() != 1
        || ctx.peek_any(&[
            "winner",
            "won",
            "win",
            "champion",
            "champions",
            "pole",
            "podium",
            "points",
            "scorer",
            "leader",
            "led",
            "debut",
            "rookie",
            "first",
            "ever",
        ])
    {
        return Ok(None);
    }
    let youngest = ctx.has("youngest");
    if !youngest {
        ctx.has("oldest");
    }
    let Some(year) = ctx.year() else {
        return Ok(None);
    };
    read(ctx, RACED);
    read(
        ctx,
        &[
            "on the grid",
            "to start",
            "driver",
            "drivers",
            "field",
            "line up",
            "starter",
        ],
    );
    let order = if youngest { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, d.dob FROM drivers d WHERE d.driverId IN (SELECT r.driverId FROM results r \
         JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = ? AND r.positionText NOT IN ('F', 'W')) \
         AND d.dob IS NOT NULL ORDER BY d.dob {order} LIMIT 1"
    );
    let which = if youngest { "youngest" } else { "oldest" };
    ctx.interpret(format!("The {which} starter · {year}"));
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("driver_birth", &sql, vec![json!(year)], conf, |t| {
        (!t.rows.is_empty()).then(|| {
            format!(
                "The {which} driver to start a Grand Prix in {year} was {} (born {}).",
                cell(t, 0, 0),
                cell(t, 0, 1)
            )
        })
    })
}

/// The birth-date condition of the question, read: (SQL, parameters,
/// description). Handles "in 1995", "in 1995 or later", "after 1995",
/// "before 1950", "between 1990 and 1995" and "in the 1990s".
fn birth_range(ctx: &Ctx) -> Option<(String, Vec<Value>, String)> {
    let p = &ctx.r.parsed;
    let words = &p.words;
    let decade = words.iter().position(|w| {
        w.len() == 5 && w.ends_with('s') && w[..4].parse::<i64>().is_ok_and(|y| y % 10 == 0)
    });
    if let Some(at) = decade {
        if !p.years.is_empty() {
            return None;
        }
        let y: i64 = words[at][..4].parse().ok()?;
        ctx.consume(at, 1);
        return Some((
            "d.dob >= ? AND d.dob < ?".into(),
            vec![
                json!(format!("{y}-01-01")),
                json!(format!("{}-01-01", y + 10)),
            ],
            format!("in the {y}s"),
        ));
    }
    let from = |y: i64| json!(format!("{y}-01-01"));
    match (p.years.as_slice(), p.year_at.as_slice()) {
        ([a, b], [_, _]) if ctx.peek_any(&["between"]) => {
            ctx.year();
            for &at in &p.year_at {
                ctx.consume(at, 1);
            }
            let (lo, hi) = ((*a).min(*b), (*a).max(*b));
            read(ctx, &["between", "and"]);
            Some((
                "d.dob >= ? AND d.dob < ?".into(),
                vec![from(lo), from(hi + 1)],
                format!("between {lo} and {hi}"),
            ))
        }
        ([y], [_]) => {
            let y = *y;
            ctx.year();
            let later = read(
                ctx,
                &[
                    "or later",
                    "or after",
                    "onwards",
                    "onward",
                    "since",
                    "on or after",
                    "and later",
                    "or afterwards",
                ],
            );
            let earlier = read(
                ctx,
                &["or earlier", "or before", "in or before", "and earlier"],
            );
            if later && earlier {
                return None;
            }
            if later {
                return Some((
                    "d.dob >= ?".into(),
                    vec![from(y)],
                    format!("in {y} or later"),
                ));
            }
            if earlier {
                return Some((
                    "d.dob < ?".into(),
                    vec![from(y + 1)],
                    format!("in {y} or earlier"),
                ));
            }
            if ctx.has("after") {
                return Some(("d.dob >= ?".into(), vec![from(y + 1)], format!("after {y}")));
            }
            if ctx.has("before") {
                return Some(("d.dob < ?".into(), vec![from(y)], format!("before {y}")));
            }
            Some((
                "d.dob >= ? AND d.dob < ?".into(),
                vec![from(y), from(y + 1)],
                format!("in {y}"),
            ))
        }
        _ => None,
    }
}

/// Drivers born in a range of years, of a nationality, who raced.
fn born(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some((cond, mut params, range)) = birth_range(ctx) else {
        return Ok(None);
    };
    ctx.has("born");
    let mut conds = vec![cond];
    let nationality = ctx.nationality();
    if let Some(n) = &nationality {
        conds.push("d.nationality = ?".into());
        params.push(json!(n));
    }
    let raced = read(ctx, RACED);
    if raced {
        conds.push(
            "d.driverId IN (SELECT driverId FROM results WHERE positionText NOT IN ('F', 'W'))"
                .into(),
        );
    }
    let count = read(ctx, &["how many", "number of"]);
    let sql = format!(
        "SELECT {DRIVER_NAME} AS driver, d.dob, d.nationality, COUNT(*) OVER () AS total FROM drivers d WHERE {} ORDER BY d.dob",
        conds.join(" AND ")
    );
    let who = match &nationality {
        Some(n) => format!("{n} drivers"),
        None => "Drivers".to_string(),
    };
    let started = if raced {
        " who started a Grand Prix"
    } else {
        " in the data"
    };
    ctx.interpret(format!("{who} born {range}{started}"));
    let conf = ctx.confidence(0, 0, 0);
    ctx.answer("driver_birth", &sql, params, conf, |t| {
        let n: usize = cell(t, 0, 3).parse().unwrap_or(0);
        let names: Vec<String> = (0..n.min(30).min(t.rows.len()))
            .map(|i| format!("{} ({})", cell(t, i, 0), cell(t, i, 1)))
            .collect();
        let more = if n > 30 {
            format!(" and {} more", n - 30)
        } else {
            String::new()
        };
        Some(match (n, count) {
            (0, _) => format!("No {} born {range}{started}.", who.to_lowercase()),
            (_, true) => format!(
                "{n} {who} born {range}{started}: {}{more}.",
                names.join(", ")
            ),
            _ => format!("{who} born {range}{started}: {}{more}.", join_and(&names)),
        })
    })
}
