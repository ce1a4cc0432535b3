//! The typed query of a rate, as 100 × part / whole to one decimal: the
//! share of Grands Prix won from pole (in a season, at a place, or all),
//! and a driver's or a team's share of starts with a win, podium, pole,
//! fastest lap or retirement.

use super::PlaceFilter;
use crate::intents::Stat;

/// Whose starts a share counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Starter {
    /// A driver (drivers.driverId).
    Driver(i64),
    /// A constructor (constructors.constructorId): two cars in one race
    /// are one start.
    Team(i64),
}

/// A rate question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RateQuery {
    /// The share of Grands Prix won from pole.
    WonFromPole {
        /// At this place (with its display name).
        place: Option<(PlaceFilter, String)>,
        /// In this season.
        season: Option<i64>,
    },
    /// A driver's or a team's share of starts with a result.
    ShareOfStarts {
        /// Wins, podiums, poles, fastest laps or retirements.
        stat: Stat,
        /// Whose starts.
        who: Starter,
        /// One season, or the career.
        season: Option<i64>,
    },
}
