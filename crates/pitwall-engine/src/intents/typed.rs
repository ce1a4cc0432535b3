//! The typed-query route: parse the question into a [`Query`], compile it
//! to SQL, run it and phrase the rows. It claims a question only when the
//! parse reads a measure it can count; the full-coverage check then
//! decides whether every word was honoured.

use super::Ctx;
use crate::query::{Query, Shape, Subject};
use crate::{compile, parse, phrase, EngineError, Outcome};

/// Routes a question the typed query understands.
pub(crate) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let Some(q) = parse::parse(ctx) else {
        return Ok(None);
    };
    if !parse::supported(&q) {
        return Ok(None);
    }
    let subject_name = subject_name(ctx, &q);
    let circuit_ref = |id: i64| {
        ctx.idx
            .circuits
            .get(&id)
            .map_or_else(String::new, |c| c.circuit_ref.clone())
    };
    let compiled = if q.also.is_empty() {
        compile::compile(&q, ctx.idx.last_complete_season, circuit_ref)
    } else {
        compile::compile_each(&q, ctx.idx.last_complete_season, circuit_ref)
    };
    let r = ctx.r;
    let confidence = ctx.confidence(r.drivers.len(), r.constructors.len(), r.locs.len());
    ctx.interpret(phrase::interpretation(&q, &subject_name));
    let scope = scope(&q);
    // A partial reading is never answered (the router declines it or a
    // later route reads all of it): do not run its query. A scan run only
    // to be thrown away cost up to 30 ms ("Final top 3 ... with points").
    let unread = super::unread(ctx, intent_of(&q));
    if !unread.is_empty() {
        return Ok(Some(super::not_understood(unread, confidence)));
    }
    if let Some(refusal) = never_drove_for(ctx, &q)? {
        return Ok(Some(refusal));
    }
    if q.shape == Shape::EachSeason {
        ctx.series_rows();
    }
    let split = split_team_note(ctx, &q);
    ctx.answer_or_pass(
        intent_of(&q),
        &compiled.sql,
        compiled.params,
        confidence,
        |t| {
            let sentence = if q.also.is_empty() {
                phrase::sentence(&q, t, &subject_name, &scope)
            } else {
                phrase::each_sentence(&q, t, &subject_name, &scope)
            };
            sentence.map(|s| s + &split)
        },
    )
}

/// The intent name reported for a typed query (its family, as used by
/// evaluations and history).
fn intent_of(q: &Query) -> &'static str {
    match (&q.subject, q.shape) {
        (_, Shape::First | Shape::Last) => "stat_first_last",
        (_, Shape::EachSeason) => "stat_per_season",
        (Subject::Pair(..) | Subject::TeamPair(..), _) => "stat_compare",
        (_, Shape::Streak | Shape::Youngest | Shape::Oldest) => "stat_record",
        (Subject::Drivers | Subject::Constructors, _) => "stat_leaders",
        _ => "stat_count",
    }
}

fn subject_name(ctx: &Ctx, q: &Query) -> String {
    match q.subject {
        Subject::Driver(id) => ctx
            .idx
            .drivers
            .get(&id)
            .map_or_else(String::new, |d| d.name.clone()),
        Subject::Constructor(id) => ctx
            .idx
            .constructors
            .get(&id)
            .map_or_else(String::new, |c| c.name.clone()),
        Subject::Pair(a, b) => {
            let name = |id: i64| {
                ctx.idx
                    .drivers
                    .get(&id)
                    .map_or_else(String::new, |d| d.name.clone())
            };
            format!("{} vs {}", name(a), name(b))
        }
        Subject::TeamPair(a, b) => {
            let name = |id: i64| {
                ctx.idx
                    .constructors
                    .get(&id)
                    .map_or_else(String::new, |c| c.name.clone())
            };
            format!("{} vs {}", name(a), name(b))
        }
        Subject::Drivers | Subject::Constructors => String::new(),
    }
}

