//! Rates, as 100 × part / whole to one decimal: the share of a season's
//! (or a place's, or all) Grands Prix won from pole (`grid = 1 AND
//! position = 1`), and a driver's or a team's share of starts won, ended
//! on the podium, started from pole, with the fastest lap or retired.

use serde_json::{json, Value};

use super::{place_cond, read};
use crate::intents::ctx::cell;
use crate::intents::{Ctx, Stat};
use crate::{EngineError, Outcome};

/// Words of rate questions that these answers honour.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "of", "the", "his", "her", "their", "its", "did", "were", "was", "in", "at", "all",
    "career", "how", "often", "has", "have", "had", "grands", "prix", "gp", "gps", "races",
    "race", "starts", "start", "started",
];

/// Words asking for a rate.
const RATE_WORDS: &[&str] = &[
    "percentage",
    "percent",
    "proportion",
    "share",
    "fraction",
    "rate",
    "ratio",
    "win rate",
    "strike rate",
    "conversion",
    "conversion rate",
];

/// Claims rate questions.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    if !ctx.peek_any(RATE_WORDS) {
        // "How many 2019 races were won from pole": the count, with its share.
        if r.drivers.is_empty()
            && r.constructors.is_empty()
            && r.locs.len() <= 1
            && r.parsed.years.len() <= 1
            && ctx.peek_any(&["how many", "number of"])
            && ctx.peek_any(&[
                "from pole",
                "from pole position",
                "pole sitter",
                "polesitter",
            ])
        {
            read(
                ctx,
                &["how many", "number of", "races", "grands prix", "gps"],
            );
            return won_from_pole(ctx);
        }
        return Ok(None);
    }
    if r.drivers.len() + r.constructors.len() > 1 || r.locs.len() > 1 || r.parsed.years.len() > 1 {
        return Ok(None);
    }
    if r.drivers.is_empty() && r.constructors.is_empty() {
        return won_from_pole(ctx);
    }
    share_of_starts(ctx)
}

/// The share of Grands Prix won from pole, in a season, at a place or
/// over all races.
fn won_from_pole(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    if !ctx.peek_any(&[
        "pole",
        "pole position",
        "pole sitter",
        "polesitter",
        "poles",
    ]) || !ctx.peek_any(&[
        "won",
        "win",
        "wins",
        "winning",
        "victories",
        "converted",
        "conversion",
    ]) {
        return Ok(None);
    }
    read(ctx, RATE_WORDS);
    read(
        ctx,
        &[
            "pole position",
            "pole sitter",
            "polesitter",
            "pole",
            "poles",
            "from",
            "started",
            "starting",
        ],
    );
    read(
        ctx,
        &[
            "won",
            "win",
            "wins",
            "winning",
            "victories",
            "converted",
            "into",
            "a",
        ],
    );
    let mut conds = vec!["r.position = 1".to_string()];
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
    }
    let scope = if scope.is_empty() {
        "in all Grands Prix in the data".to_string()
    } else {
        scope.join(" ")
    };
    let sql = format!(
        "SELECT ROUND(100.0 * SUM(r.grid = 1) / COUNT(*), 1) AS pct, SUM(r.grid = 1) AS won_from_pole, COUNT(*) AS races \
         FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE {}",
        conds.join(" AND ")
    );
    ctx.interpret(format!("Share of Grands Prix won from pole · {scope}"));
    let conf = ctx.confidence(0, 0, ctx.r.locs.len());
    ctx.answer("rates", &sql, params, conf, |t| {
        (cell(t, 0, 2) != "0").then(|| {
            format!(
                "{} of the {} Grands Prix {scope} were won from pole position ({}%).",
                cell(t, 0, 1),
                cell(t, 0, 2),
                cell(t, 0, 0)
            )
        })
    })
}

/// A driver's or a team's share of starts with a win, podium, pole,
/// fastest lap or retirement, over a career or a season.
fn share_of_starts(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let stat = ctx.stat();
    let Some(cond) = stat.and_then(|s| match s {
        Stat::Wins | Stat::Podiums | Stat::Poles | Stat::FastestLaps | Stat::Dnfs => s.cond(),
        _ => None,
    }) else {
        return Ok(None);
    };
    let Some(stat) = stat else {
        return Ok(None);
    };
    read(ctx, RATE_WORDS);
    read(
        ctx,
        &[
            "starts",
            "races",
            "race starts",
            "grands prix",
            "gps",
            "won",
            "win",
            "finish",
            "finished",
            "on the",
        ],
    );
    let r = ctx.r;
    let (key, id, name, team) = match (r.drivers.first(), r.constructors.first()) {
        (Some(d), _) => ("r.driverId", d.entity.id, d.entity.name.clone(), false),
        (None, Some(c)) => ("r.constructorId", c.entity.id, c.entity.name.clone(), true),
        (None, None) => return Ok(None),
    };
    let mut params: Vec<Value> = vec![json!(id)];
    let mut conds = vec![
        format!("{key} = ?"),
        "r.positionText NOT IN ('F', 'W')".into(),
    ];
    let mut scope = "career".to_string();
    if let Some(y) = ctx.year() {
        conds.push("ra.year = ?".into());
        params.push(json!(y));
        scope = y.to_string();
    }
    // A team's share counts races (two cars in one race are one start).
    let (part, whole) = if team {
        (
            format!("COUNT(DISTINCT CASE WHEN {cond} THEN r.raceId END)"),
            "COUNT(DISTINCT r.raceId)",
        )
    } else {
        (format!("SUM({cond})"), "COUNT(*)")
    };
    let label = stat.label();
    let sql = format!(
        "SELECT ROUND(100.0 * {part} / {whole}, 1) AS pct, {part} AS {label}, {whole} AS starts \
         FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE {}",
        conds.join(" AND ")
    );
    let words = stat.words();
    ctx.interpret(format!("Share of starts with {words} · {name} · {scope}"));
    let conf = ctx.confidence(r.drivers.len(), r.constructors.len(), 0);
    ctx.answer("rates", &sql, params, conf, |t| {
        (cell(t, 0, 2) != "0").then(|| {
            format!(
                "{name}: {}% of starts with {words} ({} of {} starts, {scope}).",
                cell(t, 0, 0),
                cell(t, 0, 1),
                cell(t, 0, 2)
            )
        })
    })
}
