//! The recorded responses: the replay files (`{season}/{round}/{endpoint}.json`,
//! re-paged on every request) and the real fixtures (file names with `@`
//! for `/` and `^` for `?`, served verbatim), looked up by request path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::StandinError;

/// The endpoints a round has, in the replay's file names.
pub const ROUND_ENDPOINTS: [&str; 5] = [
    "results",
    "qualifying",
    "sprint",
    "driverstandings",
    "constructorstandings",
];

/// Every response the stand-in can serve, parsed once at start.
#[derive(Debug, Default)]
pub(crate) struct Store {
    /// Replay bodies by key (`2026/3/results`, `2026/races`).
    replay: HashMap<String, Value>,
    /// Fixture bodies by key, with `?query` appended when the file had one.
    fixtures: HashMap<String, String>,
}

/// One lookup's answer before faults and paging.
pub(crate) enum Found {
    /// A replay body, to be paged.
    Replay(Value),
    /// A fixture body, served as recorded.
    Fixture(String),
    /// A known endpoint with no data yet: an empty table, as the API sends
    /// for a round not yet run.
    Empty(Value),
    /// Nothing like it.
    Missing,
}

impl Store {
    /// Loads the replay and fixture directories (either may be absent).
    pub(crate) fn load(
        replay: Option<&Path>,
        fixtures: Option<&Path>,
    ) -> Result<Self, StandinError> {
        let mut store = Store::default();
        if let Some(dir) = replay {
            for file in walk(dir)? {
                let Ok(rel) = file.strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                let Some(key) = rel.strip_suffix(".json") else {
                    continue;
                };
                let text = read(&file)?;
                let body: Value = serde_json::from_str(&text)
                    .map_err(|e| StandinError::Data(format!("{}: {e}", file.display())))?;
                store.replay.insert(key.to_string(), body);
            }
        }
        if let Some(dir) = fixtures {
            for file in walk(dir)? {
                let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                let Some(name) = name else { continue };
                let (path, query) = match name.split_once('^') {
                    Some((p, q)) => (p.to_string(), Some(q.to_string())),
                    None => (name.clone(), None),
                };
                let Some(path) = path.strip_suffix(".json") else {
                    continue;
                };
                let mut key = path.replace('@', "/");
                if let Some(q) = query {
                    key = format!("{key}?{q}");
                }
                store.fixtures.insert(key, read(&file)?);
            }
        }
        Ok(store)
    }

    /// How many responses were loaded (replay, fixtures).
    pub(crate) fn sizes(&self) -> (usize, usize) {
        (self.replay.len(), self.fixtures.len())
    }

    /// The response for a normalised key (`2026/3/results`) and the raw
    /// query string.
    pub(crate) fn find(&self, key: &str, query: Option<&str>) -> Found {
        if let Some(body) = self.replay.get(key) {
            return Found::Replay(body.clone());
        }
        if let Some(q) = query.filter(|q| !q.is_empty()) {
            if let Some(text) = self.fixtures.get(&format!("{key}?{q}")) {
                return Found::Fixture(text.clone());
            }
        }
        if let Some(text) = self.fixtures.get(key) {
            return Found::Fixture(text.clone());
        }
        match empty_for(key) {
            Some(body) => Found::Empty(body),
            None => Found::Missing,
        }
    }
}

/// The empty body of a season schedule or of a round's endpoint.
pub(crate) fn empty_for(key: &str) -> Option<Value> {
    let parts: Vec<&str> = key.split('/').collect();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [season, "races"] if numeric(season) => Some(wrap(
            key,
            json!({"RaceTable": {"season": season, "Races": []}}),
        )),
        [season, round, endpoint] if numeric(season) && numeric(round) => {
            let table = match *endpoint {
                "driverstandings" | "constructorstandings" => {
                    json!({"StandingsTable": {"season": season, "round": round, "StandingsLists": []}})
                }
                "results" | "qualifying" | "sprint" | "pitstops" | "laps" => {
                    json!({"RaceTable": {"season": season, "round": round, "Races": []}})
                }
                _ => return None,
            };
            Some(wrap(key, table))
        }
        _ => None,
    }
}

/// An `MRData` envelope around `table` with total 0.
fn wrap(key: &str, table: Value) -> Value {
    let mut mr = json!({
        "xmlns": "", "series": "f1",
        "url": format!("http://api.jolpi.ca/ergast/f1/{key}/"),
        "limit": "30", "offset": "0", "total": "0",
    });
    if let (Some(obj), Some(t)) = (mr.as_object_mut(), table.as_object()) {
        for (k, v) in t {
            obj.insert(k.clone(), v.clone());
        }
    }
    json!({ "MRData": mr })
}

/// The list an endpoint pages over, inside an `MRData` body.
pub(crate) fn paged_list(body: &mut Value) -> Option<&mut Vec<Value>> {
    let mr = body.get_mut("MRData")?;
    if mr.get("StandingsTable").is_some() {
        let list = mr.pointer_mut("/StandingsTable/StandingsLists/0")?;
        let name = if list.get("DriverStandings").is_some() {
            "DriverStandings"
        } else {
            "ConstructorStandings"
        };
        return list.get_mut(name)?.as_array_mut();
    }
    let is_schedule = mr.pointer("/RaceTable/round").is_none();
    if is_schedule {
        return mr.pointer_mut("/RaceTable/Races")?.as_array_mut();
    }
    let race = mr.pointer_mut("/RaceTable/Races/0")?;
    let name = ["Results", "QualifyingResults", "SprintResults"]
        .into_iter()
        .find(|n| race.get(*n).is_some())?;
    race.get_mut(name)?.as_array_mut()
}

/// Cuts a replay body to `offset..offset + limit` and writes the paging
/// fields as the API does (`limit` capped at 100, default 30).
pub(crate) fn page(mut body: Value, key: &str, limit: usize, offset: usize) -> Value {
    if let Some(list) = paged_list(&mut body) {
        let total = list.len();
        let kept: Vec<Value> = list.iter().skip(offset).take(limit).cloned().collect();
        *list = kept;
        if let Some(mr) = body.get_mut("MRData").and_then(Value::as_object_mut) {
            mr.insert("total".into(), Value::String(total.to_string()));
        }
    }
    if let Some(mr) = body.get_mut("MRData").and_then(Value::as_object_mut) {
        mr.insert("limit".into(), Value::String(limit.to_string()));
        mr.insert("offset".into(), Value::String(offset.to_string()));
        mr.insert(
            "url".into(),
            Value::String(format!("http://api.jolpi.ca/ergast/f1/{key}/")),
        );
    }
    body
}

fn read(path: &Path) -> Result<String, StandinError> {
    std::fs::read_to_string(path)
        .map_err(|e| StandinError::Data(format!("{}: {e}", path.display())))
}

/// Every regular file under `dir`, recursively, sorted.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, StandinError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| StandinError::Data(format!("{}: {e}", d.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.is_file() {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
