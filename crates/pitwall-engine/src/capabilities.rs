//! The kinds of question the engine answers, with examples: the page's
//! "What can I ask?" panel is generated from this list, and a test asks
//! every example of it (`tests/capabilities.rs`), so the list cannot
//! promise what the engine does not answer.

use serde::Serialize;

/// One kind of question the engine covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capability {
    /// A short title ("Race results").
    pub title: &'static str,
    /// One to three questions of this kind the engine answers.
    pub examples: &'static [&'static str],
}

/// Every kind, in the order the page lists them.
pub fn capabilities() -> &'static [Capability] {
    CAPABILITIES
}

const CAPABILITIES: &[Capability] = &[
    Capability {
        title: "Race results",
        examples: &[
            "Who won the 2021 Abu Dhabi Grand Prix?",
            "Podium of the 2019 German Grand Prix?",
        ],
    },
    Capability {
        title: "Qualifying and pole positions",
        examples: &["Who was on pole at Monza in 2018?"],
    },
    Capability {
        title: "Championships and standings",
        examples: &[
            "Who won the 2010 drivers' championship?",
            "Who led the championship after round 12 of 2021?",
        ],
    },
    Capability {
        title: "Career totals and records",
        examples: &[
            "How many races did Nico Rosberg win?",
            "Who has the most pole positions in F1 history?",
        ],
    },
    Capability {
        title: "Season by season",
        examples: &[
            "Lewis Hamilton's wins per season",
            "Ferrari points per season since 2010",
            "In which years did Ferrari win at Monza?",
        ],
    },
    Capability {
        title: "Through a season, round by round",
        examples: &[
            "Championship standings after each round of 2021",
            "Hamilton vs Rosberg race by race in 2016",
            "Where did Hamilton finish in each race of 2019?",
        ],
    },
    Capability {
        title: "Head-to-head and comparisons",
        examples: &[
            "Hamilton vs Bottas qualifying head-to-head in 2021?",
            "Who won more races, Niki Lauda or Nelson Piquet?",
        ],
    },
    Capability {
        title: "Teams and team-mates",
        examples: &["Which teams did Sebastian Vettel drive for?"],
    },
    Capability {
        title: "Circuits and calendars",
        examples: &["Where is Interlagos?", "How many races were there in 1982?"],
    },
    Capability {
        title: "Pit stops, sprints and nationalities",
        examples: &[
            "Who had the fastest pit stop at the 2018 Italian Grand Prix?",
            "Who won the sprint at Interlagos in 2021?",
            "Which Brazilian driver has the most wins?",
        ],
    },
];
