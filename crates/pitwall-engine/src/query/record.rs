//! The typed query of a record with no one named: the all-time leaders in
//! a statistic, the single-season record or one season's leader, and the
//! youngest or oldest champion, winner, pole sitter, starter...

use crate::intents::Stat;

/// Whose age an age record ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgeOf {
    /// World champions, at their season's last race.
    Champion,
    /// Drivers with a result of this kind (none: any start), at that race.
    Result(Option<Stat>),
}

/// A record question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordQuery {
    /// The top `n` of all time in `stat` (ties with the first named).
    AllTime {
        /// The statistic.
        stat: Stat,
        /// Constructors rather than drivers.
        teams: bool,
        /// How many places (1: the leader).
        n: i64,
    },
    /// The most of `stat` in one season: the record over all seasons, or
    /// the leader of the season given.
    Season {
        /// The statistic (not titles).
        stat: Stat,
        /// Constructors rather than drivers.
        teams: bool,
        /// One season's leader rather than the record.
        season: Option<i64>,
    },
    /// Every driver (or team) with a sprint win, with how many ("which
    /// drivers have won a sprint"), over all sprints or one season.
    SprintWinners {
        /// Constructors rather than drivers.
        teams: bool,
        /// One season, or every sprint.
        season: Option<i64>,
        /// "How many different": the sentence leads with the count.
        count: bool,
    },
    /// The youngest or oldest.
    Age {
        /// Oldest rather than youngest.
        oldest: bool,
        /// Of whom.
        of: AgeOf,
    },
}

impl RecordQuery {
    /// The intent name reported for the answer.
    pub fn intent(&self) -> &'static str {
        match self {
            RecordQuery::AllTime { .. } => "all_time_leaders",
            RecordQuery::Season { .. } => "season_records",
            RecordQuery::SprintWinners { .. } => "sprint_winners",
            RecordQuery::Age { .. } => "records",
        }
    }
}
