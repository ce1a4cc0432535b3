//! The typed query of the calendar: the next race after today, a
//! season's first or last race, and a race that is scheduled but has no
//! results yet. A scheduled race is reported as scheduled; no result is
//! ever made up for it.

use crate::index::RaceInfo;

/// A question about the calendar.
#[derive(Debug, Clone)]
pub(crate) enum CalendarQuery<'a> {
    /// The first race on or after `today` (the engine's clock; the
    /// database's date when `None`).
    Next {
        /// Today, as `YYYY-MM-DD`.
        today: Option<String>,
    },
    /// A season's first (`first`) or last race.
    SeasonEnd {
        /// The race.
        race: &'a RaceInfo,
        /// The opener rather than the finale.
        first: bool,
    },
    /// When and where a race without results is scheduled.
    Scheduled(&'a RaceInfo),
}
