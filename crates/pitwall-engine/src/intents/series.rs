//! Series within one season, the answers a chart draws best: the
//! championship after each round ("standings after each round of 2021",
//! "Hamilton vs Rosberg points round by round in 2016") and one or two
//! drivers' results race by race ("Hamilton's finishing positions race by
//! race in 2019"). Rows run in round order so `present::infer_chart` draws
//! them as lines; the per-race table stays readable on its own.

use serde_json::{json, Value};

use super::ctx::{cell, join_and};
use super::Ctx;
use crate::{EngineError, Outcome};

/// Words that ask for every round of a season, not one.
const EVERY_ROUND: &[&str] = &[
    "after each round",
    "after every round",
    "after each race",
    "after every race",
    "after each grand prix",
    "round by round",
    "race by race",
    "round after round",
    "in each round",
    "in every round",
    "in each race",
    "in every race",
    "at each race",
    "at every race",
    "for each race",
    "for every race",
    "each round",
    "every round",
    "each race",
    "every race",
];

/// Words that ask for the running championship rather than each race's
/// own result.
const RUNNING: &[&str] = &[
    "championship standings",
    "drivers standings",
    "constructors standings",
    "standings",
    "title fight",
    "title race",
    "title battle",
    "championship battle",
    "championship fight",
    "championship",
    "points progression",
    "progression",
    "cumulative points",
    "running total",
];

/// Words that ask how a season went ("how did the 2021 title fight
/// unfold round by round").
const HOW_IT_WENT: &[&str] = &[
    "how did",
    "how was",
    "develop",
    "developed",
    "unfold",
    "unfolded",
    "evolve",
    "evolved",
    "go",
    "went",
    "look",
    "progress",
    "progressed",
    "points",
    "point",
    "pts",
    "show",
];

/// Words a race-by-race question is phrased with besides the drivers and
/// the season.
const RACE_WORDS: &[&str] = &[
    "finishing positions",
    "finishing position",
    "finishes",
    "results",
    "result",
    "positions",
    "position",
    "finish",
    "finished",
    "where",
    "how",
    "do",
    "did",
    "does",
    "vs",
    "versus",
    "and",
    "compared",
    "head to head",
    "against",
    "all",
    "his",
    "her",
];

/// Reads every listed word or phrase present (`Ctx::any` stops at the
/// first); whether any was.
fn read_all(ctx: &Ctx, list: &[&str]) -> bool {
    let mut found = false;
    for w in list {
        found |= ctx.any(&[w]);
    }
    found
}

/// "after each round", "after every race": the running championship, not
/// each race's own result.
fn after_each(ctx: &Ctx) -> bool {
    let text = &ctx.r.parsed.text;
    text.contains(" after each ") || text.contains(" after every ")
}

/// How many of a season's final top drivers or teams a standings series
/// follows when none is named (the chart's palette holds eight).
const DEFAULT_TOP: i64 = 5;

