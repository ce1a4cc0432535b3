//! Rotation: keep the newest backup of each of the newest N UTC days and of
//! each of the newest M ISO weeks; delete the rest (snapshot and manifest).
//! The two sets overlap (today's newest is usually also this week's), so
//! at most N + M files are kept.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use super::verify::list;
use crate::StoreError;

/// What a rotation kept and deleted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RotationReport {
    /// Snapshot files kept, newest first.
    pub kept: Vec<PathBuf>,
    /// Snapshot files deleted (with their manifests), newest first.
    pub deleted: Vec<PathBuf>,
}

/// Which of `stamps` to keep: the newest of each of the `daily` newest UTC
/// days and of each of the `weekly` newest ISO weeks. Indexes into
/// `stamps`; ties (two backups in one second) go to the later index.
pub fn keep_set(stamps: &[DateTime<Utc>], daily: u32, weekly: u32) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..stamps.len()).collect();
    // Newest first; the later index first among equal times.
    order.sort_by(|a, b| stamps[*b].cmp(&stamps[*a]).then(b.cmp(a)));
    let mut keep = BTreeSet::new();
    let mut days = BTreeSet::new();
    let mut weeks = BTreeSet::new();
    for i in order {
        let day = stamps[i].date_naive();
        if days.len() < daily as usize && days.insert(day) {
            keep.insert(i);
        }
        let week = stamps[i].iso_week();
        if weeks.len() < weekly as usize && weeks.insert((week.year(), week.week())) {
            keep.insert(i);
        }
    }
    keep
}

/// Applies [`keep_set`] to the backups in `dir`; `just_written` is never
/// deleted, whatever its name says. A file that cannot be deleted is
/// reported as an error after the others were tried.
pub fn rotate(
    dir: &Path,
    daily: u32,
    weekly: u32,
    just_written: Option<&Path>,
) -> Result<RotationReport, StoreError> {
    let mut found = list(dir)?;
    // Oldest first, so ties in one second keep the later-named one.
    found.sort();
    let stamps: Vec<DateTime<Utc>> = found.iter().map(|(t, _)| *t).collect();
    let keep = keep_set(&stamps, daily, weekly);
    let mut report = RotationReport::default();
    let mut failures = Vec::new();
    for (i, (_, path)) in found.into_iter().enumerate().rev() {
        if keep.contains(&i) || just_written.is_some_and(|j| j == path) {
            report.kept.push(path);
            continue;
        }
        for file in [path.clone(), super::manifest_path(&path)] {
            match std::fs::remove_file(&file) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    failures.push(format!("{}: {e}", file.display()));
                }
                _ => {}
            }
        }
        report.deleted.push(path);
    }
    if failures.is_empty() {
        Ok(report)
    } else {
        Err(StoreError::Backup(format!(
            "rotation could not delete {}",
            failures.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        // November 2026: the 1st is a Sunday, so ISO weeks start on the
        // 2nd, 9th, 16th, 23rd and 30th.
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0)
            .single()
            .unwrap_or_else(|| panic!("bad date {d} {h}"))
    }

    fn kept(stamps: &[DateTime<Utc>], daily: u32, weekly: u32) -> Vec<String> {
        let mut v: Vec<String> = keep_set(stamps, daily, weekly)
            .into_iter()
            .map(|i| stamps[i].format("%d %H").to_string())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn newest_of_each_day_then_each_week() {
        // Two backups a day, 1st to 30th.
        let stamps: Vec<_> = (1..=30).flat_map(|d| [at(d, 6), at(d, 18)]).collect();
        // 3 days: the 30th, 29th and 28th, evening ones. 2 weeks: the week
        // of the 30th (already kept) and the week of the 23rd, whose newest
        // is the 29th (kept too): the weekly set adds nothing new.
        assert_eq!(kept(&stamps, 3, 2), ["28 18", "29 18", "30 18"]);
        // 4 weeks reach back to the weeks of the 16th and 9th: their newest
        // are Sundays the 22nd and 15th.
        assert_eq!(kept(&stamps, 1, 4), ["15 18", "22 18", "29 18", "30 18"]);
        // The week of Sunday 1st (ISO week of Oct 26th) is the sixth.
        assert_eq!(
            kept(&stamps, 0, 6).first().map(String::as_str),
            Some("01 18")
        );
        assert!(kept(&stamps, 0, 0).is_empty());
    }

    #[test]
    fn gaps_and_unsorted_input() {
        let stamps = vec![at(3, 1), at(20, 9), at(3, 2), at(19, 23), at(2, 5)];
        // Days: 20th, 19th (week of 16th), 3rd. Weeks: 16th (20th), 2nd (3rd 02h).
        assert_eq!(kept(&stamps, 2, 2), ["03 02", "19 23", "20 09"]);
        assert_eq!(kept(&stamps, 5, 0), ["02 05", "03 02", "19 23", "20 09"]);
    }
}
