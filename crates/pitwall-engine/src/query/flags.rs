//! The typed query of safety-car deployments and red flags (`safety_cars`,
//! `red_flags`: one row per deployment or stoppage, keyed by Race =
//! '<year> <race name>'): how many in a race, a season or at a place,
//! which races had them, the race with the most, and laps run behind the
//! safety car.

use crate::index::RaceInfo;

/// Which stoppages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stoppage {
    /// Full safety-car deployments (virtual ones are not in the data).
    SafetyCar,
    /// Red flags.
    RedFlag,
}

impl Stoppage {
    /// The intent answering about it.
    pub fn intent(self) -> &'static str {
        match self {
            Stoppage::SafetyCar => "safety_cars",
            Stoppage::RedFlag => "red_flags",
        }
    }

    /// Plural noun for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            Stoppage::SafetyCar => "safety-car deployments",
            Stoppage::RedFlag => "red flags",
        }
    }
}

/// A place the races are at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PlaceFilter {
    /// One circuit (circuits.circuitId).
    Circuit(i64),
    /// A Grand Prix by name.
    RaceName(String),
    /// A country, in every spelling the circuits table uses for it.
    Countries(Vec<String>),
}

/// The races counted.
#[derive(Debug, Clone)]
pub(crate) enum FlagScope<'a> {
    /// One race.
    Race(&'a RaceInfo),
    /// Races at a place and/or in a season (neither: every race).
    Races {
        /// At this place.
        place: Option<PlaceFilter>,
        /// In this season.
        season: Option<i64>,
        /// "at Monza in 2020", "in the data", for sentences.
        label: String,
    },
}

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlagAsk {
    /// Full laps run behind the safety car.
    LapsBehind,
    /// The race with the most.
    MostInARace,
    /// The races that had any.
    Races,
    /// How many (with laps and causes for one race).
    Count,
}

/// A safety-car or red-flag question.
#[derive(Debug, Clone)]
pub(crate) struct FlagQuery<'a> {
    /// Which stoppages.
    pub kind: Stoppage,
    /// Which races.
    pub scope: FlagScope<'a>,
    /// What is asked.
    pub ask: FlagAsk,
}
