//! One season as a whole: number of races, different winners (or pole
//! sitters), the calendar. Its first and last race are the calendar
//! family's (`facts/calendar.rs`), which also knows a round not yet run.

use serde_json::json;

use super::ctx::cell;
use super::Ctx;
use crate::{EngineError, Outcome};

/// Claims questions naming only a season.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    let Some(year) = ctx.year() else {
        return Ok(None);
    };
    if r.parsed.years.len() != 1
        || !r.drivers.is_empty()
        || !r.constructors.is_empty()
        || !r.locs.is_empty()
    {
        return Ok(None);
    }
    let conf = ctx.confidence(0, 0, 0);
    let p = vec![json!(year)];
    if ctx.any(&[
        "different winners",
        "different drivers",
        "different race winners",
        "how many winners",
        "number of winners",
        "different teams",
        "different constructors",
        "different pole",
    ]) {
        let teams = ctx.about_teams();
        let (key, cond, what) = if ctx.any(&["pole", "poles"]) {
            ("driverId", "r.grid = 1", "different pole sitters")
        } else if teams {
            (
                "constructorId",
                "r.position = 1",
                "different winning constructors",
            )
        } else {
            ("driverId", "r.position = 1", "different race winners")
        };
        let sql = format!(
            "SELECT COUNT(DISTINCT r.{key}) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = ? AND {cond}"
        );
        return ctx.answer("season_facts", &sql, p, conf, |t| {
            Some(format!("There were {} {what} in {year}.", cell(t, 0, 0)))
        });
    }
    if ctx.any(&[
        "calendar",
        "schedule",
        "list",
        "which races",
        "what races",
        "all the races",
        "all races",
        "venues",
    ]) {
        let sql = "SELECT ra.round, ra.name AS race, ra.date FROM races ra WHERE ra.year = ? ORDER BY ra.round";
        return ctx.answer("season_facts", sql, p, conf, |t| {
            if t.rows.is_empty() {
                return None;
            }
            let names: Vec<String> = (0..t.rows.len()).map(|i| cell(t, i, 1)).collect();
            Some(format!(
                "The {year} calendar had {} rounds: {}.",
                t.rows.len(),
                names.join(", ")
            ))
        });
    }
    if ctx.any(&[
        "how many races",
        "how many grands prix",
        "how many rounds",
        "number of races",
        "how many grand prix",
        "how many gps",
        "how many world championship races",
        "how many championship races",
    ]) {
        let sql = "SELECT COUNT(*) AS races FROM races WHERE year = ?";
        let note = if year == ctx.idx.last_year {
            format!(
                " (scheduled; results in the data run to round {})",
                ctx.idx.last_round
            )
        } else {
            String::new()
        };
        return ctx.answer("season_facts", sql, p, conf, |t| {
            Some(format!(
                "The {year} season had {} World Championship races{note}.",
                cell(t, 0, 0)
            ))
        });
    }
    Ok(None)
}
