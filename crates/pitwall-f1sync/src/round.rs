//! Domain types: a season, a round of it, and when a session starts.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::error::SyncError;

/// One round of one season, ordered by season then round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RoundRef {
    /// The championship year.
    pub season: i64,
    /// The round number within it (1-based).
    pub round: i64,
}

impl fmt::Display for RoundRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.season, self.round)
    }
}

impl FromStr for RoundRef {
    type Err = SyncError;

    /// Parses `SEASON/ROUND`, e.g. `2026/11` (the CLI's `--until`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || SyncError::Config(format!("{s:?} is not SEASON/ROUND, e.g. 2026/11"));
        let (season, round) = s.split_once('/').ok_or_else(bad)?;
        let season: i64 = season.trim().parse().map_err(|_| bad())?;
        let round: i64 = round.trim().parse().map_err(|_| bad())?;
        if !(1950..=2999).contains(&season) || !(1..=99).contains(&round) {
            return Err(bad());
        }
        Ok(RoundRef { season, round })
    }
}

/// A session start from the API's `date` and optional `time` (`HH:MM:SSZ`);
/// without a time, noon UTC, so a date-only race counts as run by evening.
pub fn session_start(date: &str, time: Option<&str>) -> Option<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let clock = time
        .map(|t| t.trim_end_matches('Z'))
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok())
        .unwrap_or(NaiveTime::from_hms_opt(12, 0, 0)?);
    Some(day.and_time(clock).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_until() {
        let r: RoundRef = "2026/11".parse().unwrap_or(RoundRef {
            season: 0,
            round: 0,
        });
        assert_eq!(
            r,
            RoundRef {
                season: 2026,
                round: 11
            }
        );
        assert!("2026".parse::<RoundRef>().is_err());
        assert!("2026/0".parse::<RoundRef>().is_err());
    }

    #[test]
    fn session_times() {
        let t = session_start("2026-03-08", Some("04:00:00Z")).map(|t| t.to_rfc3339());
        assert_eq!(t.as_deref(), Some("2026-03-08T04:00:00+00:00"));
        assert!(session_start("2026-03-08", None).is_some());
    }
}
