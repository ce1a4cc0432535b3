//! The typed query of fastest laps beyond "who set it": the lap's average
//! speed (`results.fastestLapSpeed`, km/h, 2004-2024) of a race, a season,
//! a place or all of them; a driver's own best lap of a race; and whether
//! a race has a fastest lap recorded at all.

use super::RaceScope;
use crate::index::RaceInfo;

/// First season with fastest-lap data.
pub(crate) const FASTEST_LAPS_FROM: i64 = 2004;

/// Seasons with fastest-lap speeds (2025 has none in the data).
pub(crate) const SPEED_SEASONS: std::ops::RangeInclusive<i64> = 2004..=2024;

/// A question about fastest laps.
#[derive(Debug, Clone)]
pub(crate) enum LapQuery<'a> {
    /// A fastest-lap speed: a race's fastest lap (or a named driver's),
    /// or the highest (`lowest`: lowest) over a span of races.
    Speed {
        /// Which races.
        scope: RaceScope<'a>,
        /// A driver's own laps only (drivers.driverId).
        driver: Option<i64>,
        /// The lowest speed rather than the highest.
        lowest: bool,
    },
    /// A driver's own best lap of one race: time, lap, rank and speed.
    OwnLap {
        /// The race.
        race: &'a RaceInfo,
        /// drivers.driverId.
        driver: i64,
    },
    /// How many cars of one race have a fastest-lap rank of 1: a race
    /// with none has no fastest lap recorded.
    Recorded(&'a RaceInfo),
}

impl LapQuery<'_> {
    /// The intent name reported.
    pub fn intent(&self) -> &'static str {
        match self {
            Self::OwnLap { .. } => "driver_fastest_lap",
            _ => "fastest_lap_speed",
        }
    }
}
