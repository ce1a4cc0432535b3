//! The typed query of pit stops (data from 2011): the fastest or slowest
//! stop of a race, the fastest of a season, a driver's stops in a race or
//! the lap of his first, who stopped most, and a race's total.

use crate::index::RaceInfo;

/// First season with pit-stop data.
pub(crate) const PIT_STOPS_FROM: i64 = 2011;

/// Where the stops are counted.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PitScope<'a> {
    /// One race.
    Race(&'a RaceInfo),
    /// Every race of a season (only its fastest stop is asked).
    Season(i64),
}

/// What is asked of the stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PitAsk {
    /// The shortest pit-lane time.
    Fastest,
    /// The longest pit-lane time.
    Slowest,
    /// How many stops a driver made, and on which laps.
    Stops(i64),
    /// The lap of a driver's first stop.
    FirstStop(i64),
    /// Who stopped most often.
    Most,
    /// How many stops were made in all.
    Total,
}

/// A question about pit stops.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PitQuery<'a> {
    /// Where.
    pub scope: PitScope<'a>,
    /// What.
    pub ask: PitAsk,
}
