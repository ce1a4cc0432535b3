//! The typed query of a series within one season, the answers a chart
//! draws best: the championship after each round, or one or two drivers'
//! results race by race.

use super::Championship;

/// Whom a standings series follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Follow {
    /// The top N of the season's last recorded round.
    Top(i64),
    /// The drivers or constructors named.
    Named(Vec<i64>),
}

/// A series question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SeriesQuery {
    /// The championship's points after each round.
    Standings {
        /// Which championship.
        championship: Championship,
        /// The season.
        season: i64,
        /// Whom to follow.
        follow: Follow,
    },
    /// One or two drivers' result (or points) in every race.
    RaceByRace {
        /// The season.
        season: i64,
        /// One or two drivers (drivers.driverId).
        drivers: Vec<i64>,
        /// Points rather than finishing positions.
        points: bool,
    },
}

impl SeriesQuery {
    /// The intent name reported for the answer.
    pub fn intent(&self) -> &'static str {
        match self {
            SeriesQuery::Standings { .. } => "standings_progression",
            SeriesQuery::RaceByRace { .. } => "race_by_race",
        }
    }
}
