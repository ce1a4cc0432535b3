//! Points gaps in the standings: a title margin ("by how many points did
//! Rosberg win the 2016 title") and the gap between two drivers or two
//! constructors after a round ("how many points separated Verstappen and
//! Hamilton after round 21 of 2021"). Standings rows include sprint points.

use serde_json::json;

use super::ctx::cell;
use super::Ctx;
use crate::index::RaceInfo;
use crate::{EngineError, Outcome};

const GAP: &[&str] = &[
    "by how many points",
    "how many points separated",
    "how many points separate",
    "how many points apart",
    "how many points ahead",
    "how many points clear",
    "points gap",
    "gap in points",
    "points difference",
    "difference in points",
    "points margin",
    "title margin",
    "winning margin",
    "margin",
    "gap",
];

/// Claims questions about a points gap in one season's standings.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    // No one named: the champion's margin ("what was the title margin in
    // 1991"), of the constructors' title when the question says so.
    let champion = r.drivers.is_empty() && r.constructors.is_empty();
    let teams = if champion {
        ctx.peek_any(&[
            "constructors",
            "constructor",
            "constructors'",
            "team",
            "teams",
            "wcc",
        ])
    } else {
        r.drivers.is_empty()
    };
    let ids: Vec<i64> = if teams {
        r.constructors.iter().map(|c| c.entity.id).collect()
    } else {
        r.drivers.iter().map(|d| d.entity.id).collect()
    };
    if ids.len() > 2 || (!teams && !r.constructors.is_empty()) || (champion && !r.locs.is_empty()) {
        return Ok(None);
    }
    if !ctx.any(GAP) {
        return Ok(None);
    }
    let Some(year) = ctx.year() else {
        return Ok(Some(ctx.refuse("Which season? Add the year.")));
    };
    let race = match the_round(ctx, year) {
        Ok(race) => race,
        Err(refusal) => return Ok(Some(*refusal)),
    };
    for word in [
        "points",
        "standings",
        "championship",
        "drivers",
        "constructors",
        "between",
        "and",
        "there",
        "did",
        "was",
        "were",
        "them",
        "when",
        "what",
    ] {
        ctx.has(word);
    }
    let title = ctx.any(&["title", "championship", "crown"]);
    let won = ctx.has("win") | ctx.has("won");
    if (ids.len() == 1 || champion) && !(title && (won || champion)) {
        return Ok(None);
    }
    if champion {
        for w in [
            "constructors",
            "constructor",
            "team",
            "teams",
            "drivers",
            "driver",
            "the",
        ] {
            ctx.has(w);
        }
    }
    let (table, key, name) = if teams {
        (
            "constructor_standings",
            "constructorId",
            "(SELECT c.name FROM constructors c WHERE c.constructorId = s.constructorId)",
        )
    } else {
        (
            "driver_standings",
            "driverId",
            "(SELECT d.forename || ' ' || d.surname FROM drivers d WHERE d.driverId = s.driverId)",
        )
    };
    let sql = format!(
        "SELECT {name} AS name, s.points, s.position FROM {table} s \
         WHERE s.raceId = ? AND (s.{key} IN (?, ?) OR s.position <= 2) ORDER BY s.position"
    );
    // (Champion: no id matches; the two leaders are read by position.)
    let a = ids.first().copied().unwrap_or(0);
    let b = ids.get(1).copied().unwrap_or(a);
    let who = |id: i64| {
        if teams {
            ctx.idx.constructors.get(&id).map(|c| c.name.clone())
        } else {
            ctx.idx.drivers.get(&id).map(|d| d.name.clone())
        }
        .unwrap_or_default()
    };
    let (name_a, name_b) = (who(a), who(b));
    let two = ids.len() == 2;
    let label = if two {
        format!("Points gap · {name_a} vs {name_b}")
    } else if champion {
        let which = if teams { "constructors'" } else { "drivers'" };
        format!("Title margin · {which} champion")
    } else {
        format!("Title margin · {name_a}")
    };
    ctx.interpret(format!(
        "{label} · {} standings after round {} ({})",
        year, race.round, race.name
    ));
    // A Grand Prix named instead of a round is the round read.
    let place_read = usize::from(ctx.r.parsed.rounds.is_empty() && !ctx.r.locs.is_empty());
    let conf = ctx.confidence(
        usize::from(!teams) * ids.len(),
        usize::from(teams) * ids.len(),
        place_read,
    );
    let after = format!("after round {} of {} (the {})", race.round, year, race.name);
    ctx.answer(
        "standings_gap",
        &sql,
        vec![json!(race.id), json!(a), json!(b)],
        conf,
        |t| {
            let row = |n: &str| (0..t.rows.len()).find(|i| cell(t, *i, 0) == n);
            let points = |i: usize| cell(t, i, 1).parse::<f64>().ok();
            if two {
                let (ia, ib) = (row(&name_a)?, row(&name_b)?);
                let gap = (points(ia)? - points(ib)?).abs();
                return Some(format!(
                    "{} points separated them {after}: {name_a} {} (P{}), {name_b} {} (P{}).",
                    fmt(gap),
                    cell(t, ia, 1),
                    cell(t, ia, 2),
                    cell(t, ib, 1),
                    cell(t, ib, 2)
                ));
            }
            let ia = if champion {
                (0..t.rows.len()).find(|i| cell(t, *i, 2) == "1")?
            } else {
                row(&name_a)?
            };
            let name_a = cell(t, ia, 0);
            if cell(t, ia, 2) != "1" {
                return Some(format!(
                    "{name_a} did not lead the standings {after}: P{} with {} points.",
                    cell(t, ia, 2),
                    cell(t, ia, 1)
                ));
            }
            let second = (0..t.rows.len()).find(|i| cell(t, *i, 2) == "2")?;
            let margin = points(ia)? - points(second)?;
            let unit = if margin == 1.0 { "point" } else { "points" };
            Some(format!(
                "{name_a} won by {} {unit} {after}: {} to {} for {}.",
                fmt(margin),
                cell(t, ia, 1),
                cell(t, second, 1),
                cell(t, second, 0)
            ))
        },
    )
}

/// The round named, or the season's final round (refused when the season
/// is not complete in the data, as the title is not decided there).
fn the_round<'a>(ctx: &'a Ctx, year: i64) -> Result<&'a RaceInfo, Box<Outcome>> {
    if let Some(round) = ctx.r.parsed.rounds.first() {
        ctx.has("after");
        return ctx
            .idx
            .race(year, *round)
            .filter(|r| r.has_results)
            .ok_or_else(|| {
                Box::new(ctx.refuse(&format!("{year} has no round {round} in the data.")))
            });
    }
    if !ctx.r.locs.is_empty() {
        ctx.has("after");
        return ctx.the_race();
    }
    if year > ctx.idx.last_complete_season {
        return Err(Box::new(ctx.refuse(&format!(
            "The {year} season is not complete in the data (it runs to round {}), so its final standings are not decided.",
            ctx.idx.last_round
        ))));
    }
    ctx.any(&["final", "end of the season", "end of season", "at the end"]);
    ctx.idx
        .races
        .iter()
        .filter(|r| r.year == year && r.has_results)
        .max_by_key(|r| r.round)
        .ok_or_else(|| Box::new(ctx.refuse(&format!("{year} has no results in the data."))))
}

/// "5", "0.5", "369.5".
fn fmt(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
