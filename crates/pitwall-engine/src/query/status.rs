//! The typed query of how cars ended races: retirements with a named
//! cause (`status`, e.g. 'Engine'), classified finishers, starters,
//! entrants, disqualifications, non-qualifiers and retirements, counted
//! or listed for a race, a season, a place or all time, optionally for
//! one driver or team. Conventions: classified = numeric `positionText`;
//! starters = `positionText` not 'F'/'W'; entrants = every results row;
//! disqualified = 'D'; failed to qualify = 'F'; retired = 'R'.

use super::RaceScope;

/// How a car ended a race.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finish {
    /// Retired with this `status` (e.g. 'Gearbox').
    Cause(String),
    /// Entered (every results row, non-qualifiers included).
    Entered,
    /// Disqualified.
    Disqualified,
    /// Failed to qualify.
    FailedToQualify,
    /// Classified.
    Classified,
    /// Started.
    Started,
    /// Retired.
    Retired,
}

impl Finish {
    /// Its condition on `results r` (with `status s` joined).
    pub fn cond(&self) -> &'static str {
        match self {
            Self::Cause(_) => "s.status = ?",
            Self::Entered => "1 = 1",
            Self::Disqualified => "r.positionText = 'D'",
            Self::FailedToQualify => "r.positionText = 'F'",
            Self::Classified => "r.positionText GLOB '[0-9]*'",
            Self::Started => "r.positionText NOT IN ('F', 'W')",
            Self::Retired => "r.positionText = 'R'",
        }
    }

    /// Only asked of one race: a driver's starts or a season's finishers
    /// are other questions.
    pub fn race_only(&self) -> bool {
        matches!(
            self,
            Self::Entered | Self::Classified | Self::Started | Self::Retired
        )
    }
}

/// Whose cars are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusWho {
    /// One driver (drivers.driverId).
    Driver(i64),
    /// A constructor's cars (constructors.constructorId).
    Team(i64),
    /// Every car.
    All,
}

/// A question about how cars ended races.
#[derive(Debug, Clone)]
pub(crate) struct StatusQuery<'a> {
    /// How they ended.
    pub finish: Finish,
    /// Which races.
    pub scope: RaceScope<'a>,
    /// Whose cars.
    pub who: StatusWho,
    /// A count (with the names, for one race) rather than a list.
    pub counted: bool,
}

impl StatusQuery<'_> {
    /// Whether one race is asked about.
    pub fn one_race(&self) -> bool {
        matches!(self.scope, RaceScope::Race(_))
    }
}
