//! The statistics intents count, and how each is computed in SQL.

/// The SQL expression of a driver's display name (alias `d`).
pub(crate) const DRIVER_NAME: &str = "d.forename || ' ' || d.surname";

/// A counted statistic over `results r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stat {
    Wins,
    Poles,
    Podiums,
    FastestLaps,
    Starts,
    Points,
    Dnfs,
    Titles,
}

impl Stat {
    /// Plural label, also the SQL column alias.
    pub fn label(self) -> &'static str {
        match self {
            Stat::Wins => "wins",
            Stat::Poles => "poles",
            Stat::Podiums => "podiums",
            Stat::FastestLaps => "fastest_laps",
            Stat::Starts => "starts",
            Stat::Points => "points",
            Stat::Dnfs => "dnfs",
            Stat::Titles => "titles",
        }
    }

    /// Words for sentences.
    pub fn words(self) -> &'static str {
        match self {
            Stat::FastestLaps => "fastest laps",
            Stat::Dnfs => "retirements (DNFs)",
            Stat::Starts => "race starts",
            Stat::Poles => "pole positions",
            s => s.label(),
        }
    }

    /// Row condition on `results r` (None for points and titles).
    pub fn cond(self) -> Option<&'static str> {
        match self {
            Stat::Wins => Some("r.position = 1"),
            Stat::Poles => Some("r.grid = 1"),
            Stat::Podiums => Some("r.position <= 3"),
            Stat::FastestLaps => Some("r.rank = 1"),
            Stat::Starts => Some("r.positionText NOT IN ('F', 'W')"),
            Stat::Dnfs => Some("r.positionText = 'R'"),
            Stat::Points | Stat::Titles => None,
        }
    }
}