/// Standings after each round of one season.
pub(crate) fn route_progression(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let p = &ctx.r.parsed;
    if p.years.len() != 1 || !p.rounds.is_empty() || !ctx.r.locs.is_empty() {
        return Ok(None);
    }
    let running = read_all(ctx, RUNNING);
    let every = read_all(ctx, EVERY_ROUND);
    // "after each round" is the running table even without "standings";
    // "race by race" alone is each race's result (`route_race_by_race`).
    if !(every && (running || after_each(ctx))) {
        return Ok(None);
    }
    let Some(year) = ctx.year() else {
        return Ok(None);
    };
    read_all(ctx, HOW_IT_WENT);
    let teams = ctx.r.drivers.is_empty() && (ctx.about_teams() || !ctx.r.constructors.is_empty());
    if teams && year < 1958 {
        return Ok(Some(
            ctx.refuse("The constructors' championship started in 1958."),
        ));
    }
    let championship = if teams {
        crate::query::Championship::Constructors
    } else {
        crate::query::Championship::Drivers
    };
    let (standings, key) = (championship.standings(), championship.key());
    let ids: Vec<i64> = if teams {
        ctx.r.constructors.iter().map(|c| c.entity.id).collect()
    } else {
        ctx.r.drivers.iter().map(|d| d.entity.id).collect()
    };
    // Whom to follow: the named drivers or teams, else the top N of the
    // season's last recorded round.
    let last = format!(
        "(SELECT ra.raceId FROM races ra WHERE ra.year = ? AND ra.raceId IN \
         (SELECT raceId FROM {standings}) ORDER BY ra.round DESC LIMIT 1)"
    );
    // Parameters in the order the SQL reads them: the season, then `who`'s.
    let mut params: Vec<Value> = vec![json!(year)];
    let who = if ids.is_empty() {
        let n = ctx.top_n().unwrap_or(DEFAULT_TOP).clamp(1, 8);
        read_all(
            ctx,
            &[
                "drivers",
                "driver",
                "teams",
                "team",
                "constructors",
                "in the",
                "of the",
            ],
        );
        params.extend([json!(year), json!(n)]);
        format!(
            "s.{key} IN (SELECT f.{key} FROM {standings} f WHERE f.raceId = {last} AND f.position <= ?)"
        )
    } else {
        let marks = vec!["?"; ids.len()].join(", ");
        params.extend(ids.iter().map(|i| json!(i)));
        read_all(ctx, &["vs", "versus", "and", "compared", "between", "for"]);
        format!("s.{key} IN ({marks})")
    };
    let sql = format!(
        "SELECT ra.round, {}, s.points FROM {standings} s \
         JOIN races ra ON ra.raceId = s.raceId {} WHERE ra.year = ? AND {who} \
         ORDER BY ra.round, s.position",
        championship.entity(),
        championship.join()
    );
    let conf = if teams {
        ctx.confidence(0, ids.len(), 0)
    } else {
        ctx.confidence(ids.len(), 0, 0)
    };
    let kind = championship.kind();
    ctx.interpret(format!(
        "Championship points after each round · {kind} · {year}"
    ));
    ctx.series_rows();
    ctx.answer("standings_progression", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        let last_round = cell(t, t.rows.len() - 1, 0);
        let at_end: Vec<String> = (0..t.rows.len())
            .filter(|i| cell(t, *i, 0) == last_round)
            .map(|i| format!("{} {}", cell(t, i, 1), cell(t, i, 2)))
            .collect();
        Some(format!(
            "The {year} {kind} championship points after each round; after round {last_round}: {}.",
            join_and(&at_end)
        ))
    })
}

/// One or two drivers' result in every race of one season.
pub(crate) fn route_race_by_race(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let p = &ctx.r.parsed;
    let drivers = &ctx.r.drivers;
    if p.years.len() != 1
        || !p.rounds.is_empty()
        || !ctx.r.locs.is_empty()
        || !(1..=2).contains(&drivers.len())
        || !ctx.r.constructors.is_empty()
    {
        return Ok(None);
    }
    // "after each round" is the championship (`route_progression`); a
    // single driver's "results in 2019" are every race's.
    let results = drivers.len() == 1 && ctx.peek_any(&["results"]);
    if after_each(ctx) || !(read_all(ctx, EVERY_ROUND) || results) {
        return Ok(None);
    }
    let Some(year) = ctx.year() else {
        return Ok(None);
    };
    let points = ctx.any(&["points", "point"]);
    read_all(ctx, RACE_WORDS);
    let names: Vec<String> = drivers.iter().map(|d| d.entity.name.clone()).collect();
    let conf = ctx.confidence(drivers.len(), 0, 0);
    let ids: Vec<Value> = drivers.iter().map(|d| json!(d.entity.id)).collect();
    let (sql, params) = race_by_race_sql(year, &ids, points);
    ctx.series_rows();
    let what = if points {
        "Points"
    } else {
        "Finishing position"
    };
    ctx.interpret(format!(
        "{what} race by race · {} · {year}",
        names.join(" · ")
    ));
    let outcome = ctx.answer("race_by_race", &sql, params, conf, |t| {
        if t.rows.is_empty() {
            return None;
        }
        Some(summary(t, &names, year, points))
    })?;
    // Wide pair columns read as the drivers they are about.
    let labels: Vec<(&str, String)> = match names.as_slice() {
        [a, b] if points => vec![
            ("first_points", format!("{a} points")),
            ("second_points", format!("{b} points")),
        ],
        [a, b] => vec![
            ("first_position", format!("{a} position")),
            ("second_position", format!("{b} position")),
        ],
        _ => Vec::new(),
    };
    Ok(outcome.map(|o| crate::present::relabel(o, &labels)))
}

