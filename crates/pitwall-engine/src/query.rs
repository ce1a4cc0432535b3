//! The typed query: what a question asks, independent of its wording.
//!
//! `parse` turns the words of a question into a [`Query`] (consuming every
//! word it honours, so a qualifier it does not know leaves a word unread
//! and the engine declines); `compile` turns the query into parameterised
//! SQL; `phrase` turns the rows into a sentence and an interpretation.
//! Qualifiers are fields of [`Filters`], so "since 2014", "at Monza" and
//! "with Ferrari" compose with every measure instead of being re-implemented
//! per question type.

mod calendar;
mod circuit;
mod driver;
mod flags;
mod head_to_head;
mod laps;
mod pits;
mod place;
mod quali;
mod race;
mod race_detail;
mod rate;
mod record;
mod roster;
mod scope;
mod season;
mod series;
mod status;
mod table;

pub(crate) use calendar::CalendarQuery;
pub(crate) use circuit::{CircuitField, CircuitQuery, Extreme};
pub(crate) use driver::{BirthQuery, BirthRange, DriverFacts, DriverField};
pub(crate) use flags::{FlagAsk, FlagQuery, FlagScope, PlaceFilter, Stoppage};
pub(crate) use head_to_head::{Duel, HeadToHead};
pub(crate) use laps::{LapQuery, FASTEST_LAPS_FROM, SPEED_SEASONS};
pub(crate) use pits::{PitAsk, PitQuery, PitScope, PitWho, PIT_STOPS_FROM};
pub(crate) use place::{PlaceAsk, PlaceQuery};
pub(crate) use quali::{
    GapPair, Knockout, QualiAsk, QualiQuery, KNOCKOUT_FROM, QUALI_ORDER_FROM, QUALI_TIMES_FROM,
};
pub(crate) use race::{RaceAsk, RaceQuery, Session, QUALIFYING_FROM};
pub(crate) use race_detail::{RaceColumn, RaceDetail, RaceDetailAsk, WeekendSession};
pub(crate) use rate::{RateQuery, Starter};
pub(crate) use record::{AgeOf, RecordQuery};
pub(crate) use roster::{Roster, RosterOf};
pub(crate) use scope::RaceScope;
pub(crate) use season::{SeasonAsk, SeasonQuery};
pub(crate) use series::{Follow, SeriesQuery};
pub(crate) use status::{Finish, StatusQuery, StatusWho};
pub(crate) use table::{Championship, TableAsk, TableQuery, TableReading, TableWhen};

use crate::intents::Stat;
use crate::pick::Loc;

/// Who the question is about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Subject {
    /// One driver (drivers.driverId).
    Driver(i64),
    /// One constructor (constructors.constructorId).
    Constructor(i64),
    /// Every driver: a ranking or an extreme.
    Drivers,
    /// Every constructor.
    Constructors,
    /// Two constructors compared ("Ferrari or Mercedes: more poles?").
    TeamPair(i64, i64),
    /// Two drivers compared ("who won more, Senna or Prost").
    Pair(i64, i64),
}

impl Subject {
    /// Whether the subject is one or all constructors.
    pub fn is_team(&self) -> bool {
        matches!(
            self,
            Subject::Constructor(_) | Subject::Constructors | Subject::TeamPair(..)
        )
    }
}

/// An inclusive range of seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seasons {
    /// First season counted.
    pub from: i64,
    /// Last season counted.
    pub to: i64,
}

impl Seasons {
    /// "2012", "2000–2009".
    pub fn label(self) -> String {
        if self.from == self.to {
            self.from.to_string()
        } else {
            format!("seasons {}–{}", self.from, self.to)
        }
    }
}

/// How sprint results are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sprints {
    /// The measure's convention (points include sprint points; wins,
    /// podiums and poles are Grand Prix only).
    #[default]
    Convention,
    /// Sprint results added ("counting sprint wins").
    Included,
    /// Grand Prix results only ("leaving out sprint points").
    Excluded,
    /// Sprint results only ("sprint points", "points in sprints").
    Only,
}

