//! The typed query of fastest laps beyond "who set it": the lap's average
//! speed (`results.fastestLapSpeed`, km/h, 2004-2024) of a race, a season,
//! a place or all of them; a driver's own best lap of a race; and whether
//! a race has a fastest lap recorded at all.

use super::RaceScope;

/// First season with fastest-lap data.
pub(crate) const FASTEST_LAPS_FROM: i64 = 2004;

/// Seasons with fastest-lap speeds (2025 has none in the data).
pub(crate) const SPEED_SEASONS: std::ops::RangeInclusive<i64> = 2004..=2024;

/// What is asked of the fastest laps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LapAsk {
    /// A fastest-lap speed: a race's fastest lap (or a named driver's),
    /// or the highest (`lowest`: lowest) over a span of races.
    Speed {
        /// A driver's own laps only.
        driver: Option<i64>,
        /// The lowest speed rather than the highest.
        lowest: bool,
    },
    /// A driver's own best lap of one race: time, lap, rank and speed.
    OwnLap(i64),
    /// How many cars of one race have a fastest-lap rank of 1: a race
    /// with none has no fastest lap recorded.
    Recorded,
}

/// A question about fastest laps.
#[derive(Debug, Clone)]
pub(crate) struct LapQuery<'a> {
    /// Where.
    pub scope: RaceScope<'a>,
    /// What.
    pub ask: LapAsk,
}

impl LapQuery<'_> {
    /// The intent name reported.
    pub fn intent(&self) -> &'static str {
        match self.ask {
            LapAsk::OwnLap(_) => "driver_fastest_lap",
            _ => "fastest_lap_speed",
        }
    }
}
