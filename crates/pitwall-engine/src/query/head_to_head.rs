//! The typed query of a head-to-head: how often each of two drivers
//! finished or qualified ahead of the other, in the races both entered
//! (in one season or all).

/// Which order is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Duel {
    /// Race finishing order (`results.positionOrder`: a classified finish
    /// ahead of a retirement).
    Race,
    /// Qualifying order (`qualifying.position`).
    Qualifying,
}

/// A head-to-head between two drivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HeadToHead {
    /// The first driver named (drivers.driverId).
    pub first: i64,
    /// The second driver named.
    pub second: i64,
    /// Which order.
    pub duel: Duel,
    /// One season, or every race both entered.
    pub season: Option<i64>,
    /// Neither "qualifying" nor "ahead" was said ("Hamilton vs Rosberg in
    /// 2016"): the race head-to-head is assumed, less confidently.
    pub assumed: bool,
}
