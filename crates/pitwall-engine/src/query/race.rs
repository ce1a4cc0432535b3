//! The typed query of one race: which race, and what of it is asked
//! (its winner, a place or the top N, a named driver's result, a grid
//! place or its fastest lap).

use crate::index::RaceInfo;

/// What is asked of one race.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RaceAsk {
    /// The finisher in place `n` (`exact`: 1 is the winner) or, not
    /// `exact`, the top `n` (3: the podium; 30: the whole result).
    Finish {
        /// The place, or how many places.
        n: i64,
        /// One place rather than the top `n`.
        exact: bool,
    },
    /// One named driver's result (drivers.driverId).
    Driver(i64),
    /// The driver who qualified in this place (1: pole position).
    Grid(i64),
    /// The race's fastest lap (not a named driver's own best lap).
    FastestLap,
    /// The winner's margin over the runner-up; a driver named as the
    /// winner who did not win is told so, not given someone else's margin.
    Margin(Option<i64>),
}

/// Which session of the race weekend is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Session {
    /// The Grand Prix (`results`, `qualifying`).
    GrandPrix,
    /// The sprint (`sprint_results`, 2021 on): finishes and a driver's
    /// result only.
    Sprint,
}

/// A question about one race.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RaceQuery<'a> {
    /// The race, resolved from a season and a place or round, or from its
    /// number among all World Championship races.
    pub race: &'a RaceInfo,
    /// Which session.
    pub session: Session,
    /// What is asked of it.
    pub ask: RaceAsk,
}

/// First season whose fastest laps are in the data (`results.rank`).
const FASTEST_LAPS_FROM: i64 = 2004;

/// First season with complete qualifying classifications; before it the
/// grid's first place stands for pole.
pub(crate) const QUALIFYING_FROM: i64 = 2003;

impl RaceQuery<'_> {
    /// The intent name reported for the answer (its family, as used by
    /// evaluations and history).
    pub fn intent(&self) -> &'static str {
        if self.session == Session::Sprint {
            return match self.ask {
                RaceAsk::Driver(_) => "sprint_driver_result",
                _ => "sprint_results",
            };
        }
        match self.ask {
            RaceAsk::Finish { n: 1, exact: true } => "race_winner",
            RaceAsk::Finish { .. } => "race_result",
            RaceAsk::Driver(_) => "race_driver_result",
            RaceAsk::Grid(_) => "pole_sitter",
            RaceAsk::FastestLap => "fastest_lap",
            RaceAsk::Margin(_) => "race_margin",
        }
    }

    /// Why the data cannot answer this query, when it cannot: the refusal
    /// says so instead of an empty answer.
    pub fn unavailable(&self) -> Option<String> {
        match (self.session, self.ask) {
            (_, RaceAsk::FastestLap) if self.race.year < FASTEST_LAPS_FROM => Some(format!(
                "Fastest-lap data in this database starts in {FASTEST_LAPS_FROM}."
            )),
            _ => None,
        }
    }

    /// Whether a driver named in the question is used by the query (a
    /// race's fastest lap ignores one, which lowers confidence).
    pub fn uses_driver(&self) -> bool {
        !matches!(self.ask, RaceAsk::FastestLap | RaceAsk::Margin(None))
    }
}
