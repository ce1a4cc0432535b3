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

/// Whose stops a time or a count covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PitWho {
    /// One driver (drivers.driverId).
    Driver(i64),
    /// A constructor's drivers (constructors.constructorId).
    Team(i64),
    /// Every driver.
    All,
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
    /// The laps a driver pitted on (one race).
    Laps(i64),
    /// Average (or total) pit-lane time of a driver, a team or everyone.
    Time {
        /// The average rather than the total.
        average: bool,
        /// Whose stops.
        who: PitWho,
    },
    /// How many stops a team's drivers made.
    TeamStops(i64),
}

/// A question about pit stops.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PitQuery<'a> {
    /// Where.
    pub scope: PitScope<'a>,
    /// What.
    pub ask: PitAsk,
}

impl PitQuery<'_> {
    /// The intent name reported: the race's own pit-stop facts, or the
    /// times, laps and team counts of the fact family.
    pub fn intent(&self) -> &'static str {
        match self.ask {
            PitAsk::Laps(_) | PitAsk::Time { .. } | PitAsk::TeamStops(_) => "pit_stop_facts",
            _ => "pit_stops",
        }
    }
}
