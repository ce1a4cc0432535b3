//! The gap between two qualifiers of one race in a session: two named
//! drivers, or pole and P2 (another place when one is named). Times are
//! subtracted in milliseconds and given in seconds to 3 decimals.

use serde_json::json;

use super::quali::col;
use super::{label, ms, race_params, read, title, RACE_SUB};
use crate::index::RaceInfo;
use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of a gap question that the answer honours.
#[rustfmt::skip]
const GAP_WORDS: &[&str] = &[
    "gap", "margin", "difference", "how far", "by how much", "between", "how big", "how large",
    "and", "behind", "ahead", "placed", "qualifier", "qualifiers", "place", "position", "beat",
    "beaten", "outqualified", "time", "times", "fastest", "quickest",
];

/// The gap between two qualifiers in a session: two named drivers, or
/// pole and P2 (another place when one is named).
pub(super) fn gap(
    ctx: &Ctx,
    race: &RaceInfo,
    s: Option<usize>,
) -> Result<Option<Outcome>, EngineError> {
    read(ctx, GAP_WORDS);
    let s = s.unwrap_or(if race.year >= 2006 { 3 } else { 1 });
    let c = col(s);
    let drivers = &ctx.r.drivers;
    let pair;
    let (who_a, who_b, mut params, names) = if drivers.len() == 2 {
        pair = format!("{} vs {}", drivers[0].entity.name, drivers[1].entity.name);
        (
            "a.driverId = ?",
            "b.driverId = ?",
            vec![json!(drivers[0].entity.id), json!(drivers[1].entity.id)],
            2,
        )
    } else if drivers.is_empty() {
        read(ctx, &["pole", "pole sitter", "polesitter", "p1", "first"]);
        let n = ctx.ordinal().unwrap_or(2);
        pair = format!("pole vs P{n}");
        ctx.any(&["place", "position", "placed"]);
        ("a.position = 1", "b.position = ?", vec![json!(n)], 0)
    } else {
        return Ok(None);
    };
    let mut all = race_params(race);
    all.append(&mut params);
    let (ca, cb) = (c.replace("q.", "a."), c.replace("q.", "b."));
    let sql = format!(
        "SELECT ROUND(ABS({} - {}) / 1000.0, 3) AS gap_s, da.forename || ' ' || da.surname AS first_driver, {ca} AS first_time, \
         db.forename || ' ' || db.surname AS second_driver, {cb} AS second_time FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId \
         JOIN drivers da ON da.driverId = a.driverId JOIN drivers db ON db.driverId = b.driverId \
         WHERE a.raceId = {RACE_SUB} AND {who_a} AND {who_b} AND {ca} IS NOT NULL AND {cb} IS NOT NULL",
        ms(&cb),
        ms(&ca),
    );
    let session = if race.year >= 2006 {
        format!("Q{s}")
    } else {
        "qualifying".into()
    };
    ctx.interpret(format!(
        "Qualifying gap in {session}, {pair} · {}",
        label(race)
    ));
    let conf = ctx.confidence(names, 0, 1);
    ctx.answer("qualifying_gap", &sql, all, conf, |t| {
        (!t.rows.is_empty()).then(|| {
            format!(
                "The gap in {session} at {} was {} s: {} {} vs {} {}.",
                title(race),
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 3),
                cell(t, 0, 4)
            )
        })
    })
}
