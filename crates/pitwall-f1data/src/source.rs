//! Where the Ergast CSV dump lives and which files it must contain.

use std::path::{Path, PathBuf};

use crate::error::ImportError;

/// The tables of `schema.sql`, in load order (parents before children, so
/// progress reads naturally). Each is loaded from `<table>.csv`.
pub const TABLES: [&str; 17] = [
    "seasons",
    "status",
    "circuits",
    "constructors",
    "drivers",
    "races",
    "results",
    "sprint_results",
    "qualifying",
    "pit_stops",
    "driver_standings",
    "constructor_standings",
    "constructor_results",
    "red_flags",
    "safety_cars",
    "fatal_accidents_drivers",
    "fatal_accidents_marshalls",
];

/// Environment variable naming the dump directory.
pub const DATA_DIR_ENV: &str = "PITWALL_F1_DATA";

/// Where the dump is looked for when nothing else is given, relative to the
/// current directory (the project's checkout sits beside `shared/`).
pub const DEFAULT_RELATIVE_DIR: &str = "../shared/f1data/ergast-csv";

/// The CSV files an import needs, e.g. `races.csv`.
pub fn required_files() -> Vec<String> {
    TABLES.iter().map(|t| format!("{t}.csv")).collect()
}

/// Finds the dump directory: `explicit` if given, else `$PITWALL_F1_DATA`,
/// else [`DEFAULT_RELATIVE_DIR`] if it exists. The error explains what to
/// download and where to put it.
pub fn find_source(explicit: Option<&Path>) -> Result<PathBuf, ImportError> {
    if let Some(dir) = explicit {
        return existing_dir(dir, "the given directory");
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return existing_dir(Path::new(&dir), DATA_DIR_ENV);
    }
    let default = Path::new(DEFAULT_RELATIVE_DIR);
    if default.is_dir() {
        return Ok(default.to_path_buf());
    }
    Err(ImportError::SourceNotFound(not_found_help(&format!(
        "no directory was given, {DATA_DIR_ENV} is not set and {DEFAULT_RELATIVE_DIR} does not exist"
    ))))
}

fn existing_dir(dir: &Path, what: &str) -> Result<PathBuf, ImportError> {
    if dir.is_dir() {
        Ok(dir.to_path_buf())
    } else {
        Err(ImportError::SourceNotFound(not_found_help(&format!(
            "{what} {} is not a directory",
            dir.display()
        ))))
    }
}

fn not_found_help(why: &str) -> String {
    format!(
        "F1 CSV data not found: {why}.\n\
         Download the Ergast-format CSV dump (the Ergast database's CSV export, or a \
         continuation of it such as the TracingInsights RaceData archive) and unpack it \
         so that one directory holds these files:\n  {}\n\
         Put that directory at {DEFAULT_RELATIVE_DIR} (relative to where you run pitwall), \
         or point {DATA_DIR_ENV} at it, or pass the directory explicitly.",
        required_files().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_explicit_dir_explains_what_to_download() {
        let err = find_source(Some(Path::new("/nonexistent/pitwall-dump"))).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("/nonexistent/pitwall-dump"), "{msg}");
        assert!(msg.contains(DATA_DIR_ENV), "{msg}");
        for file in required_files() {
            assert!(msg.contains(&file), "{file} not named in {msg}");
        }
    }

    #[test]
    fn explicit_dir_wins() {
        let dir = std::env::temp_dir();
        assert_eq!(find_source(Some(&dir)).unwrap(), dir);
    }
}
