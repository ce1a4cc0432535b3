//! The typed query of a championship table: which championship, when (the
//! end of a season, or after one race), and what is asked of it (a place,
//! the top N, one driver's or team's place, or the gap between two).

use crate::index::RaceInfo;

/// Which championship's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Championship {
    /// The drivers' championship (`driver_standings`).
    Drivers,
    /// The constructors' championship (`constructor_standings`), from 1958.
    Constructors,
}

impl Championship {
    /// The first season the championship was held.
    pub fn first_season(self) -> i64 {
        match self {
            Championship::Drivers => 1950,
            Championship::Constructors => 1958,
        }
    }

    /// "drivers'", "constructors'", for sentences.
    pub fn kind(self) -> &'static str {
        match self {
            Championship::Drivers => "drivers'",
            Championship::Constructors => "constructors'",
        }
    }
}

/// When the table is read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TableWhen<'a> {
    /// After this race.
    After(&'a RaceInfo),
    /// At the end of a season: after its last round in the data.
    Final {
        /// The season.
        season: i64,
        /// The last round in the data, when the season is not complete in
        /// it: the table is then the standings so far, and says so.
        in_progress_after: Option<i64>,
    },
}

/// What is asked of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableAsk {
    /// Who was in this place (1: the leader or the champion).
    Place(i64),
    /// The first N places.
    Top(i64),
    /// One driver's or constructor's place and points.
    Of(i64),
    /// The points of two drivers or constructors and the gap between them.
    Gap(i64, i64),
    /// The leader's margin over P2 (a title margin at a season's end): of
    /// whoever led, or of the one named, who may not have led.
    Margin(Option<i64>),
}

/// Which reading found the query. The intent reported follows it, and
/// with it the words taken as the intent's own (`intents/vocab.rs`; the
/// gap reading consumes its own words and has none there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableReading {
    /// Standings words: a place, the top N, a name's place; a gap between
    /// two names after a round ("how far behind ... after round 10").
    Standings,
    /// Points-gap words ("by how many points", "margin", "separated").
    Gap,
}

/// A question about a championship table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TableQuery<'a> {
    /// Which championship.
    pub championship: Championship,
    /// When it is read.
    pub when: TableWhen<'a>,
    /// What is asked of it.
    pub ask: TableAsk,
    /// Which reading found it.
    pub reading: TableReading,
}

impl TableQuery<'_> {
    /// The intent name reported for the answer.
    pub fn intent(&self) -> &'static str {
        if self.reading == TableReading::Gap {
            return "standings_gap";
        }
        match (self.when, self.ask) {
            (TableWhen::After(_), _) => "standings_after_round",
            (TableWhen::Final { .. }, TableAsk::Place(1) | TableAsk::Top(1)) => "world_champion",
            (TableWhen::Final { .. }, _) => "final_standings",
        }
    }

    /// Drivers and constructors the query names (for confidence: a name
    /// the question gives but the query does not use lowers it).
    pub fn named(&self) -> usize {
        match self.ask {
            TableAsk::Place(_) | TableAsk::Top(_) | TableAsk::Margin(None) => 0,
            TableAsk::Of(_) | TableAsk::Margin(Some(_)) => 1,
            TableAsk::Gap(..) => 2,
        }
    }
}
