//! The typed query of a roster: the constructors a driver drove for, or
//! the drivers a constructor ran (in one season or all), or the teams a
//! driver won his titles with.

/// Whose roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RosterOf {
    /// A driver's constructors (drivers.driverId).
    Driver(i64),
    /// A constructor's drivers (constructors.constructorId).
    Constructor(i64),
}

/// A question about a roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Roster {
    /// Whose.
    pub of: RosterOf,
    /// One season, or a whole career.
    pub season: Option<i64>,
    /// Only the seasons the driver was champion ("which team did he win
    /// his titles with"), up to the last complete season.
    pub title_years: Option<i64>,
}

impl Roster {
    /// The intent name reported for the answer.
    pub fn intent(&self) -> &'static str {
        match self.of {
            RosterOf::Driver(_) => "driver_team_history",
            RosterOf::Constructor(_) => "constructor_drivers",
        }
    }
}