/// Qualifiers that narrow which race results count.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Filters {
    /// Seasons counted ("in the 2000s", "between 2010 and 2014", "in 2019").
    pub seasons: Option<Seasons>,
    /// Place raced at ("at Monza", "the Monaco Grand Prix", "in Brazil").
    pub place: Option<Loc>,
    /// Display name of `place`.
    pub place_name: Option<String>,
    /// The place is a Grand Prix named as one ("the United States Grand
    /// Prix"), not a Grand Prix reached from a country's name ("the United
    /// States"), which for races held would miss the country's other races.
    pub place_named_as_gp: bool,
    /// The constructor a driver's results were for ("with Ferrari").
    pub team: Option<(i64, String)>,
    /// Month of the race date, 1–12 ("in September").
    pub month: Option<u32>,
    /// Only races started from pole (grid 1).
    pub from_pole: bool,
    /// A driver who was the subject's teammate in the race.
    pub teammate: Option<(i64, String)>,
    /// Only the subject's first season with a start.
    pub rookie: bool,
    /// Constructors of this nationality ("Japanese constructors").
    pub team_nationality: Option<String>,
    /// Drivers of this nationality ("British drivers").
    pub driver_nationality: Option<String>,
    /// Only drivers who never had this result in their career ("without
    /// ever winning": wins; "without a podium": podiums; "without ever
    /// becoming champion": titles).
    pub never: Option<Stat>,
    /// Sprint counting.
    pub sprints: Sprints,
}

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// A per-result statistic (wins, podiums, poles...).
    Stat(Stat),
    /// Races where one constructor finished first and second.
    OneTwo,
    /// Seasons with at least one start.
    Seasons,
    /// Grand Prix finishes in one position ("finished second").
    Position(i64),
    /// Mean finishing position over classified Grand Prix finishes.
    AverageFinish,
    /// Grand Prix points per Grand Prix start.
    PointsPerStart,
    /// World Championship races held (rows of `races`, no result needed).
    Held,
}

impl Measure {
    /// Plural noun for sentences.
    pub fn words(self) -> &'static str {
        match self {
            Measure::Stat(s) => s.words(),
            Measure::OneTwo => "one-two finishes",
            Measure::Seasons => "seasons",
            Measure::Position(2) => "second places",
            Measure::Position(3) => "third places",
            Measure::Position(_) => "finishes in that position",
            Measure::AverageFinish => "average finishing position (classified finishes)",
            Measure::PointsPerStart => "Grand Prix points per start",
            Measure::Held => "races held",
        }
    }

    /// Capitalised label for interpretations.
    pub fn title(self) -> String {
        let w = self.words();
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    }
}

/// The shape of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// One number ("how many").
    Count,
    /// The top `n` subjects ("who won the most").
    Leaders(i64),
    /// The seasons with a result ("in which years").
    Years,
    /// Every season the subject started a race, with the value of each,
    /// zero included ("wins per season", "season by season").
    EachSeason,
    /// The races with a result ("which races").
    Races,
    /// The first race with a result ("when did ... first").
    First,
    /// The last race with a result.
    Last,
    /// How many different drivers, constructors or circuits had a result.
    Distinct(Counted),
    /// The subject's season with the most ("in which season ... the most").
    BestSeason,
    /// The longest unbroken run of results ("most consecutive wins").
    Streak,
    /// The youngest driver with a result (age at the race).
    Youngest,
    /// The oldest driver with a result.
    Oldest,
    /// A team's best-finishing driver in one race ("the highest-placed
    /// Ferrari driver at the 2020 British Grand Prix").
    BestPlaced,
}

/// What a "how many different" question counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counted {
    /// drivers.driverId.
    Drivers,
    /// constructors.constructorId.
    Constructors,
    /// circuits.circuitId.
    Circuits,
}

impl Counted {
    /// "different drivers".
    pub fn words(self) -> &'static str {
        match self {
            Counted::Drivers => "different drivers",
            Counted::Constructors => "different constructors",
            Counted::Circuits => "different circuits",
        }
    }

    /// The SQL column counted.
    pub fn column(self) -> &'static str {
        match self {
            Counted::Drivers => "x.driverId",
            Counted::Constructors => "x.constructorId",
            Counted::Circuits => "ra.circuitId",
        }
    }
}

/// A question as a typed query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    /// Who.
    pub subject: Subject,
    /// What is counted.
    pub measure: Measure,
    /// Which results count.
    pub filters: Filters,
    /// What comes back.
    pub shape: Shape,
    /// Also report the driver's age at the race ("how old was he when").
    pub age: bool,
    /// Also name the constructor of the first/last result ("which team did
    /// he make his debut with").
    pub with_team: bool,
    /// For titles: the constructors' championship rather than the drivers'.
    pub team_title: bool,
    /// More measures asked together ("wins, poles and titles"): each is
    /// answered for the same subject, filters and shape (a count).
    pub also: Vec<Measure>,
    /// The shape was not asked for ("checo wins for red bull"): a count is
    /// assumed, which is only safe for one named subject.
    pub implicit: bool,
}