/// Every race of the season with the drivers' results: one driver's
/// `(round, race, grid, position, status)` or `(round, race, points)`;
/// two drivers side by side, `(round, race, first_*, second_*)`. A race a
/// driver did not start leaves that cell empty; a retirement has no
/// position and names its status.
fn race_by_race_sql(year: i64, ids: &[Value], points: bool) -> (String, Vec<Value>) {
    let races = "FROM races ra";
    let joined = |alias: &str| {
        format!(" LEFT JOIN results {alias} ON {alias}.raceId = ra.raceId AND {alias}.driverId = ?")
    };
    // One driver: the races he entered; two: every race either entered.
    let mut params: Vec<Value> = Vec::new();
    let sql = match ids {
        [one] => {
            params.push(one.clone());
            let cols = if points {
                "x.points".to_string()
            } else {
                "x.grid, x.position, \
                 (SELECT st.status FROM status st WHERE st.statusId = x.statusId) AS status"
                    .to_string()
            };
            format!(
                "SELECT ra.round, ra.name AS race, {cols} {races} \
                 JOIN results x ON x.raceId = ra.raceId AND x.driverId = ? \
                 WHERE ra.year = ? ORDER BY ra.round"
            )
        }
        _ => {
            params.extend(ids.iter().cloned());
            let (a, b) = if points {
                ("x.points AS first_points", "y.points AS second_points")
            } else {
                (
                    "x.position AS first_position",
                    "y.position AS second_position",
                )
            };
            format!(
                "SELECT ra.round, ra.name AS race, {a}, {b} {races}{}{} \
                 WHERE ra.year = ? AND ra.raceId IN (SELECT raceId FROM results) \
                 AND (x.driverId IS NOT NULL OR y.driverId IS NOT NULL) ORDER BY ra.round",
                joined("x"),
                joined("y")
            )
        }
    };
    params.push(json!(year));
    (sql, params)
}

/// The sentence over a race-by-race table: wins and points finishes for
/// one driver, who finished ahead more often for two.
fn summary(t: &pitwall_f1data::Table, names: &[String], year: i64, points: bool) -> String {
    let races = t.rows.len();
    let num = |i: usize, c: usize| t.rows[i].get(c).and_then(crate::present::number);
    match names {
        [a, b] if points => {
            let sum = |c: usize| (0..races).filter_map(|i| num(i, c)).sum::<f64>();
            format!(
                "{a} and {b} race by race in {year} ({races} races): {a} scored {} points, {b} {}.",
                sum(2),
                sum(3)
            )
        }
        [a, b] => {
            let (mut first, mut second) = (0, 0);
            for i in 0..races {
                match (num(i, 2), num(i, 3)) {
                    (Some(x), Some(y)) if x < y => first += 1,
                    (Some(_), None) => first += 1,
                    (Some(_), Some(_)) => second += 1,
                    (None, Some(_)) => second += 1,
                    (None, None) => {}
                }
            }
            format!(
                "{a} and {b} race by race in {year} ({races} races): {a} finished ahead {first} times, {b} {second} (a classified finish counts as ahead of a retirement or a race not started)."
            )
        }
        [a, ..] if points => {
            let total = (0..races).filter_map(|i| num(i, 2)).sum::<f64>();
            format!("{a}'s points race by race in {year}: {total} over {races} races.")
        }
        [a, ..] => {
            let wins = (0..races).filter(|i| num(*i, 3) == Some(1.0)).count();
            let finished = (0..races).filter(|i| num(*i, 3).is_some()).count();
            format!(
                "{a}'s results race by race in {year}: {races} races, {finished} classified finishes, {wins} wins."
            )
        }
        [] => String::new(),
    }
}
