//! The measure: what a counting question counts. Phrases are tried longest
//! first and only on words no earlier reader took, so "from pole position"
//! (a qualifier) never reads as "pole positions" (a measure).

use super::take;
use crate::intents::{Ctx, Stat};
use crate::query::Measure;

/// Verbs that only say a result was obtained ("scored", "took",
/// "achieved"); read after a measure, never instead of one.
const OBTAINING: &[&str] = &[
    "score",
    "scored",
    "scores",
    "scoring",
    "take",
    "took",
    "taken",
    "takes",
    "achieve",
    "achieved",
    "earn",
    "earned",
    "collect",
    "collected",
    "claim",
    "claimed",
    "record",
    "recorded",
    "secure",
    "secured",
    "get",
    "got",
    "came",
    "come",
    "rack up",
    "racked up",
    "bag",
    "bagged",
    "notch",
    "notched",
    "register",
    "registered",
    "manage",
    "managed",
    "total",
    "tally",
    "amass",
    "amassed",
    "accumulate",
    "accumulated",
    "finishes",
];

/// (phrases, statistic), most specific first.
const STATS: &[(&[&str], Stat)] = &[
    (
        &[
            "world championship points",
            "championship points",
            "drivers championship points",
        ],
        Stat::Points,
    ),
    (
        &[
            "world championships",
            "drivers championships",
            "constructors championships",
            "drivers world championship",
            "drivers championship",
            "constructors championship",
            "world championship",
            "drivers titles",
            "constructors titles",
            "drivers title",
            "constructors title",
            "world titles",
            "world title",
            "championship titles",
            "world champions",
            "world champion",
            "titles",
            "title",
            "championships",
            "championship",
            "wdcs",
            "wccs",
            "wdc",
            "wcc",
            "crowns",
            "champions",
            "champion",
        ],
        Stat::Titles,
    ),
    (
        &[
            "pole positions",
            "pole position",
            "pole sitters",
            "pole sitter",
            "polesitters",
            "polesitter",
            "poles",
            "pole",
        ],
        Stat::Poles,
    ),
    (&["fastest laps", "fastest lap"], Stat::FastestLaps),
    (
        &[
            "finished on the podium",
            "finish on the podium",
            "finishing on the podium",
            "podium finishes",
            "podium finish",
            "top three finishes",
            "top 3 finishes",
            "podiums",
            "podium",
            "rostrums",
            "rostrum",
        ],
        Stat::Podiums,
    ),
    (
        &[
            "did not finish",
            "didnt finish",
            "failed to finish",
            "fail to finish",
            "retirements",
            "retirement",
            "retired",
            "retire",
            "dnfs",
            "dnf",
        ],
        Stat::Dnfs,
    ),
    (&["points", "point", "pts"], Stat::Points),
    (
        &[
            "grand prix wins",
            "grand prix victories",
            "race wins",
            "race victories",
            "victories",
            "victory",
            "wins",
            "win",
            "won",
            "winning",
            "winner",
            "winners",
            "triumphs",
            "triumphed",
            "victorious",
        ],
        Stat::Wins,
    ),
    (
        &[
            "race starts",
            "grand prix starts",
            "starts",
            "started",
            "start",
            "appearances",
            "entries",
            "raced",
            "competed",
            "compete",
        ],
        Stat::Starts,
    ),
];

/// Reads the statistic asked about, then the verbs that merely obtain it.
pub(crate) fn stat(ctx: &Ctx) -> Option<Measure> {
    let stat = STATS
        .iter()
        .find(|(phrases, _)| take(ctx, phrases))
        .map(|(_, s)| *s)?;
    // A second mention of the same measure ("won ... wins") is the same word.
    if let Some((phrases, _)) = STATS.iter().find(|(_, s)| *s == stat) {
        while take(ctx, phrases) {}
    }
    while take(ctx, OBTAINING) {}
    // A title is won: "won" says how it was obtained, not a second measure.
    if stat == Stat::Titles {
        while take(
            ctx,
            &[
                "won", "win", "winning", "been", "become", "became", "crowned",
            ],
        ) {}
    }
    Some(Measure::Stat(stat))
}