/// " with Ferrari at Monza in seasons 2000–2009" for sentences.
fn scope(q: &Query) -> String {
    let f = &q.filters;
    let mut s = String::new();
    if let Some((_, team)) = &f.team {
        s.push_str(&format!(" with {team}"));
    }
    if let Some((_, mate)) = &f.teammate {
        s.push_str(&format!(" with {mate} as teammate"));
    }
    if let Some(p) = &f.place_name {
        let at = if matches!(f.place, Some(crate::pick::Loc::Country(_))) {
            "in"
        } else {
            "at"
        };
        s.push_str(&format!(" {at} {p}"));
    }
    if let Some(y) = f.seasons {
        if y.from == y.to {
            s.push_str(&format!(" in {}", y.from));
        } else {
            s.push_str(&format!(" in {}–{}", y.from, y.to));
        }
    }
    if let Some(m) = f.month {
        s.push_str(&format!(
            " in races held in {}",
            crate::phrase::month_name(m)
        ));
    }
    if f.from_pole {
        s.push_str(" from pole");
    }
    match f.sprints {
        crate::query::Sprints::Included => s.push_str(" (sprints included)"),
        crate::query::Sprints::Excluded => s.push_str(" (Grands Prix only)"),
        crate::query::Sprints::Only => s.push_str(" in sprints"),
        crate::query::Sprints::Convention => {}
    }
    if f.rookie {
        s.push_str(" in the rookie season");
    }
    if let Some(n) = &f.team_nationality {
        s.push_str(&format!(" by {n} constructors"));
    }
    if let Some(n) = &f.driver_nationality {
        s.push_str(&format!(" by {n} drivers"));
    }
    if let Some(stat) = f.never {
        s.push_str(&format!(" among drivers with no career {}", stat.words()));
    }
    s
}

/// A driver's results "with" a team are declined, naming his teams of
/// that name, when the team the name resolved to is not all of them: the
/// data names many 1950s-1980s cars by chassis and engine, so "Jim Clark's
/// wins with Lotus" are Lotus-Climax's and Lotus-Ford's, not Team Lotus's
/// (0), and "Räikkönen with Lotus" is Lotus F1. Answering for the one id
/// would be a confident 0 or a part counted as the whole.
fn never_drove_for(ctx: &Ctx, q: &Query) -> Result<Option<Outcome>, EngineError> {
    let (Subject::Driver(driver), Some((team, team_name))) = (&q.subject, &q.filters.team) else {
        return Ok(None);
    };
    let teams = compile::teams_of(*driver);
    let t = ctx.run(&teams.sql, &teams.params)?;
    let id = team.to_string();
    let drove = (0..t.rows.len()).any(|i| super::cell(&t, i, 0) == id);
    // His teams that share a word with the one named ("Lotus-Ford").
    let words: Vec<String> = crate::text::key(team_name)
        .split(' ')
        .filter(|w| w.len() > 2 && *w != "team")
        .map(str::to_string)
        .collect();
    let similar: Vec<String> = (0..t.rows.len())
        .filter(|i| super::cell(&t, *i, 0) != id)
        .map(|i| super::cell(&t, i, 1))
        .filter(|n| {
            let key = crate::text::key(n);
            key.split(' ').any(|w| words.iter().any(|x| x == w))
        })
        .collect();
    if drove && similar.is_empty() {
        return Ok(None);
    }
    let name = ctx.idx.driver_name(*driver);
    let others = super::join_and(&similar);
    let why = match (drove, similar.is_empty()) {
        (false, true) => format!("The data has no results for {name} with {team_name}."),
        (false, false) => format!(
            "The data has no results for {name} with {team_name}; he raced for {others} \
             (the data names some teams by chassis and engine). Ask about one of them."
        ),
        (true, _) => {
            let all: Vec<String> = std::iter::once(team_name.clone()).chain(similar).collect();
            format!(
                "The data splits {name}'s results under this name: {} (it names some teams \
                 by chassis and engine). Ask about one of them.",
                super::join_and(&all)
            )
        }
    };
    Ok(Some(ctx.refuse(&why)))
}

/// For a team the data also lists under chassis-engine names ("Brabham"
/// and Brabham-Repco, Brabham-Climax, Brabham-Ford), a sentence saying
/// those are separate constructors, not counted: the answer is the one
/// constructor the name resolved to (the question sets' convention), and
/// "Brabham: no constructors' titles" must not read as the whole story.
fn split_team_note(ctx: &Ctx, q: &Query) -> String {
    let Subject::Constructor(id) = q.subject else {
        return String::new();
    };
    let name = ctx.idx.constructor_name(id);
    let base = name.strip_prefix("Team ").unwrap_or(&name);
    let prefix = format!("{base}-");
    // Only those that raced in the seasons asked about ("McLaren's wins
    // in 1984" has no McLaren-Ford to mention).
    let in_seasons = |years: &[i64]| {
        q.filters
            .seasons
            .is_none_or(|s| years.iter().any(|y| (s.from..=s.to).contains(y)))
    };
    let mut others: Vec<String> = ctx
        .idx
        .constructors
        .values()
        .filter(|c| c.id != id && c.entries > 0 && c.name.starts_with(&prefix))
        .filter(|c| in_seasons(&c.years))
        .map(|c| c.name.replace("&amp;", "&"))
        .collect();
    if others.is_empty() {
        return String::new();
    }
    others.sort();
    format!(
        " The data lists {} as separate constructors, not counted here.",
        super::join_and(&others)
    )
}
