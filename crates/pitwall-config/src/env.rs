//! Reading settings from a snapshot of the environment.
//!
//! The loader works on a map rather than `std::env` so that tests can give
//! each case its own environment without racing on process-global state.

use std::collections::HashMap;
use std::path::PathBuf;
use std::str::FromStr;

use secrecy::SecretString;

use crate::ConfigError;

/// A snapshot of environment variables.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// Takes a snapshot of the process environment (non-UTF-8 variables are skipped).
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars().collect(),
        }
    }

    /// Builds an environment from pairs; used by tests and embedders.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The trimmed value of `name`; an empty value counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Parses `name` with `FromStr`, naming the variable in the error.
    pub fn parse<T: FromStr>(&self, name: &str) -> Result<Option<T>, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(name) {
            None => Ok(None),
            Some(raw) => raw
                .parse::<T>()
                .map(Some)
                .map_err(|e| ConfigError::Invalid {
                    name: name.to_string(),
                    reason: e.to_string(),
                }),
        }
    }

    /// A boolean: 1/true/yes/on or 0/false/no/off.
    pub fn flag(&self, name: &str) -> Result<Option<bool>, ConfigError> {
        match self.get(name).map(str::to_ascii_lowercase).as_deref() {
            None => Ok(None),
            Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
            Some("0" | "false" | "no" | "off") => Ok(Some(false)),
            Some(_) => Err(ConfigError::Invalid {
                name: name.to_string(),
                reason: "expected true or false".to_string(),
            }),
        }
    }

    /// A path.
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        self.get(name).map(PathBuf::from)
    }

    /// A secret from `NAME` or from the file named by `NAME_FILE` (trailing
    /// newline trimmed). Setting both is an error: which one wins would be a
    /// surprise for whoever rotates the key.
    pub fn secret(&self, name: &str) -> Result<Option<SecretString>, ConfigError> {
        let file_var = format!("{name}_FILE");
        match (self.get(name), self.get(&file_var)) {
            (Some(_), Some(_)) => Err(ConfigError::Invalid {
                name: name.to_string(),
                reason: format!("set either {name} or {file_var}, not both"),
            }),
            (Some(value), None) => Ok(Some(SecretString::from(value.to_string()))),
            (None, Some(path)) => {
                let raw = std::fs::read_to_string(path).map_err(|e| ConfigError::Invalid {
                    name: file_var.clone(),
                    reason: format!("cannot read {path}: {e}"),
                })?;
                let value = raw.trim();
                if value.is_empty() {
                    return Err(ConfigError::Invalid {
                        name: file_var,
                        reason: "file is empty".into(),
                    });
                }
                Ok(Some(SecretString::from(value.to_string())))
            }
            (None, None) => Ok(None),
        }
    }
}
