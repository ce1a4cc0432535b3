//! Memoised results of slow queries. Counts and rankings read the import's
//! derived aggregate tables and never get here; what still can is a scan
//! those tables do not cover (ages, streaks, counts with a qualifier such as
//! a month or a teammate), memoised after its first run.

/// Queries slower than this are memoised: their answer only changes with
/// the data.
pub(crate) const SLOW_QUERY: std::time::Duration = std::time::Duration::from_millis(2);
/// Bound on memoised results.
const MEMO_CAPACITY: usize = 512;

/// Results of slow queries, per engine (the engine is rebuilt when the data
/// changes, like the entity index).
#[derive(Debug, Default)]
pub(crate) struct Memo {
    entries: std::sync::Mutex<std::collections::HashMap<(String, String), pitwall_f1data::Table>>,
}

impl Memo {
    pub(crate) fn get(&self, key: &(String, String)) -> Option<pitwall_f1data::Table> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    pub(crate) fn put(&self, key: (String, String), table: &pitwall_f1data::Table) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= MEMO_CAPACITY {
                map.clear();
            }
            map.insert(key, table.clone());
        }
    }
}
