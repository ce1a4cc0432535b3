//! What each intent accounts for beyond the words it tests for: the words a
//! question of its kind is phrased with. A word is listed under an intent
//! only when that intent's answer already honours it (a count intent lists
//! "how many", a list intent does not), so a question using any other word
//! is declined as not fully understood instead of answered as a broader or
//! different question. Lists are per kind of question, never per sentence.

/// Nouns and verbs that restate what every F1 question is about.
#[rustfmt::skip]
const SUBJECT: &[&str] = &[
    "driver", "drivers", "race", "races", "grand", "prix", "grands", "prixs", "gp", "gps",
    "season", "formula", "one", "1", "f1", "championship", "world", "who", "whos", "career",
    "name", "list", "claimed", "claim", "posted", "post", "make", "made", "set", "secured",
    "achieved", "recorded", "register", "registered", "scored", "score",
    // Race names as written in their own languages: "Gran Premio d'Italia",
    // "Grand Prix de Monaco".
    "gran", "premio", "grande", "premi", "de", "di", "d", "du", "del", "della", "des",
];

/// What typed queries (`stat_*` intents) take for granted: like
/// [`SUBJECT`] without "season", "one", "world" and "championship", which
/// in a counting question are qualifiers ("in one season", "world
/// championship wins") that the typed parse reads itself when it honours
/// them.
#[rustfmt::skip]
const TYPED_SUBJECT: &[&str] = &[
    "driver", "drivers", "race", "races", "grand", "prix", "grands", "prixs", "gp", "gps",
    "formula", "f1", "who", "whos", "career", "claimed", "claim", "posted",
    "post", "make", "made", "set", "secured", "achieved", "recorded", "register", "registered",
    "scored", "score", "gran", "premio", "grande", "premi", "de", "di", "d", "du", "del", "della", "des",
];

/// Asking for a number.
const COUNT: &[&str] = &["how", "many", "times", "number", "total", "count"];

/// Winning.
const WINNING: &[&str] = &[
    "won",
    "win",
    "wins",
    "winner",
    "winners",
    "winning",
    "victory",
    "victories",
    "take",
    "took",
];

/// Finishing positions.
#[rustfmt::skip]
const FINISHING: &[&str] = &[
    "finished", "finish", "finishing", "place", "placed", "position", "positions", "result",
    "results", "classified", "where", "end", "ended", "come", "came",
];

/// The words of `intent`'s kind of question.
pub(crate) fn words_of(intent: &str) -> Vec<&'static [&'static str]> {
    let own: &[&[&str]] = match intent {
        "race_winner" => &[WINNING, &["team", "and"]],
        "race_result" => &[
            FINISHING,
            &[
                "top",
                "podium",
                "order",
                "and",
                "team",
                "finishers",
                "which",
                "what",
                "drivers",
            ],
        ],
        "race_driver_result" => &[
            FINISHING,
            COUNT,
            WINNING,
            &["and", "grid", "from", "start", "started"],
        ],
        "pole_sitter" => &[&[
            "put",
            "it",
            "sat",
            "sit",
            "claimed",
            "grabbed",
            "secured",
            "pole",
            "position",
            "sitter",
            "started",
            "start",
            "from",
            "qualified",
            "qualifying",
            "quali",
            "on",
            "took",
            "take",
            "grid",
            "first",
            "fastest",
        ]],
        "fastest_lap" | "fastest_laps" => &[
            COUNT,
            &[
                "fastest", "lap", "laps", "set", "time", "and", "had", "quickest", "took", "take",
                "did", "recorded", "posted", "clocked", "drove",
            ],
        ],
        "world_champion" => &[
            WINNING,
            COUNT,
            &[
                "champion",
                "champions",
                "championship",
                "title",
                "titles",
                "drivers",
                "constructors",
                "constructor",
                "wdc",
                "wcc",
                "champ",
                "points",
                "finish",
                "with",
                "and",
            ],
        ],
        "final_standings" | "driver_standings" | "constructor_standings" => &[
            FINISHING,
            &[
                "final",
                "table",
                "standings",
                "top",
                "points",
                "with",
                "drivers",
                "constructors",
                "championship",
            ],
        ],
        "standings_after_round" => &[&[
            "table",
            "topped",
            "top",
            "led",
            "lead",
            "leading",
            "leader",
            "standings",
            "after",
            "round",
            "top",
            "drivers",
            "constructors",
            "points",
            "championship",
            "gap",
            "between",
            "how",
            "big",
            "title",
            "behind",
            "ahead",
            "margin",
            "and",
            "many",
            "separated",
        ]],
        "all_time_leaders" => &[&[
            "time",
            "most",
            "has",
            "scored",
            "finishes",
            "positions",
            "team",
            "constructor",
            "achieved",
        ]],
        "season_records" => &[
            WINNING,
            &[
                "most",
                "single",
                "record",
                "in",
                "a",
                "team",
                "positions",
                "anyone",
                "anybody",
            ],
        ],
        "head_to_head" => &[
            COUNT,
            &[
                "between",
                "flag",
                "beaten",
                "beating",
                "often",
                "vs",
                "versus",
                "v",
                "h2h",
                "or",
                "head",
                "against",
                "more",
                "ahead",
                "teammate",
                "beat",
                "scored",
                "finish",
                "finished",
                "quali",
                "qualifying",
            ],
        ],
        // "Which teams did he win his titles with" is a driver's; a team's
        // drivers who won the title are a count of titles, not its roster.
        "driver_team_history" => &[&[
            "which", "what", "teams", "team", "drive", "drove", "driven", "driving", "raced",
            "for", "when", "won", "title",
        ]],
        "constructor_drivers" => &[&[
            "which", "what", "teams", "team", "drive", "drove", "driven", "driving", "raced",
            "for", "when",
        ]],
        "circuit_facts" => &[
            COUNT,
            &[
                "where", "located", "host", "hosted", "circuit", "circuits", "country", "when",
                "town", "city", "first", "last", "held", "have", "been",
            ],
        ],
        "season_facts" => &[
            COUNT,
            WINNING,
            &[
                "were",
                "there",
                "held",
                "different",
                "final",
                "last",
                "first",
                "date",
                "calendar",
                "rounds",
            ],
        ],
        "pit_stops" => &[
            COUNT,
            &[
                "pit", "stop", "stops", "pitted", "fastest", "made", "had", "in",
            ],
        ],
        // One sprint's winner, place or top N: no count or points is read.
        "sprint_results" => &[WINNING, FINISHING, &["sprint", "sprints"]],
        // A driver's sprint result, whose sentence gives his points.
        "sprint_driver_result" => &[
            COUNT,
            WINNING,
            FINISHING,
            &["sprint", "sprints", "points", "score", "scored"],
        ],
        "records" => &[
            WINNING,
            &[
                "youngest", "oldest", "ever", "sitter", "position", "record", "have", "has",
            ],
        ],
        _ => &[],
    };
    let mut out = vec![if intent.starts_with("stat_") {
        TYPED_SUBJECT
    } else {
        SUBJECT
    }];
    out.extend_from_slice(own);
    out
}

/// Whether `word` is one of `intent`'s words.
pub(crate) fn is_intent_word(intent: &str, word: &str) -> bool {
    words_of(intent).iter().any(|list| list.contains(&word))
        || super::facts::words_of(intent).contains(&word)
}
