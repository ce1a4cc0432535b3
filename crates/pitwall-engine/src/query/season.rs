//! The typed query of one season as a whole: how many races it had, its
//! calendar, or how many different drivers or constructors won (or took
//! pole) in it.

/// What is asked of the season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeasonAsk {
    /// How many World Championship races it had.
    Races,
    /// Its rounds in order.
    Calendar,
    /// How many different drivers won a race.
    DifferentWinners,
    /// How many different constructors won a race.
    DifferentWinningTeams,
    /// How many different drivers started from pole.
    DifferentPoleSitters,
}

/// A question about one season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SeasonQuery {
    /// The season.
    pub season: i64,
    /// What is asked of it.
    pub ask: SeasonAsk,
    /// The season is the data's last, which may not be complete: its
    /// number of races is the schedule, and the answer says so.
    pub scheduled_after: Option<i64>,
}
