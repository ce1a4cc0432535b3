//! The typed query of one race's qualifying: its order, who went out in
//! (or reached) a knockout session, the gap between two qualifiers, a
//! driver's session times, and the fastest (or slowest) time of a session
//! or the pole time. Qualifying times start in 1994 (patchy until 2003)
//! and the three-session knockout format in 2006.

use crate::index::RaceInfo;

/// First season with qualifying times.
pub(crate) const QUALI_TIMES_FROM: i64 = 1994;

/// First season of the Q1/Q2/Q3 knockout format.
pub(crate) const KNOCKOUT_FROM: i64 = 2006;

/// First season whose qualifying table is complete (positions for all).
pub(crate) const QUALI_ORDER_FROM: i64 = 2003;

/// How a driver's run relates to a knockout session: one variant per
/// meaningful pair (nobody is knocked out in Q3 or reaches Q1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Knockout {
    /// Knocked out in Q1.
    OutInQ1,
    /// Knocked out in Q2.
    OutInQ2,
    /// Made it out of Q1.
    OutOfQ1,
    /// Made it out of Q2.
    OutOfQ2,
    /// Reached Q2.
    ReachedQ2,
    /// Reached Q3.
    ReachedQ3,
    /// Did not reach Q2.
    MissedQ2,
    /// Did not reach Q3.
    MissedQ3,
}

/// Which two qualifiers a gap is between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GapPair {
    /// Two named drivers (drivers.driverId).
    Drivers(i64, i64),
    /// Pole and this qualifying place.
    PoleAnd(i64),
}

/// What is asked of one race's qualifying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QualiAsk {
    /// The first `n` places (30: the whole order), with best times.
    Order(i64),
    /// Who went out in, or got through, a session; `count` asks how many.
    Knockouts {
        /// Which drivers.
        which: Knockout,
        /// "How many" rather than "who".
        count: bool,
    },
    /// The gap between two qualifiers in a session (1–3; 1 before 2006,
    /// when there was one session).
    Gap {
        /// The session compared.
        session: usize,
        /// Who.
        pair: GapPair,
    },
    /// A driver's position and session times; `session` names one.
    DriverTimes {
        /// drivers.driverId.
        driver: i64,
        /// The session asked about, if one was.
        session: Option<usize>,
    },
    /// The fastest (or slowest) time of a session; the pole time when no
    /// session is named.
    Fastest {
        /// The session, or `None` for the pole time.
        session: Option<usize>,
        /// The slowest time rather than the fastest.
        slowest: bool,
    },
}

/// A question about one race's qualifying.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QualiQuery<'a> {
    /// The race.
    pub race: &'a RaceInfo,
    /// What of its qualifying.
    pub ask: QualiAsk,
}

impl QualiQuery<'_> {
    /// The intent name reported.
    pub fn intent(&self) -> &'static str {
        match self.ask {
            QualiAsk::Order(_) => "qualifying_order",
            QualiAsk::Knockouts { .. } => "qualifying_knockouts",
            QualiAsk::Gap { .. } => "qualifying_gap",
            QualiAsk::DriverTimes { .. } | QualiAsk::Fastest { .. } => "qualifying_time",
        }
    }

    /// "Q2", or "qualifying" for a gap before the knockout format.
    pub fn session_name(&self, session: usize) -> String {
        if self.race.year >= KNOCKOUT_FROM {
            format!("Q{session}")
        } else {
            "qualifying".into()
        }
    }
}
