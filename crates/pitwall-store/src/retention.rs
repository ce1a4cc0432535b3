//! Per-plan history retention: which history rows are old enough to delete,
//! given each plan's cutoff. Kept apart from the history queries because it
//! needs the accounts too (a user's plan decides how long their rows live).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

/// The plan principals that are not stored users are on: anonymous IP
/// groups and the bootstrap and command-line admins (the app gives them the
/// anonymous plan too).
pub const NON_USER_PLAN: &str = "anonymous";

/// How long each plan's history is kept: rows asked before a plan's cutoff
/// are deleted for every principal on that plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionCutoffs {
    /// Per plan name: delete rows asked before this; `None` keeps them all.
    pub by_plan: BTreeMap<String, Option<DateTime<Utc>>>,
    /// For users on a plan missing from `by_plan` (removed from the
    /// configuration after users were put on it); `None` keeps them.
    pub other: Option<DateTime<Utc>>,
}

impl RetentionCutoffs {
    /// The latest cutoff of all: no row asked at or after it is deleted,
    /// so the prune never scans beyond it. `None` when nothing expires.
    pub fn latest(&self) -> Option<DateTime<Utc>> {
        self.by_plan
            .values()
            .flatten()
            .chain(self.other.iter())
            .copied()
            .max()
    }
}