/// Phrases saying a race took place.
const HELD: &[&str] = &[
    "have been held",
    "has been held",
    "were held",
    "was held",
    "been held",
    "held",
    "took place",
    "take place",
    "taken place",
    "have hosted",
    "has hosted",
    "hosted",
    "host",
    "hosts",
    "staged",
    "were there",
    "was there",
    "visited",
    "visit",
    "race at",
    "raced at",
    "race in",
    "raced in",
    "racing at",
    "racing in",
    "run",
    "ran",
];

/// Races held ("which Grands Prix took place in September 2019", "in
/// which years did F1 race at Istanbul Park"): only with no driver or
/// constructor named, as a race with a driver is a start.
pub(crate) fn held(ctx: &Ctx) -> Option<Measure> {
    if !ctx.r.drivers.is_empty() || !ctx.r.constructors.is_empty() || !take(ctx, HELD) {
        return None;
    }
    while take(ctx, HELD) {}
    take(ctx, &["world championship", "championship"]);
    // "held at circuits in Spain": the noun only frames the place (a count
    // of circuits is read by the shape, "how many circuits").
    take(
        ctx,
        &["at circuits", "on circuits", "at tracks", "at venues"],
    );
    Some(Measure::Held)
}

/// "finished second", "second-place finishes", "P2 finishes": Grand Prix
/// finishes in one position (2nd to 10th; 1st is a win, read as wins).
pub(crate) fn position(ctx: &Ctx) -> Option<Measure> {
    const PLACES: &[(&str, i64)] = &[
        ("second", 2),
        ("2nd", 2),
        ("p2", 2),
        ("third", 3),
        ("3rd", 3),
        ("p3", 3),
        ("fourth", 4),
        ("4th", 4),
        ("p4", 4),
        ("fifth", 5),
        ("5th", 5),
        ("p5", 5),
    ];
    for (word, n) in PLACES {
        let found = [
            format!("finished {word}"),
            format!("finishing {word}"),
            format!("finish {word}"),
            format!("came {word}"),
            format!("{word} place finishes"),
            format!("{word} places"),
            format!("{word} place"),
            format!("{word} finishes"),
        ];
        let phrases: Vec<&str> = found.iter().map(String::as_str).collect();
        if take(ctx, &phrases) {
            while take(ctx, &phrases) {}
            take(ctx, &["times", "races", "grands prix"]);
            return Some(Measure::Position(*n));
        }
    }
    None
}

/// Measure nouns that can be listed together ("wins, poles and titles").
const LISTABLE: &[(&[&str], Stat)] = &[
    (&["titles", "championships", "world titles"], Stat::Titles),
    (&["pole positions", "poles"], Stat::Poles),
    (&["fastest laps"], Stat::FastestLaps),
    (&["podium finishes", "podiums"], Stat::Podiums),
    (&["retirements", "dnfs"], Stat::Dnfs),
    (&["points"], Stat::Points),
    (&["race wins", "victories", "wins"], Stat::Wins),
    (&["race starts", "starts"], Stat::Starts),
];

/// A further measure listed with the first ("wins, poles and titles"):
/// only plural nouns, and only when the question lists with "and" or a
/// comma, so "points ... win the championship" is never two measures.
pub(crate) fn listed(ctx: &Ctx, first: Measure) -> Option<Measure> {
    if !ctx.r.parsed.words.iter().any(|w| w == "and") {
        return None;
    }
    let Measure::Stat(first) = first else {
        return None;
    };
    LISTABLE
        .iter()
        .filter(|(_, s)| *s != first)
        .find(|(phrases, _)| take(ctx, phrases))
        .map(|(_, s)| Measure::Stat(*s))
}

/// "average finishing position", "points per race": averages over a
/// driver's or team's Grand Prix results.
pub(crate) fn average(ctx: &Ctx) -> Option<Measure> {
    if take(
        ctx,
        &[
            "average finishing position",
            "average finish position",
            "average finish",
            "average position",
            "mean finishing position",
        ],
    ) {
        return Some(Measure::AverageFinish);
    }
    if take(
        ctx,
        &[
            "points per race",
            "points per start",
            "points per grand prix",
            "points per gp",
            "average points per race",
            "average points",
        ],
    ) {
        take(ctx, &["average", "on average"]);
        while take(ctx, OBTAINING) {}
        return Some(Measure::PointsPerStart);
    }
    None
}
