//! The typed query of a place with no season: where it is, its first or
//! last Grand Prix, how many it has held, and who won (or took pole, or a
//! podium) there most.

use crate::intents::Stat;
use crate::pick::Loc;

/// What is asked of the place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceAsk {
    /// Its circuit(s), town and country.
    Location,
    /// Its first (`false`) or last (`true`) Grand Prix, with the winner.
    FirstOrLast(bool),
    /// The driver or (`teams`) constructor with the most of `stat` there.
    Most {
        /// Wins, poles or podiums.
        stat: Stat,
        /// Constructors rather than drivers.
        teams: bool,
    },
    /// How many World Championship Grands Prix it has held, and when.
    Held,
}

/// A question about a place.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlaceQuery {
    /// A circuit, a Grand Prix name or a country.
    pub place: Loc,
    /// What is asked of it.
    pub ask: PlaceAsk,
}
