//! Faults a test can inject for requests whose path matches: what a real
//! API does on a bad day (5xx, hangs, cut bodies, renamed fields, a round
//! served twice, a round whose results are not out yet).

use std::time::Duration;

use serde_json::Value;

/// What goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this HTTP status and a short JSON error body.
    Status(u16),
    /// Wait this long before answering normally (the client should time out).
    Hang(Duration),
    /// Send only the first half of the body: truncated JSON.
    Truncate,
    /// Rename every object key `from` to `to` in the body (schema drift).
    RenameField {
        /// The key the API used to send.
        from: String,
        /// The key it sends now.
        to: String,
    },
    /// Every row of the paged list appears twice (a round served twice).
    DuplicateRows,
    /// The body of the previous round is served for this one (a round served
    /// twice, under two round numbers).
    PreviousRound,
    /// An empty table, as for a round whose results are not out yet.
    Empty,
}

/// A fault for matching requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Applies to requests whose normalised key (`2026/3/results`) contains this.
    pub path_contains: String,
    /// What happens.
    pub kind: FaultKind,
    /// How many more requests it applies to; `None` = every one.
    pub remaining: Option<u32>,
}

impl Fault {
    /// A fault for every request whose key contains `path_contains`.
    pub fn always(path_contains: &str, kind: FaultKind) -> Self {
        Fault {
            path_contains: path_contains.to_string(),
            kind,
            remaining: None,
        }
    }

    /// A fault for the next `times` matching requests only.
    pub fn times(path_contains: &str, kind: FaultKind, times: u32) -> Self {
        Fault {
            path_contains: path_contains.to_string(),
            kind,
            remaining: Some(times),
        }
    }
}

/// Takes the first fault matching `key` from `faults`, counting it down.
pub(crate) fn take(faults: &mut Vec<Fault>, key: &str) -> Option<FaultKind> {
    let index = faults.iter().position(|f| key.contains(&f.path_contains))?;
    let fault = &mut faults[index];
    let kind = fault.kind.clone();
    if let Some(n) = fault.remaining.as_mut() {
        *n = n.saturating_sub(1);
        if *n == 0 {
            faults.remove(index);
        }
    }
    Some(kind)
}

/// Renames every key `from` to `to`, recursively.
pub(crate) fn rename(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            if let Some(v) = map.remove(from) {
                map.insert(to.to_string(), v);
            }
            for v in map.values_mut() {
                rename(v, from, to);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename(v, from, to)),
        _ => {}
    }
}

/// The key of the previous round's same endpoint (`2026/3/results` ->
/// `2026/2/results`), if the key names a round after the first.
pub(crate) fn previous_round(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.split('/').collect();
    match parts.as_slice() {
        [season, round, endpoint] => {
            let r: u32 = round.parse().ok()?;
            (r > 1).then(|| format!("{season}/{}/{endpoint}", r - 1))
        }
        _ => None,
    }
}
