//! Which races a fact is taken from: one race, or every race at a place
//! and/or in a season. Shared by the fact queries that read either.

use super::PlaceFilter;
use crate::index::RaceInfo;

/// One race, or a span of races.
#[derive(Debug, Clone)]
pub(crate) enum RaceScope<'a> {
    /// One race.
    Race(&'a RaceInfo),
    /// Every race, or those at a place (with its display name) and/or of
    /// a season.
    Races {
        /// At this place.
        place: Option<(PlaceFilter, String)>,
        /// In this season.
        season: Option<i64>,
    },
}
