//! The typed query of one race's own columns: its Wikipedia URL, date,
//! start time (UTC), round and circuit; the date and time of a session of
//! its weekend; and the winner's (or a driver's) race time.

use crate::index::RaceInfo;

/// A column of the race's `races` row (or its circuit's name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RaceColumn {
    /// `races.url`.
    Url,
    /// `races.date`.
    Date,
    /// `races.time`, in UTC (recorded from 2005).
    StartTime,
    /// `races.round`.
    Round,
    /// The circuit's name, city and country.
    Circuit,
}

impl RaceColumn {
    /// How the column is named in answers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Url => "Wikipedia page",
            Self::Date => "date",
            Self::StartTime => "start time (UTC)",
            Self::Round => "round",
            Self::Circuit => "circuit",
        }
    }

    /// Its column in the rows `compile::race_detail` selects.
    pub fn column(self) -> usize {
        match self {
            Self::Url => 0,
            Self::Date => 1,
            Self::StartTime => 2,
            Self::Round => 3,
            Self::Circuit => 4,
        }
    }
}

/// A session of the race weekend with its own date and time columns
/// (recorded from 2021, not for 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WeekendSession {
    /// The sprint.
    Sprint,
    /// Qualifying.
    Qualifying,
    /// First practice.
    Fp1,
    /// Second practice.
    Fp2,
    /// Third practice.
    Fp3,
}

impl WeekendSession {
    /// Its date and time columns in `races`.
    pub fn columns(self) -> (&'static str, &'static str) {
        match self {
            Self::Sprint => ("sprint_date", "sprint_time"),
            Self::Qualifying => ("quali_date", "quali_time"),
            Self::Fp1 => ("fp1_date", "fp1_time"),
            Self::Fp2 => ("fp2_date", "fp2_time"),
            Self::Fp3 => ("fp3_date", "fp3_time"),
        }
    }

    /// How it is named in answers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sprint => "sprint",
            Self::Qualifying => "qualifying",
            Self::Fp1 => "first practice",
            Self::Fp2 => "second practice",
            Self::Fp3 => "third practice",
        }
    }
}

/// What is asked of the race.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RaceDetailAsk {
    /// A column of the race.
    Column(RaceColumn),
    /// A session's date and time.
    Session(WeekendSession),
    /// The winner's race time and laps, or this driver's (drivers.driverId).
    RaceTime(Option<i64>),
}

/// A question about one race's own columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RaceDetail<'a> {
    /// The race.
    pub race: &'a RaceInfo,
    /// What of it.
    pub ask: RaceDetailAsk,
}
