//! The raw response cache on disk, keyed by URL: one JSON file per URL,
//! written atomically (temp + rename) as soon as a response arrives, so a
//! sync killed mid-way resumes from what it already fetched.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::SyncError;

/// How long a cached response stays fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Freshness {
    /// A finished season: it never changes.
    Forever,
    /// The current season: until its next scheduled session.
    Until(DateTime<Utc>),
}

/// One cached response.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The URL it answers.
    pub url: String,
    /// The body as received.
    pub body: String,
    /// The server's `ETag`, for `If-None-Match`.
    pub etag: Option<String>,
    /// The server's `Last-Modified`, for `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When it stops being fresh.
    pub freshness: Freshness,
}

impl Entry {
    /// Whether it may be used without asking the server at `now`.
    pub fn is_fresh(&self, now: DateTime<Utc>) -> bool {
        match self.freshness {
            Freshness::Forever => true,
            Freshness::Until(t) => now < t,
        }
    }
}

/// The cache directory.
#[derive(Debug, Clone)]
pub struct ResponseCache {
    dir: PathBuf,
}

impl ResponseCache {
    /// A cache in `dir` (created if missing).
    pub fn open(dir: &Path) -> Result<Self, SyncError> {
        std::fs::create_dir_all(dir).map_err(|e| SyncError::io(dir, e))?;
        Ok(ResponseCache {
            dir: dir.to_path_buf(),
        })
    }

    fn file_of(&self, url: &str) -> PathBuf {
        // FNV-1a of the URL: stable across builds, unlike std's hasher.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in url.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.dir.join(format!("{h:016x}.json"))
    }

    /// The entry for `url`, if any (a corrupt file counts as none).
    pub fn get(&self, url: &str) -> Option<Entry> {
        let text = std::fs::read_to_string(self.file_of(url)).ok()?;
        serde_json::from_str::<Entry>(&text)
            .ok()
            .filter(|e| e.url == url)
    }

    /// Stores `entry`, replacing any older one atomically.
    pub fn put(&self, entry: &Entry) -> Result<(), SyncError> {
        let path = self.file_of(&entry.url);
        let temp = path.with_extension(format!("tmp-{}", std::process::id()));
        let text = serde_json::to_string(entry).map_err(|e| SyncError::BadResponse {
            url: entry.url.clone(),
            reason: format!("cannot cache: {e}"),
        })?;
        std::fs::write(&temp, text).map_err(|e| SyncError::io(&temp, e))?;
        std::fs::rename(&temp, &path).map_err(|e| SyncError::io(&path, e))
    }

    /// Changes how long `url`'s entry stays fresh (after the schedule that
    /// decides it has been read).
    pub fn restamp(&self, url: &str, freshness: Freshness) -> Result<(), SyncError> {
        match self.get(url) {
            Some(mut entry) if entry.freshness != freshness => {
                entry.freshness = freshness;
                self.put(&entry)
            }
            _ => Ok(()),
        }
    }
}
